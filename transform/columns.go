package transform

import (
	"sort"

	"github.com/budgetetl/budgetetl/extract"
)

// A table that runs over several PDF pages is read grid by grid, and each
// grid numbers its columns from what it sees: a page without rules and
// without figures in some column has fewer columns than the page with the
// headers. Rows of later grids are therefore placed by where their cells
// stand, against the columns of the table's first grid.

// gridKey identifies one grid of one page.
type gridKey struct {
	page string
	grid int
}

// colGeometry is where the columns of a table's first grid stand.
type colGeometry struct {
	key    gridKey
	ext    map[int][2]float64 // column → leftmost and rightmost x of its one-column cells
	cols   []int              // measured columns, ascending (set by freeze)
	bounds []float64          // bounds[i]: where cols[i+1] starts
}

// placeColumns measures the rows of the table's first grid and returns the
// rows of any other grid with their cells renumbered to its columns.
func (t *RawTable) placeColumns(page string, r extract.Row) extract.Row {
	key := gridKey{page, r.Grid}
	if t.columns == nil {
		t.columns = &colGeometry{key: key, ext: map[int][2]float64{}}
		for _, h := range t.Header {
			if h.Grid == key.grid {
				t.columns.observe(h)
			}
		}
	}
	g := t.columns
	if g.key == key {
		g.observe(r)
		return r
	}
	g.freeze()
	if len(g.cols) < 2 {
		return r
	}
	out := r
	out.Cells = make([]extract.Cell, 0, len(r.Cells))
	for _, c := range r.Cells {
		if c.X1 <= c.X0 {
			return r // no positions to go by
		}
		col, span := g.colAt((c.X0+c.X1)/2), 1
		if c.Span > 1 {
			col = g.colAt(c.X0 + 1)
			span = max(1, g.colAt(c.X1-1)-col+1)
		}
		c.Col, c.Span = col, span
		if n := len(out.Cells); n > 0 && c.Col < out.Cells[n-1].Col+out.Cells[n-1].Span {
			out.Cells[n-1].Text += " " + c.Text // two cells in one column of the first grid
			continue
		}
		out.Cells = append(out.Cells, c)
	}
	return out
}

// placeHeaderText places the header lines printed as free text above a
// table's grid (the top pieces of wrapped header cells of a table without
// full rules) in the grid's columns, by where their text stands.
func (t *RawTable) placeHeaderText() {
	g := t.columns
	if g == nil {
		return
	}
	g.freeze()
	if len(g.cols) < 2 {
		return
	}
	for i, r := range t.Header {
		if r.Grid != 0 || len(r.Cells) == 0 || r.Cells[0].X1 <= r.Cells[0].X0 {
			continue
		}
		out := r
		out.Cells = nil
		for _, c := range r.Cells {
			c.Col, c.Span = g.colAt((c.X0+c.X1)/2), 1
			if n := len(out.Cells); n > 0 && out.Cells[n-1].Col == c.Col {
				out.Cells[n-1].Text += c.Text
				continue
			}
			out.Cells = append(out.Cells, c)
		}
		t.Header[i] = out
	}
}

// observe widens the columns' extents by the one-column cells of row.
func (g *colGeometry) observe(row extract.Row) {
	for _, c := range row.Cells {
		if c.Span != 1 || c.X1 <= c.X0 {
			continue
		}
		e, ok := g.ext[c.Col]
		if !ok {
			e = [2]float64{c.X0, c.X1}
		}
		g.ext[c.Col] = [2]float64{min(e[0], c.X0), max(e[1], c.X1)}
	}
}

// freeze computes the boundaries between the measured columns, once.
func (g *colGeometry) freeze() {
	if g.cols != nil || len(g.ext) == 0 {
		return
	}
	for c := range g.ext {
		g.cols = append(g.cols, c)
	}
	sort.Ints(g.cols)
	for i := 0; i+1 < len(g.cols); i++ {
		g.bounds = append(g.bounds, (g.ext[g.cols[i]][1]+g.ext[g.cols[i+1]][0])/2)
	}
}

// colAt returns the measured column standing at x.
func (g *colGeometry) colAt(x float64) int {
	return g.cols[sort.SearchFloat64s(g.bounds, x)]
}
