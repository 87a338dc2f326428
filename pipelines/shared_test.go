package pipelines_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// corpusDir is the shared corpus beside the repository (relative to the
// repository root).
var corpusDir = filepath.Join("..", "shared", "corpus")

// TestSharedScores runs the pipeline on the shared corpora and scores the
// facts against their truth the way ../shared/tools/score does: a fact is
// (doc, table, flow, column, code or folded item) with an exact amount;
// precision counts the tables the truth labels. Synthetic documents must
// score 1.0; the real truth documents at least 0.998 each (issue 3).
func TestSharedScores(t *testing.T) {
	inRepoRoot(t)
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("SKIP: shared corpus not found at %s (../shared beside the repository): %v", corpusDir, err)
	}
	tests := []struct {
		name, input, truth string
		min                float64
	}{
		{"synthetic", "synthetic/files", "synthetic/truth", 1},
		{"real", "real", "real-truth", 0.998},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, sum := run(t, 2, filepath.Join(corpusDir, tt.input))
			if sum.Failed != 0 {
				t.Errorf("%d documents failed, want 0", sum.Failed)
			}
			truth := loadFacts(t, filepath.Join(corpusDir, tt.truth))
			got := loadFacts(t, filepath.Join(out, "facts.csv"))
			for doc, want := range truth.byDoc {
				recall, precision := score(want, got.byDoc[doc])
				t.Logf("%s %s recall %.4f precision %.4f (%d truth facts)", tt.name, doc, recall, precision, len(want))
				if recall < tt.min || precision < tt.min {
					t.Errorf("%s: recall %.4f precision %.4f, want both >= %.3f; first differences:\n%s",
						doc, recall, precision, tt.min, differences(want, got.byDoc[doc], 10))
				}
				lost, examples := 0, []string{}
				for k, n := range truth.lineage[doc] {
					if d := n - got.lineage[doc][k]; d > 0 {
						lost += d
						examples = append(examples, k)
					}
				}
				if lost > 0 {
					sort.Strings(examples)
					t.Errorf("%s: %d truth facts found with another page, row, row_kind or code_source, e.g. %q",
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

// factKey identifies a fact as the scorer does.
type factKey struct{ table, flow, column, key, amount string }

// factSet holds a facts file by document; lineage counts each fact with
// where it was printed (page and row) and its row_kind and code_source,
// which the scorer does not compare.
type factSet struct {
	byDoc   map[string]map[factKey]int
	lineage map[string]map[string]int
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
	fs := factSet{byDoc: map[string]map[factKey]int{}, lineage: map[string]map[string]int{}}
	for _, f := range files {
		for _, r := range readCSV(t, f) {
			k := factKey{table: r["table"], flow: r["flow"], column: r["column"]}
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
			fs.lineage[r["doc_id"]][fmt.Sprint(k, r["page"], r["row"], r["row_kind"], r["code_source"])]++
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
	labelled := map[string]bool{}
	nTruth := 0
	for k, n := range truth {
		labelled[k.table] = true
		nTruth += n
	}
	right, produced := 0, 0
	for k, n := range got {
		if !labelled[k.table] {
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
