package extract

import (
	"os"
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

// TestRereadPages reads pages of a Go reading again with PDFium: those
// pages come out as PDFium alone reads them, the others are the Go
// engine's, and pages PDFium read already (vertical writing, page 36 of
// cities/xian/b58162bb) are not read again. A workbook, a PDFium reading
// and pages not asked for give the document back unchanged.
func TestRereadPages(t *testing.T) {
	file := sharedFiles(t, "cities/xian/b58162bb.pdf")[0]
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(file, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	alone, err := Read(file, data, Options{PDFEngine: EnginePDFium})
	if err != nil {
		t.Fatal(err)
	}
	again, read, err := RereadPages(doc, data, []int{2, 36, 40, 999})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(read, []int{2, 40}) {
		t.Errorf("pages read again = %v, want [2 40] (36 is PDFium's already, 999 is no page)", read)
	}
	if again == doc || again.Engine != EngineMixed || doc.Engine != EngineMixed {
		t.Errorf("engines: again %q, first %q; want a new %q document", again.Engine, doc.Engine, EngineMixed)
	}
	for _, number := range []int{2, 36, 40} {
		if a, b := pageLines(alone.Pages[number-1]), pageLines(again.Pages[number-1]); !slices.Equal(a, b) {
			t.Errorf("page %d: rows differ from PDFium's:\n%q\n%q", number, b, a)
		}
		if !again.Pages[number-1].pdfium {
			t.Errorf("page %d is not marked as read by PDFium", number)
		}
	}
	if again.Pages[0].pdfium || doc.Pages[1].pdfium {
		t.Errorf("a page the Go engine read is marked as PDFium's (in the reading or in the first)")
	}
	if same, read, err := RereadPages(doc, data, []int{36}); same != doc || read != nil || err != nil {
		t.Errorf("RereadPages of PDFium's own page = (%p, %v, %v), want the document back", same, read, err)
	}
	if same, read, err := RereadPages(alone, data, []int{2}); same != alone || read != nil || err != nil {
		t.Errorf("RereadPages of a PDFium reading = (%p, %v, %v), want the document back", same, read, err)
	}
	book := &Document{Format: XLSX, Pages: []Page{{Number: 1, Name: "表1"}}}
	if same, read, err := RereadPages(book, nil, []int{1}); same != book || read != nil || err != nil {
		t.Errorf("RereadPages of a workbook = (%p, %v, %v), want the document back", same, read, err)
	}
}
