package extract

import (
	"math"
	"sort"
)

// Rows of a table without rules whose label wraps over several lines.

// joinWrapped joins the lines of one printed row whose cell text wraps: a
// line of figures without a label, with label-only lines just above and
// below it (a label wrapped around vertically centred figures), or a
// label-only line just below a labelled line (a label wrapped under
// top-aligned figures). "Just" is closer than three quarters of the
// block's usual line pitch.
func joinWrapped(body []runLine, rows []Row) []Row {
	if len(rows) < 3 {
		return rows
	}
	var gaps []float64
	for i := 1; i < len(body); i++ {
		gaps = append(gaps, body[i].top-body[i-1].top)
	}
	sort.Float64s(gaps)
	close := 0.75 * gaps[len(gaps)*3/4] // most gaps are whole rows
	tight := func(i int) bool { return i > 0 && i < len(body) && body[i].top-body[i-1].top < close }
	labelOnly := func(r Row) bool {
		for _, c := range r.Cells {
			if isNumeric(c.Text) {
				return false
			}
		}
		return len(r.Cells) == 1
	}
	unlabelled := func(r Row) bool {
		for _, c := range r.Cells {
			if !isNumeric(c.Text) {
				return false
			}
		}
		return true
	}
	var out []Row
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		switch {
		case labelOnly(r) && i+1 < len(rows) && tight(i+1) && unlabelled(rows[i+1]):
			// a label wrapped around vertically centred figures: its
			// first line, the figures, maybe its last line
			r = joinRows(r, rows[i+1])
			i++
			if i+1 < len(rows) && tight(i+1) && labelOnly(rows[i+1]) && rows[i+1].Cells[0].Col == r.Cells[0].Col {
				r = joinRows(r, rows[i+1])
				i++
			}
		case labelOnly(r) && tight(i) && len(out) > 0 && hasCol(out[len(out)-1], r.Cells[0].Col):
			r = joinRows(out[len(out)-1], r)
			out = out[:len(out)-1]
		}
		out = append(out, r)
	}
	return out
}

func hasCol(r Row, col int) bool {
	c, ok := r.Cell(col)
	return ok && !isNumeric(c.Text)
}

// joinRows puts b's cells into a: text in the same column is appended.
func joinRows(a, b Row) Row {
	out := Row{Y: a.Y, Grid: a.Grid, Cells: append([]Cell(nil), a.Cells...)}
	for _, c := range b.Cells {
		merged := false
		for k := range out.Cells {
			if out.Cells[k].Col == c.Col {
				out.Cells[k].Text = joinCellText(out.Cells[k].Text, c.Text)
				out.Cells[k].X0, out.Cells[k].X1 = math.Min(out.Cells[k].X0, c.X0), math.Max(out.Cells[k].X1, c.X1)
				merged = true
				break
			}
		}
		if !merged {
			out.Cells = append(out.Cells, c)
		}
	}
	sort.SliceStable(out.Cells, func(i, j int) bool { return out.Cells[i].Col < out.Cells[j].Col })
	return out
}

// joinCellText joins two wrapped pieces of a cell as cellText does.
func joinCellText(a, b string) string {
	if joinWithSpace(a, b) {
		return a + " " + b
	}
	return a + b
}
