package pipelines_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badDir is the shared corpus of bad inputs, beside the repository
// (relative to the repository root).
var badDir = filepath.Join("..", "shared", "corpus", "bad")

// badWant is what documents.csv must say about each file of the bad corpus,
// from its README.md: the status, a format when one is certain, and words
// the error must hold.
var badWant = []struct {
	file, status, format string
	errWords             []string
}{
	{"empty.pdf", "failed", "", []string{"empty file"}},
	{"not-a-pdf.pdf", "failed", "", []string{"not a PDF or spreadsheet"}},
	{"truncated.pdf", "", "pdf", nil}, // failed with a reason, or warnings: checked below
	{"encrypted-password.pdf", "failed", "pdf", []string{"encrypted", "password required"}},
	{"scanned-image-only.pdf", "failed", "pdf", []string{"no text layer", "scanned"}},
	{"pdf-named.xlsx", "ok", "pdf", nil},
	{"truncated.xlsx", "failed", "xlsx", []string{"damaged"}},
	{"password-protected.xlsx", "failed", "xlsx", []string{"encrypted", "password required"}},
	{"text-in-amount-cell.xlsx", "warnings", "xlsx", nil},
	{"zip-bomb-2GB-sheet.xlsx", "failed", "xlsx", []string{"size limit"}},
}

// TestBadInputs runs the bad corpus together with one good sample: every
// file gets its row in documents.csv with the status and error its README
// names, the good file loads, and the run reports the failures.
func TestBadInputs(t *testing.T) {
	inRepoRoot(t)
	// go test does not recheck files outside the module for its result
	// cache: after ../shared appears, run with -count=1.
	badDir, err := filepath.Abs(badDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(badDir); err != nil {
		t.Skipf("SKIP: bad corpus not found at %s (../shared beside the repository): %v", badDir, err)
	}
	in := t.TempDir()
	for _, w := range badWant {
		copyFile(t, filepath.Join(badDir, w.file), filepath.Join(in, w.file))
	}
	copyFile(t, yuanXLSX, filepath.Join(in, "good.xlsx"))
	out, sum := run(t, 4, in)

	docs := map[string]map[string]string{}
	for _, d := range readCSV(t, filepath.Join(out, "documents.csv")) {
		docs[filepath.Base(d["source"])] = d
	}
	for _, w := range badWant {
		t.Run(w.file, func(t *testing.T) { checkBadDoc(t, docs[w.file], w.status, w.format, w.errWords) })
	}
	if g := docs["good.xlsx"]; g == nil || g["status"] != "ok" || g["facts"] == "0" {
		t.Errorf("good.xlsx beside the bad files: %v, want status ok with facts", g)
	}
	failed := 7 // 8 when truncated.pdf fails rather than giving its readable pages
	if docs["truncated.pdf"]["status"] == "failed" {
		failed++
	}
	if sum.Failed != failed || sum.Documents != len(badWant)+1 {
		t.Errorf("Summary = %d documents, %d failed; want %d documents, %d failed", sum.Documents, sum.Failed, len(badWant)+1, failed)
	}
	checkNotANumber(t, readCSV(t, filepath.Join(out, "checks.csv")), docs["text-in-amount-cell.xlsx"])
}

func checkBadDoc(t *testing.T, d map[string]string, status, format string, errWords []string) {
	if d == nil {
		t.Fatal("no row in documents.csv")
	}
	switch {
	case status == "" && d["status"] == "failed" && d["error"] == "":
		t.Errorf("status failed with an empty error")
	case status == "" && d["status"] != "failed" && d["status"] != "warnings":
		t.Errorf("status %q, want failed with a reason or warnings", d["status"])
	case status != "" && d["status"] != status:
		t.Errorf("status %q (error %q), want %q", d["status"], d["error"], status)
	}
	if format != "" && d["format"] != format {
		t.Errorf("format %q, want %q", d["format"], format)
	}
	for _, w := range errWords {
		if !strings.Contains(d["error"], w) {
			t.Errorf("error %q does not say %q", d["error"], w)
		}
	}
	if strings.Contains(d["error"], "\n") || strings.Contains(d["error"], "panic") {
		t.Errorf("error %q: want one line, no panic", d["error"])
	}
}

// checkNotANumber expects the text-in-amount-cell workbook to report its
// 壹佰元整 as a not_a_number check naming sheet, row and column, and no
// fact for that cell.
func checkNotANumber(t *testing.T, checks []map[string]string, doc map[string]string) {
	t.Helper()
	if doc == nil {
		return
	}
	for _, c := range checks {
		if c["doc_id"] != doc["doc_id"] || c["check"] != "not_a_number" {
			continue
		}
		d := c["detail"]
		if c["status"] != "fail" || !strings.Contains(d, "壹佰元整") || !strings.Contains(d, "page 表") ||
			!strings.Contains(d, " row ") || !strings.Contains(d, " column ") {
			t.Errorf("not_a_number check %v: want status fail and a detail naming the text, sheet, row and column", c)
		}
		return
	}
	t.Errorf("text-in-amount-cell.xlsx: no not_a_number check in checks.csv")
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	r, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, r); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
