package transform

import (
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/extract"
)

// A table wider than its page may continue sideways: the next page prints
// the title again, then the header of the further columns (上年结转结余 |
// 其他收入 …) and, row for row, their figures, without the row labels
// (Beijing's 预算02表 收入总表 over two pages). The segmenter holds back the
// rows of such a page (sidePage) until the page ends; if its figure rows
// are as many as the rows the page before gave the table and hold figures
// only, they are the same rows: its header and cells join the table as
// columns right of the ones it has. Otherwise the rows are read as usual.
// Columns continued sideways with no figure at all leave only their header
// after the table's closing total; it is no row (headerBeyondTotal).

// sidePage is the rows held back from the top of a continuation page
// whose header names columns the table does not have.
type sidePage struct {
	page   string
	header []extract.Row // the rows before the first figure row
	body   []extract.Row
}

// startsSideways reports whether row r, the first of a continuation page
// after the repeated title, is the header of further columns: no figure,
// only header words, one of them not in the table's header.
func (s *segmenter) startsSideways(page string, r extract.Row) bool {
	if s.contPage != page || !s.inBody || hasNumber(r) || len(s.cur.Body) == 0 {
		return false
	}
	printed := map[string]bool{}
	for _, h := range s.cur.Header {
		for _, c := range h.Cells {
			printed[compact(c.Text)] = true
		}
	}
	for _, c := range r.Cells {
		if t := compact(c.Text); t != "" && !printed[t] {
			return onlyHeaderWords(r)
		}
	}
	return false
}

// headerBeyondTotal reports a row at the top of a page after the table's
// closing total row (合计, 收入总计) that holds no figure, only header words
// (收入预算 | 其他收入): the header of columns the table continues with
// sideways on this page, none of them holding a figure (a row of figures
// would be read as a row).
func (s *segmenter) headerBeyondTotal(r extract.Row) bool {
	// not after 本年收入合计, which has carry rows after it
	return !hasNumber(r) && s.closedByTotal() && onlyHeaderWords(r)
}

// closedByTotal reports whether the current table's last row is the total
// that closes it (合计, 收入总计).
func (s *segmenter) closedByTotal() bool {
	t := s.cur
	if len(t.Body) == 0 || len(t.Body[len(t.Body)-1].Row.Cells) == 0 {
		return false
	}
	l := CleanItem(compact(t.Body[len(t.Body)-1].Row.Cells[0].Text))
	return l == "合计" || strings.HasSuffix(l, "总计")
}

// onlyHeaderWords reports a row whose cells are header words only.
func onlyHeaderWords(r extract.Row) bool {
	for _, c := range r.Cells {
		if t := compact(c.Text); t != "" && !parseHeader(t).known() {
			return false
		}
	}
	return true
}

// hold adds a row of the held-back page.
func (sp *sidePage) hold(r extract.Row) {
	if len(sp.body) == 0 && !hasNumber(r) {
		sp.header = append(sp.header, r)
		return
	}
	sp.body = append(sp.body, r)
}

// flushSide ends the held-back page: joined to the table as further
// columns when its figure rows match the previous page's rows one to one,
// else read as the table's rows.
func (s *segmenter) flushSide() {
	sp := s.side
	if sp == nil {
		return
	}
	s.side = nil
	t := s.cur
	var rows []int // the table's rows from the page before
	for i, b := range t.Body {
		if b.Page == s.lastPage {
			rows = append(rows, i)
		}
	}
	if len(sp.body) == 0 || len(sp.body) != len(rows) || !allNumbered(sp.body) {
		if len(sp.header) > 0 && len(sp.body) > 0 && !allNumbered(sp.body) && s.closedByTotal() {
			// the table closed by its total, then the title again over
			// another header and rows of labels: another table under the title
			s.nextUnderTitle(sp.page, sp.header)
			sp.header = nil
		}
		for _, r := range append(sp.header, sp.body...) {
			s.tableRow(sp.page, r, rowText(r))
		}
		return
	}
	col, x := t.extent()
	for _, h := range sp.header {
		if h.Grid == 0 {
			h = sp.placeFree(h)
		}
		t.Header = append(t.Header, shifted(h, col, x))
	}
	for i, r := range sp.body {
		b := &t.Body[rows[i]]
		b.Cells = append(slices.Clip(b.Cells), shifted(r, col, x).Cells...)
	}
}

// placeFree places the cells of a free-text header line of the page (本年
// 收入 over 其他收入) in the page's grid columns by where they stand, and
// drops their positions: they are placed, not to be placed again in the
// first page's columns (placeHeaderText).
func (sp *sidePage) placeFree(r extract.Row) extract.Row {
	ext := map[int][2]float64{}
	for _, g := range append(slices.Clip(sp.header), sp.body...) {
		for _, c := range g.Cells {
			if g.Grid != 0 && max(c.Span, 1) == 1 && c.X1 > c.X0 {
				e, ok := ext[c.Col]
				if !ok {
					e = [2]float64{c.X0, c.X1}
				}
				ext[c.Col] = [2]float64{min(e[0], c.X0), max(e[1], c.X1)}
			}
		}
	}
	out := r
	out.Cells = make([]extract.Cell, 0, len(r.Cells))
	for _, c := range r.Cells {
		mid, best, at := (c.X0+c.X1)/2, -1.0, c.Col
		for col, e := range ext {
			d := max(e[0]-mid, mid-e[1], 0)
			if best < 0 || d < best || d == best && col < at {
				best, at = d, col
			}
		}
		c.Col, c.Span, c.X0, c.X1 = at, 1, 0, 0
		out.Cells = append(out.Cells, c)
	}
	return out
}

// allNumbered reports whether every row holds figures and nothing else:
// the rows of columns continued sideways print no labels (a row with text
// is a row of its own, on a page that continues the table downwards).
func allNumbered(rows []extract.Row) bool {
	for _, r := range rows {
		if !hasNumber(r) {
			return false
		}
		for _, c := range r.Cells {
			if k := kindOf(c.Text); k != cellNumber && k != cellBlank {
				return false
			}
		}
	}
	return true
}

// extent is the first column right of every cell of the table and the
// rightmost x of its cells.
func (t *RawTable) extent() (col int, x float64) {
	for _, rows := range [][]extract.Row{t.Header, bodyRows(t.Body)} {
		for _, r := range rows {
			for _, c := range r.Cells {
				col, x = max(col, c.Col+max(c.Span, 1)), max(x, c.X1)
			}
		}
	}
	return col, x
}

func bodyRows(body []BodyRow) []extract.Row {
	out := make([]extract.Row, len(body))
	for i, b := range body {
		out[i] = b.Row
	}
	return out
}

// shifted is row r with its cells moved col columns and x points right.
func shifted(r extract.Row, col int, x float64) extract.Row {
	out := r
	out.Cells = make([]extract.Cell, len(r.Cells))
	for i, c := range r.Cells {
		c.Col += col
		if c.X1 > c.X0 {
			c.X0, c.X1 = c.X0+x, c.X1+x
		}
		out.Cells[i] = c
	}
	return out
}
