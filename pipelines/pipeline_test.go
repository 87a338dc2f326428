package pipelines_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/load"
	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite golden files")

// outputs are the files every run writes.
var outputs = []string{"facts.csv", "documents.csv", "checks.csv", "schema.json"}

// Files in samples/ (see samples/gen).
const (
	seedXLSX = "samples/jincheng-2026.xlsx"
	yuanXLSX = "samples/yangcheng-yuan-2026.xlsx"
)

// inRepoRoot makes the repository root the working directory, so that the
// source column reads samples/… exactly as in the README's run command.
func inRepoRoot(t *testing.T) {
	t.Helper()
	t.Chdir("..")
}

// run runs the pipeline on inputs with workers workers into a temporary
// directory and returns that directory and the summary.
func run(t *testing.T, workers int, inputs ...string) (string, pipelines.Summary) {
	t.Helper()
	out := t.TempDir()
	sum, err := pipelines.Run(context.Background(), pipelines.Config{Inputs: inputs, Sinks: csvSink(t, out), Workers: workers})
	if err != nil {
		t.Fatalf("Run(%v): %v", inputs, err)
	}
	return out, sum
}

// csvSink is the run's CSV output into dir, as the CLI's default.
func csvSink(t *testing.T, dir string) []load.Sink {
	t.Helper()
	s, err := load.NewCSV(dir, load.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return []load.Sink{s}
}

// TestGolden runs the pipeline on samples/ (xlsx, PDF, split-code xlsx) and
// compares the three CSV files byte for byte with samples/expected. Run
// with -update to rewrite them after an intended change.
func TestGolden(t *testing.T) {
	inRepoRoot(t)
	out, sum := run(t, 4, "samples/")
	if sum.Failed != 0 {
		t.Errorf("%d documents failed, want 0", sum.Failed)
	}
	if e := sum.Report.Engines; len(e) != 1 || e[extract.EngineGo] != 3 {
		t.Errorf("report's PDF engines = %v, want the 3 sample PDFs read by %q", e, extract.EngineGo)
	}
	for _, name := range outputs {
		got := readFile(t, filepath.Join(out, name))
		golden := filepath.Join("samples", "expected", name)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if want := readFile(t, golden); !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (go test ./pipelines -run TestGolden -update rewrites it):\n%s",
				name, golden, firstDiff(got, want))
		}
	}
}

// TestWorkersDeterministic checks that the output does not depend on the
// number of workers.
func TestWorkersDeterministic(t *testing.T) {
	inRepoRoot(t)
	one, _ := run(t, 1, "samples/")
	four, _ := run(t, 4, "samples/")
	for _, name := range outputs {
		a, b := readFile(t, filepath.Join(one, name)), readFile(t, filepath.Join(four, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: workers 1 and 4 differ:\n%s", name, firstDiff(a, b))
		}
	}
}

// TestAlteredAmountFails changes one published amount of the seed workbook
// (表三 社会保障和就业支出 98.95 → 98.05) and expects a sum check to fail
// naming that table and row.
func TestAlteredAmountFails(t *testing.T) {
	inRepoRoot(t)
	altered := filepath.Join(t.TempDir(), "altered.xlsx")
	alterCell(t, seedXLSX, altered, "表三", "社会保障和就业支出", 98.05)
	out, _ := run(t, 1, altered)

	var hit []map[string]string
	for _, c := range readCSV(t, filepath.Join(out, "checks.csv")) {
		sum := c["check"] == "children_sum" || c["check"] == "column_sum"
		if sum && c["status"] == "fail" && c["table"] == "expense" && c["item"] == "社会保障和就业支出" {
			hit = append(hit, c)
		}
	}
	if len(hit) == 0 {
		t.Fatalf("no failed children_sum/column_sum check for expense 社会保障和就业支出 in checks.csv")
	}
	for _, c := range hit {
		if !strings.Contains(c["detail"], "表三") || !strings.Contains(c["detail"], "row 5") {
			t.Errorf("check %s detail %q: want it to name sheet 表三 and row 5", c["check"], c["detail"])
		}
	}
	docs := readCSV(t, filepath.Join(out, "documents.csv"))
	if len(docs) != 1 || docs[0]["status"] != "warnings" || docs[0]["checks_failed"] == "0" {
		t.Errorf("documents.csv = %v, want one document with status warnings and failed checks", docs)
	}
}

// TestRoundingTolerance checks the seed's own 尾差: 工资福利支出 492.18 万元
// against its items summing to 492.16 passes within the tolerance.
func TestRoundingTolerance(t *testing.T) {
	inRepoRoot(t)
	out, _ := run(t, 1, seedXLSX)
	found := false
	for _, c := range readCSV(t, filepath.Join(out, "checks.csv")) {
		if c["check"] != "children_sum" || c["table"] != "basic_econ" || c["item"] != "工资福利支出" {
			continue
		}
		found = true
		if c["expected_yuan"] != "4921800" || c["actual_yuan"] != "4921600" || c["status"] != "pass" {
			t.Errorf("工资福利支出 check = expected %s actual %s status %s (tolerance %s), want 4921800 4921600 pass",
				c["expected_yuan"], c["actual_yuan"], c["status"], c["tolerance_yuan"])
		}
	}
	if !found {
		t.Fatal("no children_sum check for basic_econ 工资福利支出")
	}
}

// alterCell copies the workbook src to dst with the amount in the row of
// sheet whose label is item (first amount column) set to v.
func alterCell(t *testing.T, src, dst, sheet, item string, v float64) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, text := range row {
			if text != item || c+1 >= len(row) {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+2, r+1)
			if err := f.SetCellFloat(sheet, ref, v, 2, 64); err != nil {
				t.Fatal(err)
			}
			if err := f.SaveAs(dst); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%s sheet %s: no row %s", src, sheet, item)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readCSV reads a CSV file into one map per row, keyed by the header.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, path))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, v := range rec {
			m[recs[0][i]] = v
		}
		rows = append(rows, m)
	}
	return rows
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, gl, wl)
		}
	}
	return "(same lines)"
}

// TestBorderlessSameFacts checks that the PDFs printed without cell borders
// (tables that only text alignment delimits) give the same facts, on the
// same pages and rows, as the bordered PDF and the workbook they were made
// from.
func TestBorderlessSameFacts(t *testing.T) {
	inRepoRoot(t)
	pairs := [][2]string{
		{"samples/jincheng-2026-noborders.pdf", "samples/jincheng-2026.pdf"},
		{"samples/yangcheng-yuan-2026-noborders.pdf", yuanXLSX},
	}
	for _, p := range pairs {
		t.Run(filepath.Base(p[0]), func(t *testing.T) {
			out, sum := run(t, 2, p[0], p[1])
			if sum.Failed != 0 {
				t.Fatalf("%d documents failed", sum.Failed)
			}
			facts := map[string][]string{}
			for _, f := range readCSV(t, filepath.Join(out, "facts.csv")) {
				// not page: a workbook's pages are sheet names
				facts[f["source"]] = append(facts[f["source"]], factLine(f, "unit_published", "row"))
			}
			got, want := facts[p[0]], facts[p[1]]
			if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: %d facts, %s: %d facts; first difference:\n%s", p[0], len(got), p[1], len(want),
					firstDiff([]byte(strings.Join(got, "\n")), []byte(strings.Join(want, "\n"))))
			}
			for _, c := range readCSV(t, filepath.Join(out, "checks.csv")) {
				if c["status"] == "fail" {
					t.Errorf("failing check: %s %s %s", c["check"], c["table"], c["detail"])
				}
			}
		})
	}
}

// factLine joins what identifies a fact and its amount, plus the extra
// columns named, into one comparable line.
func factLine(f map[string]string, extra ...string) string {
	cols := append([]string{"table", "flow", "row_kind", "func_code", "econ_code", "item", "column", "amount_yuan"}, extra...)
	vals := make([]string, len(cols))
	for i, c := range cols {
		vals[i] = f[c]
	}
	return strings.Join(vals, "|")
}

// TestNoInputsNamesSetAside: a folder whose files are all set aside (Word
// documents, a web page) is no input, and the error says what was found
// and why it was not read, instead of reading as an empty folder.
func TestNoInputsNamesSetAside(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"预算.docx", "说明.doc", "index.html", "a.png", "b.png"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := pipelines.Run(context.Background(), pipelines.Config{Inputs: []string{dir}, Sinks: csvSink(t, t.TempDir())})
	if !errors.Is(err, pipelines.ErrNoInputs) {
		t.Fatalf("Run = %v, want ErrNoInputs", err)
	}
	want := "no input files: 5 set aside (" + filepath.Join(dir, "a.png") + ": an image (.png), not a disclosure budgetetl reads; " +
		filepath.Join(dir, "b.png") + ": an image (.png), not a disclosure budgetetl reads; " +
		filepath.Join(dir, "index.html") + ": a web page (.html), not a disclosure budgetetl reads; and 2 more)"
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
	empty := t.TempDir()
	if _, err := pipelines.Run(context.Background(), pipelines.Config{Inputs: []string{empty}, Sinks: csvSink(t, t.TempDir())}); err != pipelines.ErrNoInputs {
		t.Errorf("empty folder: Run = %v, want ErrNoInputs itself", err)
	}
}
