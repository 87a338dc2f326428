package transform

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/extract"
)

// Rows the page printed over two lines, or over a page break, joined back
// into the row they are (segment.go calls these as it cuts the tables).

// wrappedOnto reports whether row above holds the first lines of row r's
// cells, its figures printed on the last line (2620 | 西安市工业和信 over
// 3 | 01 | 息化局 | 78000 …): each of its cells stands over a cell of r,
// and a code column holds the start of a code above a piece too short to be
// one (2620 over 01), every other cell being words over words. Without that
// fragment a row of text over another is a row of its own (a group or a
// name-only class row), and a row with a figure is never a piece.
func wrappedOnto(above, r extract.Row) bool {
	if len(above.Cells) < 2 {
		return false
	}
	fragment := false
	for _, c := range above.Cells {
		below, ok := r.Cell(c.Col)
		a, b := compact(c.Text), compact(below.Text)
		if !ok || a == "" || b == "" {
			return false
		}
		switch da, db := allDigits(a), allDigits(b); {
		case da && db && len(a) >= 3 && len(b) <= 2:
			fragment = true
		case da || db || kindOf(a) != cellWords || kindOf(b) != cellWords:
			return false // a figure, or a code beside text: not pieces of one cell
		}
	}
	return fragment
}

// joinAbove is row r with the text of above before its cells' text.
func joinAbove(above, r extract.Row) extract.Row {
	out := r
	out.Y = above.Y
	out.Cells = slices.Clone(r.Cells)
	for i, c := range out.Cells {
		if a, ok := above.Cell(c.Col); ok {
			out.Cells[i].Text = a.Text + c.Text
			out.Cells[i].X0, out.Cells[i].X1 = min(c.X0, a.X0), max(c.X1, a.X1)
		}
	}
	return out
}

// joinSplitLabel joins the first row of a continuation page to the last row
// before the page break when it is only the end of that row's cells, the
// row's wrapped text cut by the break: one character (or the 支出 of a 类
// name) in a column where that row has text (十七、国土海洋气象等支 | 出), or
// pieces of up to maxSplitPiece characters in two columns or more, each
// where that row has text (市级生态保护和污染防治 | 资金 and 其他生态环境保护和治 |
// 理服务); no piece is a figure, a code, an ordinal or a total. The printed
// row counts once.
func (t *RawTable) joinSplitLabel(r extract.Row) bool {
	if len(t.Body) == 0 || len(r.Cells) == 0 {
		return false
	}
	prev := &t.Body[len(t.Body)-1].Row
	at := make([]int, len(r.Cells)) // the index of the cell of prev each piece ends
	for k, c := range r.Cells {
		at[k] = -1
		for i, pc := range prev.Cells {
			if pc.Col == c.Col && compact(pc.Text) != "" && !LooksLikeAmount(pc.Text) {
				at[k] = i
			}
		}
		if at[k] < 0 || !splitPiece(compact(c.Text), compact(prev.Cells[at[k]].Text), len(r.Cells) == 1) {
			return false
		}
	}
	cells := append([]extract.Cell(nil), prev.Cells...)
	for k, c := range r.Cells {
		cells[at[k]].Text += compact(c.Text)
	}
	prev.Cells = cells
	return true
}

// splitPiece reports whether text can be the end of the cell above it
// (whose text is above) cut by a page break: no figure, code, ordinal or
// total; up to maxSplitPiece characters, and when it is alone on its row,
// one character or the 支出 that ends a 类 name (…等 | 支出): a row of its
// own is not labelled that short.
func splitPiece(text, above string, alone bool) bool {
	n := utf8.RuneCountInString(text)
	switch {
	case n == 0 || n > maxSplitPiece || LooksLikeAmount(text) || codeRe.MatchString(text) || ordinalLevel(text) > 0 || isTotalLabel(text):
		return false
	case alone:
		return n == 1 || n == 2 && strings.HasSuffix(above+text, "支出")
	}
	return true
}

// maxSplitPiece bounds the pieces of a row's cells that joinSplitLabel
// carries back over a page break when the row continues in several cells.
const maxSplitPiece = 4
