package extract

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestEnginesAgree reads the PDFs of the shared corpora with both engines
// and logs, per file, how many rows differ (cell texts and columns), with
// the first differences, and how many files read the same. The pipeline
// test of the same name asserts that facts and checks are identical; rows
// may still differ where the difference changes no fact (a line-end hyphen
// PDFium keeps, a title in a font that is not embedded). The city PDFs
// are left to the pipeline test (reading them twice here takes minutes).
func TestEnginesAgree(t *testing.T) {
	globs := []string{"synthetic/files/*.pdf", "real/*/*.pdf", "real/*/*/*.pdf"}
	var files []string
	for _, g := range globs {
		files = append(files, sharedFiles(t, g)...)
	}
	same := 0
	for _, f := range files {
		a, errA := ReadFile(f, Options{PDFEngine: EnginePDFium})
		b, errB := ReadFile(f, Options{PDFEngine: EngineGo})
		if errA != nil || errB != nil {
			t.Errorf("%s: %v / %v", f, errA, errB)
			continue
		}
		if diff, total := logRowDiffs(t, a, b); diff > 0 {
			t.Logf("%s: %d of %d rows differ", filepath.Base(f), diff, total)
		} else {
			same++
		}
	}
	t.Logf("%d of %d PDFs read into the same rows by both engines", same, len(files))
}

// logRowDiffs compares the rows of two readings page by page, logging the
// first three differences.
func logRowDiffs(t *testing.T, a, b *Document) (diff, total int) {
	shown := 0
	for i := range max(len(a.Pages), len(b.Pages)) {
		var ga, gb []string
		if i < len(a.Pages) {
			ga = pageLines(a.Pages[i])
		}
		if i < len(b.Pages) {
			gb = pageLines(b.Pages[i])
		}
		total += max(len(ga), len(gb))
		for j := range max(len(ga), len(gb)) {
			if j < len(ga) && j < len(gb) && ga[j] == gb[j] {
				continue
			}
			diff++
			if shown < 3 && j < len(ga) && j < len(gb) {
				shown++
				t.Logf("  p%d r%d pdfium %q\n              go     %q", i+1, j+1, ga[j], gb[j])
			}
		}
	}
	return diff, total
}

// TestMixedEngine reads a city document the Go engine reads but for one
// page of vertical writing (Identity-V, page 36): PDFium reads that page
// only, and every page comes out as PDFium alone reads it.
func TestMixedEngine(t *testing.T) {
	file := sharedFiles(t, "cities/xian/b58162bb.pdf")[0]
	mixed, err := ReadFile(file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if mixed.Engine != EngineMixed {
		t.Errorf("read by %q, want %q", mixed.Engine, EngineMixed)
	}
	alone, err := ReadFile(file, Options{PDFEngine: EnginePDFium})
	if err != nil {
		t.Fatal(err)
	}
	if len(mixed.Pages) != len(alone.Pages) {
		t.Fatalf("%d pages, PDFium %d", len(mixed.Pages), len(alone.Pages))
	}
	for _, i := range []int{0, 34, 35, 36, len(alone.Pages) - 1} {
		if a, b := pageLines(alone.Pages[i]), pageLines(mixed.Pages[i]); !slices.Equal(a, b) {
			t.Errorf("page %d: rows differ from PDFium's:\n%q\n%q", i+1, b, a)
		}
	}
}
