package extract

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// FuzzAlignedRows builds pages laid out like tables without rules (lines
// at a pitch, runs at column positions, texts that are labels, figures,
// codes, dashes and single characters, some lines between others) and
// checks that the rows are well formed and that no text is lost or made
// up: the non-space characters of the rows are those of the glyphs; and
// that the same page gives the same rows again.
func FuzzAlignedRows(f *testing.F) {
	f.Add([]byte{3, 0, 1, 2, 4, 0, 1, 9, 1, 2, 3, 8, 0, 1, 2, 3})
	f.Add([]byte{5, 7, 7, 7, 1, 1, 1, 6, 6, 2, 2, 2, 0, 0, 0, 9, 9, 9, 4, 4})
	f.Add([]byte{200, 13, 0, 255, 17, 4, 4, 128, 3, 3, 77, 1, 2, 5, 6})
	f.Fuzz(func(t *testing.T, b []byte) {
		pl := fuzzTablePage(b)
		rows := buildRows(pl)
		if again := buildRows(fuzzTablePage(b)); fmt.Sprint(again) != fmt.Sprint(rows) {
			t.Fatalf("a second build of the same page differs:\n%v\nfirst:\n%v", again, rows)
		}
		var got []string
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
				got = append(got, strings.Split(strings.ReplaceAll(c.Text, " ", ""), "")...)
			}
		}
		var want []string
		for _, g := range pl.glyphs {
			if g.text != " " {
				want = append(want, g.text)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, "") != strings.Join(want, "") {
			t.Fatalf("characters differ:\n got %q\nwant %q", strings.Join(got, ""), strings.Join(want, ""))
		}
	})
}

// fuzzTexts are the kinds of text a table cell holds.
var fuzzTexts = []string{"项目", "合计", "一般公共预算", "拨款", "1,234.56", "0.00", "9", "2010301", "-", "收", "入", "其中：小计", "12.5", "类", "款"}

// fuzzTablePage decodes a page from bytes: the first gives the number of
// columns (2 to 9) and the pitch, then each group of three bytes a run:
// its line (some between two lines), its column, its text. Runs of one
// line never overlap, so every glyph is drawn once.
func fuzzTablePage(b []byte) *pageLayer {
	pl := &pageLayer{width: 1000, height: 800}
	if len(b) == 0 {
		return pl
	}
	ncol := 2 + int(b[0])%8
	pitch := 10 + float64(b[0]%5)*4 // half of it is more than baseTol apart
	used := map[[2]int]bool{}
	for i := 1; i+3 <= len(b) && len(pl.glyphs) < 400; i += 3 {
		line, col, text := int(b[i])%40, int(b[i+1])%ncol, fuzzTexts[int(b[i+2])%len(fuzzTexts)]
		if used[[2]int{line, col}] {
			continue
		}
		used[[2]int{line, col}] = true
		base := 100 + float64(line)*pitch/2
		width := 0.0
		for _, r := range text {
			width += fuzzAdvance(r)
		}
		x := 40 + float64(col)*100
		if b[i+2]&1 == 1 { // right-aligned in its column
			x += 90 - width
		}
		for _, r := range text {
			w := fuzzAdvance(r)
			pl.glyphs = append(pl.glyphs, glyph{text: string(r), x0: x, y0: base - 10, x1: x + w, y1: base, base: base, size: 10})
			x += w
		}
	}
	return pl
}

func fuzzAdvance(r rune) float64 {
	if isCJK(r) {
		return 10
	}
	return 5
}
