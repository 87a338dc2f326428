package extract

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sharedDir is the shared corpus, next to the repository checkout.
const sharedDir = "../../shared/corpus"

// sharedFiles globs the shared corpus, skipping the test when it is absent.
func sharedFiles(t testing.TB, pattern string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedDir, pattern))
	if len(files) == 0 {
		t.Skipf("shared corpus absent (%s): skipping", filepath.Join(sharedDir, pattern))
	}
	return files
}

// normText removes all white space, as the corpus truth does.
func normText(s string) string { return strings.Join(strings.Fields(s), "") }

// sheetLines renders the non-empty rows of an xlsx sheet as "col:text | …".
func sheetLines(f *excelize.File, sheet string) ([]string, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rows {
		var cells []string
		for c, v := range r {
			if v = normText(v); v != "" {
				cells = append(cells, fmt.Sprintf("%d:%s", c, v))
			}
		}
		if len(cells) > 0 {
			out = append(out, strings.Join(cells, " | "))
		}
	}
	return out, nil
}

// pageLines renders the rows of a PDF page the same way.
func pageLines(p Page) []string {
	var out []string
	for _, r := range p.Rows {
		var cells []string
		for _, c := range r.Cells {
			if v := normText(c.Text); v != "" {
				cells = append(cells, fmt.Sprintf("%d:%s", c.Col, v))
			}
		}
		if len(cells) > 0 {
			out = append(out, strings.Join(cells, " | "))
		}
	}
	return out
}

// TestSyntheticGridMatchesXLSX is the acceptance test of the grid: for
// every LibreOffice-rendered synthetic PDF, page N's rows (cell texts and
// columns) equal sheet N of the workbook it was rendered from.
func TestSyntheticGridMatchesXLSX(t *testing.T) {
	for _, engine := range []string{EnginePDFium, EngineGo} {
		for _, xlsx := range sharedFiles(t, "synthetic/files/u*.xlsx") {
			pdf := strings.TrimSuffix(xlsx, ".xlsx") + ".pdf"
			t.Run(engine+"/"+filepath.Base(pdf), func(t *testing.T) {
				compareWorkbook(t, xlsx, pdf, Options{PDFEngine: engine})
			})
		}
	}
}

func compareWorkbook(t *testing.T, xlsxPath, pdfPath string, opts Options) {
	f, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := ReadFile(pdfPath, opts)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(doc.Pages) != len(sheets) {
		t.Fatalf("got %d pages, want %d (one per sheet)", len(doc.Pages), len(sheets))
	}
	for i, sheet := range sheets {
		want, err := sheetLines(f, sheet)
		if err != nil {
			t.Fatal(err)
		}
		got := pageLines(doc.Pages[i])
		if d := diffLines(got, want); d != "" {
			t.Errorf("page %d (sheet %s):\n%s", i+1, sheet, d)
		}
	}
}

// diffLines lists the rows that differ, position by position.
func diffLines(got, want []string) string {
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		g, w := "<none>", "<none>"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			fmt.Fprintf(&b, "  row %d: got  %q\n          want %q\n", i+1, g, w)
		}
	}
	return b.String()
}
