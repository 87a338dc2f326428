package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzGrid feeds random glyphs and rules to the grid reconstruction: it
// must not panic, every row it returns must be well formed, and the same
// page must give the same rows again.
func FuzzGrid(f *testing.F) {
	f.Add([]byte{10, 20, 30, 40, 50, 60, 70, 80}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add(make([]byte, 64), make([]byte, 64))
	f.Fuzz(func(t *testing.T, gb, rb []byte) {
		rows := buildRows(fuzzLayer(gb, rb))
		if again := buildRows(fuzzLayer(gb, rb)); fmt.Sprint(again) != fmt.Sprint(rows) {
			t.Fatalf("a second build of the same page differs:\n%v\nfirst:\n%v", again, rows)
		}
		for _, r := range rows {
			if len(r.Cells) == 0 {
				t.Fatalf("row %d has no cells", r.Index)
			}
			next := 0
			for _, c := range r.Cells {
				if c.Span < 1 || c.Col < 0 || c.Text == "" {
					t.Fatalf("row %d: bad cell %+v", r.Index, c)
				}
				if r.Grid != 0 && c.Col < next {
					t.Fatalf("row %d: cell %+v overlaps the cell before it", r.Index, c)
				}
				next = c.Col + c.Span
			}
		}
	})
}

// fuzzLayer decodes glyphs (6 values each) and rules (4 values each) from
// bytes; values are small so that rules and glyphs meet.
func fuzzLayer(gb, rb []byte) *pageLayer {
	pl := &pageLayer{width: 600, height: 800}
	v := func(b []byte, i int) float64 { return float64(int8(b[i])) * 4 }
	for i := 0; i+6 <= len(gb) && len(pl.glyphs) < 500; i += 6 {
		x, y := v(gb, i), v(gb, i+1)
		pl.glyphs = append(pl.glyphs, glyph{text: string(rune('0' + gb[i+2]%80)), x0: x, y0: y, x1: x + v(gb, i+3)/8, y1: y + v(gb, i+4)/8, base: y + v(gb, i+5)/8, size: math.Abs(v(gb, i+4) / 8)})
	}
	for i := 0; i+4 <= len(rb) && len(pl.hrules)+len(pl.vrules) < 200; i += 4 {
		a, b, c := v(rb, i), v(rb, i+1), v(rb, i+2)
		if rb[i+3]%2 == 0 {
			pl.hrules = append(pl.hrules, segment{a, c, b, c})
		} else {
			pl.vrules = append(pl.vrules, segment{c, a, c, b})
		}
	}
	if len(rb) >= 8 { // odd values: NaN and Inf must not break anything
		if binary.LittleEndian.Uint32(rb) == 0 {
			pl.glyphs = append(pl.glyphs, glyph{text: "x", x0: math.NaN(), x1: math.Inf(1)})
			pl.vrules = append(pl.vrules, segment{math.NaN(), 0, math.NaN(), 10})
		}
	}
	return pl
}

// FuzzReadPDF reads whole files with the Go engine: whatever the bytes, Read
// returns a document or an error wrapping one of the package's sentinels,
// without panicking, looping or exhausting memory (the limits of
// pdf_go*.go). Seeds: the sample PDFs, the encrypted fixtures, and small
// generated ones (a table, a page tree that loops, a form, an inline image,
// a damaged cross-reference table). Crashers found are kept in
// testdata/fuzz/FuzzReadPDF.
func FuzzReadPDF(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "samples", "*.pdf"))
	encrypted, _ := filepath.Glob(filepath.Join("testdata", "pdf", "*.pdf"))
	seeds = append(seeds, encrypted...)
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	for _, data := range fuzzPDFSeeds() {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("fuzz.pdf", data, Options{PDFEngine: EngineGo})
		if err == nil {
			for _, p := range doc.Pages {
				for _, r := range p.Rows {
					if len(r.Cells) == 0 {
						t.Fatalf("page %d: row %d has no cells", p.Number, r.Index)
					}
				}
			}
			return
		}
		for _, sentinel := range []error{ErrEmpty, ErrUnknown, ErrEncrypted, ErrDamaged, ErrTooLarge, ErrNoTextLayer, errNeedsPDFium} {
			if errors.Is(err, sentinel) {
				return
			}
		}
		t.Fatalf("error without a sentinel: %v", err)
	})
}

// fuzzPDFSeeds are small generated PDFs that reach the Go engine's parts.
func fuzzPDFSeeds() [][]byte {
	table := makePDF([]fixturePage{gridTable(0)})
	form := assemblePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
		"<< /Length 60 >>\nstream\nq 1 0 0 1 50 50 cm /X1 Do Q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI\nendstream",
		"<< /Type /XObject /Subtype /Form /BBox [0 0 500 500] /Resources << /Font << /F1 6 0 R >> >> /Length 40 >>\nstream\nBT /F1 12 Tf 10 10 Td (Total 1,234.00) Tj ET\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
	}, 1)
	loop := assemblePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}, 1)
	broken := append([]byte(nil), table...)
	if i := bytes.Index(broken, []byte("xref")); i > 0 {
		copy(broken[i:], "XXXX")
	}
	return [][]byte{table, form, loop, broken}
}
