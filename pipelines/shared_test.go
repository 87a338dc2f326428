package pipelines_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// corpusDir is the shared corpus beside the repository (relative to the
// repository root).
var corpusDir = filepath.Join("..", "shared", "corpus")

// TestSharedScores runs the pipeline on the shared corpora and scores the
// facts against their truth the way `../shared/tools/score --strict` does: a
// fact is (doc, table, flow, column, row_kind, every code, folded item,
// sub_unit) with an exact amount; precision counts the tables the truth
// labels. Synthetic and real truth documents must score 1.0 (issues 2, 3),
// and so must the city truth documents, which all four do (issue 7 asks
// for 0.995 together and 0.99 each).
func TestSharedScores(t *testing.T) {
	inRepoRoot(t)
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("SKIP: shared corpus not found at %s (../shared beside the repository): %v", corpusDir, err)
	}
	tests := []struct {
		name, input, truth string
		min, overall       float64
		lineage            bool // page, row, row_kind and code_source as in the truth too
	}{
		{"synthetic", "synthetic/files", "synthetic/truth", 1, 1, true},
		{"real", "real", "real-truth", 1, 1, true},
		{"cities", "cities", "cities-truth", 1, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, sum := run(t, 2, filepath.Join(corpusDir, tt.input))
			if sum.Failed != 0 {
				t.Errorf("%d documents failed, want 0", sum.Failed)
			}
			if tt.name == "cities" {
				cityQuality(t, out)
			}
			noFigureNames(t, out)
			truth := loadFacts(t, filepath.Join(corpusDir, tt.truth))
			got := loadFacts(t, filepath.Join(out, "facts.csv"))
			var all, allGot = map[factKey]int{}, map[factKey]int{}
			for doc, want := range truth.byDoc {
				for k, n := range want {
					all[k] += n
				}
				for k, n := range got.byDoc[doc] {
					allGot[k] += n
				}
			}
			if r, p := score(all, allGot); r < tt.overall || p < tt.overall {
				t.Errorf("%s overall: recall %.4f precision %.4f, want both >= %.3f", tt.name, r, p, tt.overall)
			}
			for doc, want := range truth.byDoc {
				recall, precision := score(want, got.byDoc[doc])
				t.Logf("%s %s recall %.4f precision %.4f (%d truth facts)", tt.name, doc, recall, precision, len(want))
				if recall < tt.min || precision < tt.min {
					t.Errorf("%s: recall %.4f precision %.4f, want both >= %.3f; first differences:\n%s",
						doc, recall, precision, tt.min, differences(want, got.byDoc[doc], 10))
				}
				lost, examples := 0, []string{}
				for k, n := range truth.lineage[doc] {
					if got.byDoc[doc][truth.keyOf[k]] == 0 {
						continue // a fact not produced at all: recall counts it
					}
					if d := n - got.lineage[doc][k]; d > 0 {
						lost += d
						examples = append(examples, k)
					}
				}
				if lost > 0 && tt.lineage {
					sort.Strings(examples)
					t.Errorf("%s: %d truth facts found with another page, row or code_source, e.g. %q",
						doc, lost, examples[:min(3, len(examples))])
				}
			}
		})
	}
}

// TestSharedRealDocuments checks the statuses issue 3 asks of the real
// corpus: no document fails, the templates are templates, and the altered
// 决算 fails a check.
func TestSharedRealDocuments(t *testing.T) {
	inRepoRoot(t)
	real := filepath.Join(corpusDir, "real")
	if _, err := os.Stat(real); err != nil {
		t.Skipf("SKIP: real corpus not found at %s: %v", real, err)
	}
	out, _ := run(t, 2, real)
	templates := 0
	for _, d := range readCSV(t, filepath.Join(out, "documents.csv")) {
		base := filepath.Base(d["source"])
		isTemplate := strings.Contains(d["error"], "template")
		switch {
		case d["status"] == "failed":
			t.Errorf("%s failed: %s", d["source"], d["error"])
		case strings.Contains(base, "template"):
			if !isTemplate || d["facts"] != "0" {
				t.Errorf("%s: facts %s error %q, want a template with no facts", base, d["facts"], d["error"])
			}
			templates++
		case strings.HasPrefix(base, "altered"):
			if d["checks_failed"] == "0" {
				t.Errorf("%s: no failing check", base)
			}
		case isTemplate:
			t.Errorf("%s: reported as a template", base)
		}
	}
	if templates != 4 {
		t.Errorf("%d templates found, want 4 (the 决算 template PDF and 3 Excel templates)", templates)
	}
}

// factKey identifies a fact as the scorer does with --strict: key is the
// code or folded item the plain scorer compares, strict the row_kind, codes,
// folded item and sub_unit it adds.
type factKey struct{ doc, table, flow, column, key, strict, amount string }

// factSet holds a facts file by document; lineage counts each fact with
// where it was printed (page and row) and its row_kind and code_source,
// which the scorer does not compare.
type factSet struct {
	byDoc   map[string]map[factKey]int
	lineage map[string]map[string]int
	keyOf   map[string]factKey // the fact a lineage entry is of
}

func lineageKey(k factKey, r map[string]string) string {
	return fmt.Sprint(k, r["page"], r["row"], r["row_kind"], r["code_source"])
}

// loadFacts reads a facts.csv, or every *facts.csv under a directory.
func loadFacts(t *testing.T, path string) factSet {
	t.Helper()
	files := []string{path}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*facts.csv"))
	}
	if len(files) == 0 {
		t.Fatalf("no facts files at %s", path)
	}
	fs := factSet{byDoc: map[string]map[factKey]int{}, lineage: map[string]map[string]int{}, keyOf: map[string]factKey{}}
	for _, f := range files {
		for _, r := range readCSV(t, f) {
			k := factKey{doc: r["doc_id"], table: r["table"], flow: r["flow"], column: r["column"],
				strict: strings.Join([]string{r["row_kind"], r["func_code"], r["econ_code"], r["gov_econ_code"],
					foldItem(r["item"]), foldItem(r["sub_unit"])}, "|")}
			switch {
			case r["func_code"] != "":
				k.key = "F" + r["func_code"]
			case r["econ_code"] != "":
				k.key = "E" + r["econ_code"]
			default:
				k.key = "I" + foldItem(r["item"])
			}
			a, err := decimal.NewFromString(strings.ReplaceAll(r["amount_yuan"], ",", ""))
			if err != nil {
				t.Fatalf("%s: amount %q: %v", f, r["amount_yuan"], err)
			}
			k.amount = a.String()
			if fs.byDoc[r["doc_id"]] == nil {
				fs.byDoc[r["doc_id"]] = map[factKey]int{}
			}
			fs.byDoc[r["doc_id"]][k]++
			if fs.lineage[r["doc_id"]] == nil {
				fs.lineage[r["doc_id"]] = map[string]int{}
			}
			fs.lineage[r["doc_id"]][lineageKey(k, r)]++
			fs.keyOf[lineageKey(k, r)] = k
		}
	}
	return fs
}

var ordinalPrefix = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|[①-⑳])\s*`)

// foldItem folds a label as the scorer does: full-width ASCII forms to
// half-width, no ordinal prefix, no white space, curly double quotes to ".
func foldItem(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
	s = ordinalPrefix.ReplaceAllString(s, "")
	s = strings.Join(strings.Fields(s), "")
	return strings.NewReplacer("“", `"`, "”", `"`).Replace(s)
}

// score returns recall (truth facts produced) and precision (produced facts
// in the tables the truth labels that are in the truth).
func score(truth, got map[factKey]int) (recall, precision float64) {
	labelled := map[[2]string]bool{}
	nTruth := 0
	for k, n := range truth {
		labelled[[2]string{k.doc, k.table}] = true
		nTruth += n
	}
	right, produced := 0, 0
	for k, n := range got {
		if !labelled[[2]string{k.doc, k.table}] {
			continue
		}
		produced += n
		right += min(n, truth[k])
	}
	if nTruth > 0 {
		recall = float64(right) / float64(nTruth)
	}
	if produced > 0 {
		precision = float64(right) / float64(produced)
	}
	return recall, precision
}

// differences lists up to n missing and unexpected facts.
func differences(truth, got map[factKey]int, n int) string {
	var b strings.Builder
	shown := 0
	for k, c := range truth {
		if got[k] < c && shown < n {
			fmt.Fprintf(&b, "  missing    %v\n", k)
			shown++
		}
	}
	labelled := map[string]bool{}
	for k := range truth {
		labelled[k.table] = true
	}
	for k, c := range got {
		if labelled[k.table] && truth[k] < c && shown < 2*n {
			fmt.Fprintf(&b, "  unexpected %v\n", k)
			shown++
		}
	}
	return b.String()
}

// quality is what ../shared/tools/quality measures of a run.
type quality struct {
	checks, arithmetic               float64 // passing share of checks, of arithmetic checks
	noLabel, rawColumn, dupKey       float64 // shares of facts
	conventionalRaw                  float64 // raw: columns CONVENTIONS.md makes raw (rule 6, G3, X2)
	facts, failedDocs, arithmeticRun int
}

// conventionalRaw are the headers CONVENTIONS.md keeps as raw:… in every
// document that prints them (rule 6, G3, X2, P1).
var conventionalRaw = regexp.MustCompile(`^raw:(?:事业单位经营支出|对附属单位补助支出|上缴上级支出|其他资金|教育收费|其他专户收入拨款|扣除基建项目后预算数|上年实户资金余额|2026年政府采购项目.*|上年结转结余/.*|专项资金列入部门预算.*)$`)

// measureQuality reads a run's output directory as tools/quality does.
func measureQuality(t *testing.T, out string) quality {
	t.Helper()
	var q quality
	for _, d := range readCSV(t, filepath.Join(out, "documents.csv")) {
		if d["status"] == "failed" {
			q.failedDocs++
		}
	}
	var pass, fail, apass, afail int
	for _, c := range readCSV(t, filepath.Join(out, "checks.csv")) {
		arith := false
		for _, f := range []string{"column_sum", "children_sum", "balance", "cross_table", "three_public_sum"} {
			arith = arith || strings.HasPrefix(c["check"], f)
		}
		switch c["status"] {
		case "pass":
			pass++
			if arith {
				apass++
			}
		case "fail":
			fail++
			if arith {
				afail++
			}
		}
	}
	keys := map[string]int{}
	var noLabel, raw, conv int
	facts := readCSV(t, filepath.Join(out, "facts.csv"))
	for _, f := range facts {
		if f["func_code"]+f["econ_code"]+f["gov_econ_code"]+strings.TrimSpace(f["item"]) == "" {
			noLabel++
		}
		if strings.HasPrefix(f["column"], "raw:") {
			raw++
			if conventionalRaw.MatchString(f["column"]) {
				conv++
			}
		}
		keys[strings.Join([]string{f["doc_id"], f["table"], f["flow"], f["page"], f["row"], f["column"], f["func_code"],
			f["econ_code"], f["gov_econ_code"], f["item"], f["sub_unit"]}, "\x00")]++
	}
	dup := 0
	for _, n := range keys {
		if n > 1 {
			dup += n
		}
	}
	n := float64(max(1, len(facts)))
	q.facts, q.arithmeticRun = len(facts), apass+afail
	q.checks = float64(pass) / float64(max(1, pass+fail))
	q.arithmetic = float64(apass) / float64(max(1, apass+afail))
	q.noLabel, q.rawColumn, q.dupKey, q.conventionalRaw = float64(noLabel)/n, float64(raw)/n, float64(dup)/n, float64(conv)/n
	return q
}

// figureText is text that is a figure (372.56, 100.00%, -1,200).
var figureText = regexp.MustCompile(`^-?[0-9][0-9,]*(?:\.[0-9]+)?%?$`)

// noFigureNames asserts what neither truth nor the quality measures see on
// documents without truth: no fact is named by a figure (an item 100.00%
// from a column of rates) and no sub_unit is a figure or a kind of money
// (372.56, 决算数 read as a unit's name).
func noFigureNames(t *testing.T, out string) {
	t.Helper()
	bad := 0
	for _, f := range readCSV(t, filepath.Join(out, "facts.csv")) {
		if figureText.MatchString(f["item"]) || figureText.MatchString(f["sub_unit"]) || f["sub_unit"] == "预算数" || f["sub_unit"] == "决算数" {
			if bad++; bad <= 5 {
				t.Errorf("%s page %s row %s %s: item %q, sub_unit %q: a figure or a kind of money as a name",
					f["source"], f["page"], f["row"], f["table"], f["item"], f["sub_unit"])
			}
		}
	}
	if bad > 5 {
		t.Errorf("… %d facts named by a figure in all", bad)
	}
}

// cityQuality asserts the quality floors of issue 7 on the 146 city budgets,
// tighter than the issue asks where the reader is already past it, so that
// a regression shows: checks (0.98 asked), arithmetic (0.985 asked),
// no_label (0.005 asked), raw_column not made raw by CONVENTIONS (0.03 asked
// of all raw columns; CONVENTIONS makes about 10.7% of these facts raw:… on
// purpose, see conventionalRaw) and dup_key (0.001 asked; met, though the
// grouping rows of 4-block summaries repeat one key by CONVENTIONS X3/X4,
// 0.08%).
func cityQuality(t *testing.T, out string) {
	q := measureQuality(t, out)
	t.Logf("cities quality: checks %.4f arithmetic %.4f no_label %.4f raw_column %.4f (of which by convention %.4f) dup_key %.4f, %d facts",
		q.checks, q.arithmetic, q.noLabel, q.rawColumn, q.conventionalRaw, q.dupKey, q.facts)
	floors := []struct {
		name       string
		got, floor float64
		atMost     bool
	}{
		{"checks", q.checks, 0.995, false},
		{"arithmetic", q.arithmetic, 0.995, false},
		{"no_label", q.noLabel, 0.001, true},
		{"raw_column not by convention", q.rawColumn - q.conventionalRaw, 0.005, true},
		{"dup_key", q.dupKey, 0.001, true},
	}
	for _, f := range floors {
		if (f.atMost && f.got > f.floor) || (!f.atMost && f.got < f.floor) {
			t.Errorf("cities %s = %.4f, want %s %.4f", f.name, f.got, map[bool]string{true: "<=", false: ">="}[f.atMost], f.floor)
		}
	}
	if q.failedDocs != 0 {
		t.Errorf("cities: %d documents failed, want 0", q.failedDocs)
	}
	// Every table whose rows print figures gives facts.
	var unread []string
	for _, c := range readCSV(t, filepath.Join(out, "checks.csv")) {
		if c["check"] == string(dataset.CheckCrossTableUnread) {
			unread = append(unread, c["detail"])
		}
	}
	if len(unread) > 0 {
		t.Errorf("cities: %d tables print figures and give no fact, want none:\n%s", len(unread), strings.Join(unread, "\n"))
	}
}
