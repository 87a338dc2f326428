package extract

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/pdf/*.golden")

// fixturePage describes a page of a generated PDF: Courier text at points
// (x, y from the bottom-left, as in PDF) and lines from (x0,y0) to (x1,y1).
type fixturePage struct {
	rotate int
	texts  []fixtureText
	lines  [][4]float64
	rects  [][4]float64 // filled x, y, w, h
	polys  [][4]float64 // filled x, y, w, h drawn as a closed m/l path, not re
}

type fixtureText struct {
	x, y float64
	s    string
}

// makePDF writes a minimal valid PDF of A4 pages with the Courier font
// (600/1000 em per character), so tests need no PDF files from outside.
func makePDF(pages []fixturePage) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /FirstChar 32 /LastChar 126 /Widths [" +
		strings.Repeat("600 ", 95) + "] /Encoding /WinAnsiEncoding >>")
	pagesID := len(pages)*2 + 2 + 1
	var kids []string
	for _, p := range pages {
		c := p.content()
		cid := add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(c), c))
		pid := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Rotate %d /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>",
			pagesID, p.rotate, cid, font))
		kids = append(kids, fmt.Sprintf("%d 0 R", pid))
	}
	add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesID))
	add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	return assemblePDF(objs, len(objs)-1)
}

// content renders the page's drawing operators. On a page rotated by 90
// degrees the coordinates are those of the page as displayed (landscape),
// mapped back to user space, and text is drawn turned so it reads upright.
func (p fixturePage) content() string {
	var b strings.Builder
	b.WriteString("0.5 w\n")
	for _, l := range p.lines {
		x0, y0 := p.user(l[0], l[1])
		x1, y1 := p.user(l[2], l[3])
		fmt.Fprintf(&b, "%.2f %.2f m %.2f %.2f l S\n", x0, y0, x1, y1)
	}
	for _, r := range p.rects {
		x0, y0 := p.user(r[0], r[1])
		x1, y1 := p.user(r[0]+r[2], r[1]+r[3])
		fmt.Fprintf(&b, "%.2f %.2f %.2f %.2f re f\n", x0, y0, x1-x0, y1-y0)
	}
	for _, r := range p.polys {
		x0, y0 := p.user(r[0], r[1])
		x1, y1 := p.user(r[0]+r[2], r[1]+r[3])
		fmt.Fprintf(&b, "%.2f %.2f m %.2f %.2f l %.2f %.2f l %.2f %.2f l h f\n", x0, y0, x1, y0, x1, y1, x0, y1)
	}
	for _, t := range p.texts {
		x, y := p.user(t.x, t.y)
		if p.rotate == 90 {
			fmt.Fprintf(&b, "BT /F1 10 Tf 0 1 -1 0 %.2f %.2f Tm (%s) Tj ET\n", x, y, t.s)
		} else {
			fmt.Fprintf(&b, "BT /F1 10 Tf %.2f %.2f Td (%s) Tj ET\n", x, y, t.s)
		}
	}
	return b.String()
}

// user maps display coordinates (origin bottom-left) to user space. A
// rotated page is 595 pt high as displayed, so its drawing moves 250 pt
// down.
func (p fixturePage) user(x, y float64) (float64, float64) {
	if p.rotate == 90 {
		return 595 - (y - 250), x
	}
	return x, y
}

// assemblePDF numbers objs from 1, root being the catalog's number.
func assemblePDF(objs []string, root int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, root, xref)
	return b.Bytes()
}

// gridTable is a 3x3 ruled table with a header cell spanning two columns
// and a two-line wrapped label, plus a title and a unit line above it.
func gridTable(rotate int) fixturePage {
	p := fixturePage{rotate: rotate}
	xs, ys := []float64{50, 150, 250, 350}, []float64{700, 680, 640, 620}
	for _, y := range ys {
		p.lines = append(p.lines, [4]float64{xs[0], y, xs[3], y})
	}
	for i, x := range xs {
		p.lines = append(p.lines, [4]float64{x, ys[0], x, ys[3]})
		if i == 2 { // no rule between columns 1 and 2 in the header row
			p.lines[len(p.lines)-1][1] = ys[1]
		}
	}
	p.texts = []fixtureText{
		{150, 760, "Budget table"}, {50, 720, "Unit: yuan"}, {280, 720, "Page 1"},
		{55, 686, "Item"}, {160, 686, "Amounts"},
		{55, 664, "Long item"}, {55, 648, "name"}, {160, 656, "1,234.00"}, {260, 656, "56.00"},
		{55, 626, "Total"}, {160, 626, "1,290.00"},
		{50, 560, "Note: free text under the table."},
	}
	return p
}

// TestPDFGolden reads generated PDFs with both engines and compares the
// page dumps with testdata/pdf/*.golden (go test -update rewrites them).
func TestPDFGolden(t *testing.T) {
	tests := []struct {
		name  string
		pages []fixturePage
	}{
		{"table", []fixturePage{gridTable(0)}},
		{"rotated", []fixturePage{gridTable(90)}},
		{"thin-rects", []fixturePage{thinRects()}},
		{"framed", []fixturePage{framedTable()}},
		{"borderless", []fixturePage{borderless()}},
		{"column-rules", []fixturePage{columnRules()}},
		{"borderless-merged", []fixturePage{borderlessMerged()}},
		{"thin-polygons", []fixturePage{thinPolygons()}},
		{"borderless-rotated", []fixturePage{rotatedBorderless()}},
	}
	for _, tt := range tests {
		data := makePDF(tt.pages)
		for _, engine := range []string{EnginePDFium, EngineGo} {
			t.Run(tt.name+"/"+engine, func(t *testing.T) {
				var b bytes.Buffer
				if err := DumpPDFPage(&b, data, 1, Options{PDFEngine: engine}); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join("testdata", "pdf", tt.name+"."+engine+".golden"), b.String())
			})
		}
	}
}

// thinRects is a table ruled with thin filled rectangles, as in the
// Shanghai budgets, with an amount printed up against the next cell.
func thinRects() fixturePage {
	p := fixturePage{}
	for _, y := range []float64{700, 680, 660} {
		p.rects = append(p.rects, [4]float64{50, y - 0.3, 300, 0.6})
	}
	for _, x := range []float64{50, 100, 150, 350} {
		p.rects = append(p.rects, [4]float64{x - 0.3, 660, 0.6, 40})
	}
	p.texts = []fixtureText{{55, 686, "Code"}, {105, 686, "Amount"}, {160, 686, "Name"}, {55, 666, "2010601"}, {114, 666, "123.45Office"}}
	return p
}

// framedTable is gridTable inside a page frame that shares the table's
// bottom and right rules, with a filled (unstroked) background behind the
// title, as Excel exports of the Jiangsu tables print them: the glyphs
// belong to the table, not to the frame, and the background draws no rules.
func framedTable() fixturePage {
	p := gridTable(0)
	p.lines = append(p.lines,
		[4]float64{30, 790, 350.5, 790}, [4]float64{30, 620.4, 350.5, 620.4},
		[4]float64{30, 620.4, 30, 790}, [4]float64{350.5, 620.4, 350.5, 790})
	p.rects = append(p.rects, [4]float64{40, 710, 300, 70})
	return p
}

// borderless is a table without rules: a group header over the amount
// columns, leaf headers centred over right-aligned figures, a label wrapped
// around vertically centred figures, a row with a blank cell, and notes
// above and below that stay free text.
func borderless() fixturePage {
	return fixturePage{texts: []fixtureText{
		{50, 760, "Table: budget"}, {50, 740, "Unit: yuan"},
		{240, 720, "Amounts"},
		{55, 705, "Item"}, {190, 705, "Total"}, {290, 705, "Basic"},
		{55, 690, "Office"}, {200, 690, "1,234.00"}, {300, 690, "1,200.00"},
		{55, 677, "Long item"}, {218, 671, "34.00"}, {318, 671, "34.00"}, {55, 665, "name"},
		{55, 655, "Travel"}, {224, 655, "0.00"},
		{55, 640, "Total"}, {200, 640, "1,268.00"}, {300, 640, "1,234.00"},
		{50, 600, "Note: free text under the table."},
	}}
}

// columnRules is a table ruled around its header and between its columns
// but not between its body rows: the rows of figures in the one body band
// are separate rows; the wrapped header and the wrapped label stay one cell.
func columnRules() fixturePage {
	p := fixturePage{}
	xs, ys := []float64{50, 150, 250, 350}, []float64{700, 670, 600}
	for _, y := range ys {
		p.lines = append(p.lines, [4]float64{xs[0], y, xs[3], y})
	}
	for _, x := range xs {
		p.lines = append(p.lines, [4]float64{x, ys[0], x, ys[2]})
	}
	p.texts = []fixtureText{
		{55, 686, "Item"}, {160, 690, "Current"}, {160, 678, "year"}, {260, 686, "Carried"},
		{55, 655, "Office"}, {190, 655, "1,234.00"}, {290, 655, "10.00"},
		{55, 640, "Long item"}, {55, 630, "name"}, {200, 635, "56.00"},
		{55, 610, "Total"}, {190, 610, "1,290.00"}, {290, 610, "10.00"},
	}
	return p
}

// borderlessMerged is a table without rules whose 4th header (Carried) is a
// cell merged down through both header rows, printed between them beside
// the group header (Amounts over Total and Basic); a long label wraps into
// a taller row around its figures.
func borderlessMerged() fixturePage {
	return fixturePage{texts: []fixtureText{
		{50, 780, "Table: test"}, {50, 765, "Unit: yuan"},
		{234, 740, "Amounts"}, {344, 732, "Carried"},
		{55, 724, "Item"}, {200, 724, "Total"}, {280, 724, "Basic"},
		{55, 700, "Office"}, {200, 700, "1,234.00"}, {280, 700, "1,200.00"}, {350, 700, "30.00"},
		{55, 680, "Travel"}, {224, 680, "5.00"}, {304, 680, "5.00"},
		{55, 645, "A long item name wraps"}, {218, 639, "34.00"}, {298, 639, "34.00"}, {55, 633, "here"},
		{55, 613, "Total"}, {200, 613, "1,273.00"}, {280, 613, "1,239.00"}, {350, 613, "30.00"},
	}}
}

// thinPolygons is thinRects with its rules drawn as filled closed paths
// (m l l l h f) instead of re rectangles, as some Jiangsu PDFs draw them.
func thinPolygons() fixturePage {
	p := thinRects()
	p.polys, p.rects = p.rects, nil
	return p
}

// rotatedBorderless is borderless on a page with /Rotate 90: the columns
// are found in the page as displayed.
func rotatedBorderless() fixturePage {
	p := borderless()
	p.rotate = 90
	return p
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestReadPDFErrors checks the sentinels for inputs made here.
func TestReadPDFErrors(t *testing.T) {
	good := makePDF([]fixturePage{gridTable(0)})
	tests := []struct {
		name string
		data []byte
		opts Options
		want error
	}{
		{"garbage after header", []byte("%PDF-1.4\nnot really a pdf"), Options{}, ErrDamaged},
		{"garbage after header go", []byte("%PDF-1.4\nnot really a pdf"), Options{PDFEngine: EngineGo}, ErrDamaged},
		{"truncated", good[:len(good)/2], Options{}, ErrDamaged},
		{"truncated go", good[:len(good)/2], Options{PDFEngine: EngineGo}, ErrDamaged},
		{"unknown engine", good, Options{PDFEngine: "mupdf"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("test.pdf", tt.data, tt.opts)
			if err == nil {
				t.Fatal("got no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestDumpPDFPageRange checks the page bounds of DumpPDFPage.
func TestDumpPDFPageRange(t *testing.T) {
	data := makePDF([]fixturePage{gridTable(0)})
	for _, page := range []int{0, 2} {
		if err := DumpPDFPage(&bytes.Buffer{}, data, page, Options{}); !errors.Is(err, errPageRange) {
			t.Errorf("page %d: got %v, want %v", page, err, errPageRange)
		}
	}
}

// TestOwnerPasswordPDF reads PDFs encrypted with an owner password only
// (printing or copying restricted, as government PDFs often are): anyone
// may open them, so both engines read them as the plain file, the Go
// engine decrypting them itself (pdf_go_crypt.go). A file that needs a
// user password is ErrEncrypted. The fixtures are the gridTable fixture
// encrypted by qpdf (testdata/pdf/README.md).
func TestOwnerPasswordPDF(t *testing.T) {
	plain, err := Read("plain.pdf", makePDF([]fixturePage{gridTable(0)}), Options{PDFEngine: EnginePDFium})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"owner-password-rc4.pdf", "owner-password-rc4-40-object-streams.pdf", "owner-password-aes128.pdf",
		"owner-password-aes128-plain-metadata.pdf", "owner-password-aes256.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, engine := range []string{EngineAuto, EngineGo, EnginePDFium} {
			t.Run(name+"/"+engine, func(t *testing.T) {
				doc, err := Read(name, data, Options{PDFEngine: engine})
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if engine == EngineAuto && doc.Engine != EngineGo {
					t.Errorf("read by %s, want the Go engine", doc.Engine)
				}
				if got, want := pageText(doc), pageText(plain); got != want {
					t.Errorf("rows:\n%s\nwant (the plain file's):\n%s", got, want)
				}
			})
		}
	}
	// /P written unsigned (4294967292 for -4), as some writers do: the
	// offsets it moves are found again by the repair scan
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", "owner-password-rc4.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	unsigned := bytes.Replace(data, []byte("/P -4"), []byte("/P 4294967292"), 1)
	if doc, err := Read("unsigned-p.pdf", unsigned, Options{PDFEngine: EngineGo}); err != nil || pageText(doc) != pageText(plain) {
		t.Errorf("/P unsigned: Read = %v, rows equal %v", err, err == nil && pageText(doc) == pageText(plain))
	}
	data, err = os.ReadFile(filepath.Join("testdata", "pdf", "user-password-aes256.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, engine := range []string{EngineAuto, EngineGo} {
		if _, err := Read("user-password-aes256.pdf", data, Options{PDFEngine: engine}); !errors.Is(err, ErrEncrypted) || !errors.Is(err, errNeedsPassword) && engine == EngineGo {
			t.Errorf("%s: user password: Read = %v, want ErrEncrypted", engine, err)
		}
	}
}

// pageText prints the rows of a document's pages, cell by cell.
func pageText(doc *Document) string {
	var b strings.Builder
	for _, p := range doc.Pages {
		for _, r := range p.Rows {
			fmt.Fprintf(&b, "p%d g%d", p.Number, r.Grid)
			for _, c := range r.Cells {
				fmt.Fprintf(&b, " | %d:%s", c.Col, c.Text)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}
