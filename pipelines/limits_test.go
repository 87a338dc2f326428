package pipelines_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/pipelines"
)

// limitsWant is what documents.csv must say about the workbooks of
// ../shared/corpus/bad/limits/ (README.md there): the status and words the
// error must hold. The PDFs there are read by the PDF engines, whose limits
// are theirs: of those, the test asks only for one row each and, when it
// is not ok, a one-line reason.
var limitsWant = []struct {
	file, status string
	errWords     []string
}{
	{"x_formula_chain_110k.xlsx", "warnings", []string{"sheet 表一 row 1 column A", "a chain of formulas deeper than 64 cells", "reader notes"}},
	{"x_formula_sum_1000.xlsx", "ok", nil},
	{"x_merges_20k.xlsx", "ok", nil},
	{"x_wide_rows.xlsx", "ok", nil},
	{"x_sheet_300mb_altpath.xlsx", "failed", []string{"over the size limit", "xl/worksheets/big/sheet1.xml (worksheet)"}},
	{"x_styles_900mb.xlsx", "failed", []string{"over the size limit", "xl/styles.xml (styles)"}},
	{"x_sst_index_oob.xlsx", "warnings", []string{"sheet 表一 row 1 column A", "shared string", "does not exist"}},
}

// TestLimitsCorpus is issue 9's test of done: one run, documents read in
// worker processes under the default deadline and ceiling, over the whole
// bad corpus (limits/ included) and samples/. Every input has exactly one
// row in documents.csv with its reason; the samples' facts are the bytes
// of a run of the samples alone; documents failed (exit status 1); the
// run's own process stays under 300 MB and no worker over its ceiling.
func TestLimitsCorpus(t *testing.T) {
	inRepoRoot(t)
	bad, err := filepath.Abs(badDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bad, "limits")); err != nil {
		t.Skipf("SKIP: bad corpus with limits/ not found at %s (../shared beside the repository): %v", bad, err)
	}
	if testing.Short() {
		t.Skip("SKIP: -short (one run over the whole bad corpus in worker processes)")
	}
	out := t.TempDir()
	iso := pipelines.Isolation{}
	sum := pipelines.RunInChild(t, []string{bad, "samples/"}, out, 2, iso)
	t.Logf("%d documents, %d failed, in %v; run peak %d MiB, workers up to %d MiB",
		sum.Documents, sum.Failed, sum.Elapsed, sum.Peak>>20, sum.WorkerPeak>>20)

	inputs := corpusInputs(t, bad, "samples")
	rows := map[string][]map[string]string{}
	for _, d := range readCSV(t, filepath.Join(out, "documents.csv")) {
		rows[d["source"]] = append(rows[d["source"]], d)
	}
	for _, in := range inputs {
		if n := len(rows[in]); n != 1 {
			t.Errorf("%s: %d rows in documents.csv, want 1", in, n)
		}
	}
	if len(rows) != len(inputs) {
		t.Errorf("%d sources in documents.csv, want the %d inputs", len(rows), len(inputs))
	}
	byName := map[string]map[string]string{}
	for src, r := range rows {
		byName[filepath.Base(src)] = r[0]
		if d := r[0]; d["status"] != "ok" && strings.ContainsAny(d["error"], "\n\r") {
			t.Errorf("%s: error %q is not one line", src, d["error"])
		}
		if d := r[0]; d["status"] == "failed" && d["error"] == "" {
			t.Errorf("%s: failed without a reason", src)
		}
	}
	for _, w := range badWant {
		t.Run(w.file, func(t *testing.T) { checkBadDoc(t, byName[w.file], w.status, w.format, w.errWords) })
	}
	for _, w := range limitsWant {
		t.Run(w.file, func(t *testing.T) { checkBadDoc(t, byName[w.file], w.status, "xlsx", w.errWords) })
	}

	alone, _ := run(t, 2, "samples/")
	if got, want := factLines(t, out, "samples/"), factLines(t, alone, "samples/"); !bytes.Equal(got, want) {
		t.Errorf("the samples' facts differ from a run of the samples alone:\n%s", firstDiff(got, want))
	}
	if sum.Failed == 0 {
		t.Error("no document failed: want exit status 1")
	}
	if sum.Peak > 300<<20 {
		t.Errorf("the run's process peaked at %d MiB, want under 300 MiB", sum.Peak>>20)
	}
	if ceiling := pipelines.DefaultDocMemory(2); sum.WorkerPeak > ceiling {
		t.Errorf("a worker peaked at %d MiB, over its ceiling of %d MiB", sum.WorkerPeak>>20, ceiling>>20)
	}
}

// corpusInputs lists the files a run over dirs reads.
func corpusInputs(t *testing.T, dirs ...string) []string {
	t.Helper()
	inputs, err := pipelines.Discover(dirs)
	if err != nil {
		t.Fatal(err)
	}
	paths := make([]string, len(inputs))
	for i, in := range inputs {
		paths[i] = in.Path
	}
	if len(paths) < 20 {
		t.Fatalf("only %d inputs under %v", len(paths), dirs)
	}
	return paths
}

// factLines is the lines of facts.csv in dir whose source starts with
// prefix, in order.
func factLines(t *testing.T, dir, prefix string) []byte {
	t.Helper()
	var out []byte
	for _, line := range bytes.SplitAfter(readFile(t, filepath.Join(dir, "facts.csv")), []byte("\n")) {
		if bytes.Contains(line, []byte(","+prefix)) {
			out = append(out, line...)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no facts from %s in %s", prefix, dir)
	}
	return out
}
