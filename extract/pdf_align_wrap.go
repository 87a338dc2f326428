package extract

import (
	"math"
	"sort"
	"strings"
)

// Rows of a table without rules whose cells wrap over several lines.
//
// A printed row is one band of the page, and its cells are centred in it
// (or set at its top or bottom): a label wrapped over two lines stands one
// line above and one below the amounts beside it, and an amount too wide
// for its cell leaves its last digit under it, right-aligned (264,334.8
// over 9). The amounts and codes are what place a row: every figure cell
// marks the middle of its row (an anchor), and the text of a column is
// shared out among the anchors near it. Text far from every anchor (a row
// that prints no figure) is a row of its own.

// piece is the text of one column on one body line.
type piece struct {
	first, last float64 // baselines of its first and last line
	top         float64 // top of its first line
	col         int
	text        string
	x0, x1      float64
	size        float64
	figure      bool // an amount, a code or a dash: it marks its row
}

func (p piece) middle() float64 { return (p.first + p.last) / 2 }

// isDash reports an amount printed as dashes (nothing to report).
func isDash(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("-−—–", r) {
			return false
		}
	}
	return s != ""
}

// Shapes of wrapped rows, in font sizes.
const (
	anchorTol = 0.35 // figures whose middles are this close mark one row
	tailPitch = 2.0  // the most an amount's wrapped digits stand under it
	reach     = 3.0  // the farthest a line of a wrapped cell is from its row's middle
)

// bandRows builds the rows of a block's body, each printed row once
// however its cells wrap.
func bandRows(body []runLine, cols []column, grid int) []Row {
	pieces := bodyPieces(body, cols)
	pieces = joinAmountTails(pieces)
	anchors := findAnchors(pieces)
	rowOf := shareText(pieces, body, anchors)
	return assembleRows(pieces, rowOf, grid)
}

// bodyPieces places the runs of the body lines in their columns, runs of
// one line in one column being one piece.
func bodyPieces(body []runLine, cols []column) []piece {
	var out []piece
	for _, l := range body {
		start := len(out)
		for _, r := range l.runs {
			c := columnOf(cols, r.center())
			if k := findCol(out[start:], c); k >= 0 {
				p := &out[start+k]
				p.text += " " + r.text
				p.x0, p.x1 = math.Min(p.x0, r.x0), math.Max(p.x1, r.x1)
				p.figure = false
				continue
			}
			out = append(out, piece{first: l.base, last: l.base, top: l.top, col: c, text: r.text, x0: r.x0, x1: r.x1, size: l.size,
				figure: isNumeric(r.text) && !isYearLike(r.text) || isDash(r.text)})
		}
	}
	return out
}

func findCol(ps []piece, col int) int {
	for i, p := range ps {
		if p.col == col {
			return i
		}
	}
	return -1
}

// joinAmountTails joins the digits an amount wraps onto the next line of
// its cell: right-aligned under it, close below, making it an amount with
// as many decimals as the column's others (264,334.8 over 9 is 264,334.89),
// and not both lines rows of figures of their own.
func joinAmountTails(ps []piece) []piece {
	decimals := columnDecimals(ps)
	dropped := make([]bool, len(ps))
	for i := range ps {
		p := &ps[i]
		want, ok := decimals[p.col]
		if dropped[i] || !ok || !p.figure || decimalsOf(p.text) >= want {
			continue
		}
		j := nextInColumn(ps, i)
		if j < 0 {
			continue
		}
		q := ps[j]
		joined := p.text + q.text
		if q.last-p.last <= tailPitch*p.size && math.Abs(q.x1-p.x1) <= 0.5*p.size && isDigits(q.text) &&
			isSeparatedFigure(joined) && decimalsOf(joined) == want &&
			!(figuresBeside(ps, i, p.first) && figuresBeside(ps, j, q.first)) {
			p.text, p.last, p.x0 = joined, q.last, math.Min(p.x0, q.x0)
			dropped[j] = true
		}
	}
	out := ps[:0]
	for i, p := range ps {
		if !dropped[i] {
			out = append(out, p)
		}
	}
	return out
}

// figuresBeside reports whether the line at baseline y holds a figure in
// another column than ps[i]'s. An amount and its wrapped digits are one
// cell when the row's other figures stand beside one of them or between
// them, not when both lines are rows of figures.
func figuresBeside(ps []piece, i int, y float64) bool {
	for j, p := range ps {
		if j != i && p.figure && p.col != ps[i].col && math.Abs(p.first-y) <= anchorTol*p.size {
			return true
		}
	}
	return false
}

// columnDecimals returns, per column, the number of decimals most of its
// amounts print.
func columnDecimals(ps []piece) map[int]int {
	counts := map[int]map[int]int{}
	for _, p := range ps {
		if isSeparatedFigure(p.text) {
			if counts[p.col] == nil {
				counts[p.col] = map[int]int{}
			}
			counts[p.col][decimalsOf(p.text)]++
		}
	}
	out := map[int]int{}
	for col, byDec := range counts {
		best := -1
		for d, n := range byDec {
			if best < 0 || n > byDec[best] || n == byDec[best] && d > best {
				best = d
			}
		}
		out[col] = best
	}
	return out
}

func decimalsOf(s string) int {
	if k := strings.LastIndexByte(s, '.'); k >= 0 {
		return len(s) - k - 1
	}
	return 0
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// nextInColumn returns the index of the first piece after ps[i] (in line
// order) in the same column, or -1.
func nextInColumn(ps []piece, i int) int {
	for j := i + 1; j < len(ps); j++ {
		if ps[j].col == ps[i].col && ps[j].first > ps[i].last {
			return j
		}
	}
	return -1
}

// findAnchors returns the middles of the rows that print figures, top to
// bottom: figure cells whose middles lie within anchorTol of each other
// mark one row.
func findAnchors(ps []piece) []float64 {
	var mids []float64
	tol := 0.0
	for _, p := range ps {
		if p.figure {
			mids = append(mids, p.middle())
			tol = math.Max(tol, anchorTol*p.size)
		}
	}
	sort.Float64s(mids)
	var anchors []float64
	for i := 0; i < len(mids); {
		j := i + 1
		for j < len(mids) && mids[j]-mids[i] <= tol {
			j++
		}
		anchors = append(anchors, (mids[i]+mids[j-1])/2)
		i = j
	}
	return anchors
}

// shareText gives every piece its row. A figure, and a text on the line
// of an anchor, belong to that anchor's row. A text between anchors (a line
// of a wrapped cell) belongs to the nearest anchor when it stands closer to
// the lines toward it than to the line on its other side (the lines of a
// cell are closer than the rows), and either that row prints no text on
// its own line in the column (the cell's lines stand around the anchor) or
// a line as far on the other side balances it (a cell of three lines). Any
// other text is a row of its own, with the texts on the same lines, or
// continues the text above it (looseRows). Rows are numbered in anchor
// order, rows without figures after them.
func shareText(ps []piece, body []runLine, anchors []float64) []int {
	rowOf := make([]int, len(ps))
	tol := 0.0
	for _, p := range ps {
		tol = math.Max(tol, anchorTol*p.size)
	}
	onAnchor := map[[2]int]bool{} // (anchor, column) with text on the anchor's line
	var floating, loose []int
	for i, p := range ps {
		k := nearest(anchors, p.middle())
		switch {
		case k < 0 || math.Abs(anchors[k]-p.middle()) > reach*p.size:
			loose = append(loose, i)
		case p.figure || math.Abs(anchors[k]-p.middle()) <= tol:
			rowOf[i] = k
			onAnchor[[2]int{k, p.col}] = true
		default:
			rowOf[i] = k
			floating = append(floating, i)
		}
	}
	for _, i := range floating {
		k := rowOf[i]
		if !closerToward(body, ps[i].middle(), anchors[k], tol) ||
			onAnchor[[2]int{k, ps[i].col}] && !balanced(ps, floating, i, anchors[k], tol) {
			loose = append(loose, i)
		}
	}
	for g, group := range looseRows(ps, loose, body, rowOf, tol) {
		for _, i := range group {
			rowOf[i] = len(anchors) + g
		}
	}
	return rowOf
}

// closerToward reports whether the body line at y stands closer to the
// nearest line toward the anchor at a than to the nearest line on its
// other side: it is then a line of the anchor's row, not a row between.
func closerToward(body []runLine, y, a, tol float64) bool {
	toward, away := math.Abs(a-y), math.Inf(1)
	for _, l := range body {
		d := l.base - y
		switch {
		case math.Abs(d) <= tol:
		case (d > 0) == (a > y):
			toward = math.Min(toward, math.Abs(d))
		default:
			away = math.Min(away, math.Abs(d))
		}
	}
	return toward < 0.9*away
}

// balanced reports whether a floating piece of the same column as ps[i]
// stands as far below y as ps[i] stands above it.
func balanced(ps []piece, floating []int, i int, y, tol float64) bool {
	d := y - ps[i].middle()
	for _, j := range floating {
		if ps[j].col == ps[i].col && math.Abs(ps[j].middle()-y-d) <= tol {
			return true
		}
	}
	return false
}

// looseRows places the pieces no anchor takes. A piece close under a text
// of its column on the line just above (closer than three quarters of the
// body's usual line gap: a label wrapped under a row set at its top)
// continues that text's row; the others make rows of their own, the pieces
// of a column on close lines being one cell and cells on the same lines
// (within tol) one row. It sets rowOf for continued rows and returns the
// new rows top to bottom.
func looseRows(ps []piece, loose []int, body []runLine, rowOf []int, tol float64) [][]int {
	sort.SliceStable(loose, func(a, b int) bool { return ps[loose[a]].first < ps[loose[b]].first })
	lineClose := tightGap(body)
	isLoose := make(map[int]int, len(loose)) // piece -> its cell, for loose pieces
	var cells [][]int
	for _, i := range loose {
		q := aboveInColumn(ps, i)
		if q >= 0 && !ps[q].figure && ps[i].first-ps[q].last < lineClose && lineAbove(body, ps[i].first, tol) >= ps[q].last-tol {
			if c, ok := isLoose[q]; ok {
				cells[c] = append(cells[c], i)
				isLoose[i] = c
			} else {
				rowOf[i] = rowOf[q]
			}
			continue
		}
		isLoose[i] = len(cells)
		cells = append(cells, []int{i})
	}
	var rows [][]int
	bottom := math.Inf(-1)
	for _, c := range cells {
		first, last := ps[c[0]].first, ps[c[len(c)-1]].last
		if len(rows) > 0 && first <= bottom+tol {
			rows[len(rows)-1] = append(rows[len(rows)-1], c...)
			bottom = math.Max(bottom, last)
			continue
		}
		rows = append(rows, c)
		bottom = last
	}
	return rows
}

// tightGap is three quarters of the body's usual gap between lines (the
// upper quartile: most gaps are whole rows).
func tightGap(body []runLine) float64 {
	var gaps []float64
	for i := 1; i < len(body); i++ {
		gaps = append(gaps, body[i].base-body[i-1].base)
	}
	if len(gaps) == 0 {
		return 0
	}
	sort.Float64s(gaps)
	return 0.75 * gaps[len(gaps)*3/4]
}

// aboveInColumn returns the piece of ps[i]'s column whose last line is the
// nearest above ps[i], or -1.
func aboveInColumn(ps []piece, i int) int {
	best := -1
	for j, p := range ps {
		if p.col == ps[i].col && p.last < ps[i].first && (best < 0 || p.last > ps[best].last) {
			best = j
		}
	}
	return best
}

// lineAbove returns the baseline of the body line just above y.
func lineAbove(body []runLine, y, tol float64) float64 {
	above := math.Inf(-1)
	for _, l := range body {
		if l.base < y-tol {
			above = math.Max(above, l.base)
		}
	}
	return above
}

// assembleRows makes one row per row number, its cells joining the pieces
// of each column top to bottom, the rows in page order.
func assembleRows(ps []piece, rowOf []int, grid int) []Row {
	n := 0
	for _, r := range rowOf {
		n = max(n, r+1)
	}
	members := make([][]piece, n)
	for i, p := range ps {
		members[rowOf[i]] = append(members[rowOf[i]], p)
	}
	var rows []Row
	for _, m := range members {
		if len(m) == 0 {
			continue
		}
		sort.SliceStable(m, func(a, b int) bool { return m[a].first < m[b].first })
		row := Row{Y: math.Inf(1), Grid: grid}
		for _, p := range m {
			row.Y = math.Min(row.Y, p.top)
			row.Cells = appendPiece(row.Cells, p)
		}
		sort.SliceStable(row.Cells, func(a, b int) bool { return row.Cells[a].Col < row.Cells[b].Col })
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].Y < rows[b].Y })
	return rows
}

// appendPiece adds p to the cells of a row: to the text of its column's
// cell when there is one (a wrapped line), else as a new cell.
func appendPiece(cells []Cell, p piece) []Cell {
	for k := range cells {
		if cells[k].Col == p.col {
			cells[k].Text = joinCellText(cells[k].Text, p.text)
			cells[k].X0, cells[k].X1 = math.Min(cells[k].X0, p.x0), math.Max(cells[k].X1, p.x1)
			return cells
		}
	}
	return append(cells, Cell{Col: p.col, Span: 1, Text: p.text, X0: p.x0, X1: p.x1})
}

// joinCellText joins two wrapped pieces of a cell as cellText does.
func joinCellText(a, b string) string {
	if joinWithSpace(a, b) {
		return a + " " + b
	}
	return a + b
}

// nearest returns the index of the anchor nearest to y (the upper one of
// two as near), or -1 when there is none.
func nearest(anchors []float64, y float64) int {
	if len(anchors) == 0 {
		return -1
	}
	best := 0
	for k, a := range anchors {
		if math.Abs(a-y) < math.Abs(anchors[best]-y) {
			best = k
		}
	}
	return best
}
