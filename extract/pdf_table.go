package extract

import (
	"math"
	"slices"
	"sort"
)

// table is one ruled table of a page: its rules, the band boundaries they
// define and the glyphs that fall inside it.
type table struct {
	h, v   []segment
	xs, ys []float64 // column and row band boundaries, ascending
	glyphs []glyph
}

// Smallest extent, in points, of a set of rules that counts as a table.
const (
	minTableWidth  = 20
	minTableHeight = 8
)

// setBands computes the band boundaries: the positions of the vertical
// (horizontal) rules plus the ends of the horizontal (vertical) ones, so a
// table without outer side borders still has its outer bands. It reports
// whether the rules make a table at all.
func (t *table) setBands() bool {
	if len(t.h) == 0 || len(t.v) == 0 {
		return false
	}
	var xs, ys []float64
	for _, v := range t.v {
		xs = append(xs, v.x0)
		ys = append(ys, v.y0, v.y1)
	}
	for _, h := range t.h {
		ys = append(ys, h.y0)
		xs = append(xs, h.x0, h.x1)
	}
	t.xs, t.ys = cluster(xs), cluster(ys)
	n, m := len(t.xs), len(t.ys)
	return n >= 2 && m >= 2 && t.xs[n-1]-t.xs[0] >= minTableWidth && t.ys[m-1]-t.ys[0] >= minTableHeight
}

// contains reports whether a point lies in the table.
func (t *table) contains(x, y float64) bool {
	return x >= t.xs[0]-ruleTol && x <= t.xs[len(t.xs)-1]+ruleTol && y >= t.ys[0]-ruleTol && y <= t.ys[len(t.ys)-1]+ruleTol
}

// area is the extent of the table in square points.
func (t *table) area() float64 {
	return (t.xs[len(t.xs)-1] - t.xs[0]) * (t.ys[len(t.ys)-1] - t.ys[0])
}

// hasV reports whether a vertical rule at x covers the middle of [ya, yb].
func (t *table) hasV(x, ya, yb float64) bool {
	mid, q := (ya+yb)/2, (yb-ya)/5
	for _, v := range t.v {
		if math.Abs(v.x0-x) <= ruleTol && v.y0 <= mid-q && v.y1 >= mid+q {
			return true
		}
	}
	return false
}

// hasH reports whether a horizontal rule at y covers the middle of [xa, xb].
func (t *table) hasH(y, xa, xb float64) bool {
	mid, q := (xa+xb)/2, (xb-xa)/5
	for _, h := range t.h {
		if math.Abs(h.y0-y) <= ruleTol && h.x0 <= mid-q && h.x1 >= mid+q {
			return true
		}
	}
	return false
}

// merged unites the grid cells not separated by a rule; cell (r, c) is
// r*cols+c.
func (t *table) merged() unionFind {
	rows, cols := len(t.ys)-1, len(t.xs)-1
	u := newUnionFind(rows * cols)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if c+1 < cols && !t.hasV(t.xs[c+1], t.ys[r], t.ys[r+1]) {
				u.union(r*cols+c, r*cols+c+1)
			}
			if r+1 < rows && !t.hasH(t.ys[r+1], t.xs[c], t.xs[c+1]) {
				u.union(r*cols+c, (r+1)*cols+c)
			}
		}
	}
	return u
}

// span is the extent of a merged cell in bands.
type span struct {
	r0, r1, c0, c1 int
	glyphs         []glyph
}

// rows turns the table's glyphs into rows with Grid id: one row per top
// band of the merged cells that hold text.
func (t *table) rows(id int) []Row {
	t.splitUnruledBands()
	cols := len(t.xs) - 1
	u := t.merged()
	cells := make([]*span, len(u)) // by the root of each merged cell
	for _, g := range t.glyphs {
		r, c := band(t.ys, (g.y0+g.y1)/2), band(t.xs, (g.x0+g.x1)/2)
		root := u.find(r*cols + c)
		if cells[root] == nil {
			cells[root] = &span{r0: math.MaxInt, c0: math.MaxInt, r1: -1, c1: -1}
		}
		cells[root].glyphs = append(cells[root].glyphs, g)
	}
	for i := range u {
		if s := cells[u.find(i)]; s != nil {
			r, c := i/cols, i%cols
			s.r0, s.r1, s.c0, s.c1 = min(s.r0, r), max(s.r1, r), min(s.c0, c), max(s.c1, c)
		}
	}
	t.returnOverflow(cells, u)
	return t.collect(id, cells)
}

// returnOverflow gives back to the cell above the line of text a cell too
// short for its wrapped text let run down over the rule into the cell
// below (会展专场推介活动（外经贸发展专项资金市商务 / 局） over a row whose own
// text is 加油站消费节（…）). The line is the lower cell's first, it crosses
// that cell's top rule, the lower cell has a line of its own below it, and
// the brackets decide: the cell above leaves one open that the line closes;
// or the line stands too close over the lower cell's own to be a line of it.
func (t *table) returnOverflow(cells []*span, u unionFind) {
	cols := len(t.xs) - 1
	for _, s := range cells {
		if s == nil || s.r0 == 0 || s.r0 >= len(t.ys)-1 {
			continue
		}
		lines := groupLines(s.glyphs)
		if len(lines) < 2 || lines[0].top >= t.ys[s.r0] {
			continue
		}
		above := cells[u.find((s.r0-1)*cols+s.c0)]
		if above == nil || above == s || above.c0 != s.c0 || above.c1 != s.c1 {
			continue
		}
		brackets := openBrackets(cellText(above.glyphs)) > 0 && openBrackets(lineText(lines[0].glyphs)) < 0
		if !brackets && !crowded(lines[0], lines[1]) {
			continue
		}
		first := func(g glyph) bool { return math.Abs(g.base-lines[0].base) <= baseTol*math.Max(g.size, 1) }
		for _, g := range s.glyphs {
			if first(g) {
				above.glyphs = append(above.glyphs, g)
			}
		}
		s.glyphs = slices.DeleteFunc(s.glyphs, first)
	}
}

// crowdedPitch is the least distance, in font sizes, between the baselines
// of two lines of one cell: closer, they would overlap.
const crowdedPitch = 0.7

// crowded reports whether line b stands too close under line a to be the
// next line of a's text: a is not the first line of b's cell but the last
// of the cell above it, printed down over the rule (机关事业单位基本养老保险缴
// / 费, 4 points over the 职业年金缴费 of the row below).
func crowded(a, b textLine) bool {
	size := 0.0
	for _, g := range a.glyphs {
		size = math.Max(size, g.size)
	}
	return size > 0 && b.base-a.base < crowdedPitch*size
}

// openBrackets is the number of brackets a text opens less those it closes.
func openBrackets(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case '（', '(':
			n++
		case '）', ')':
			n--
		}
	}
	return n
}

// collect groups merged cells into rows by their top band, in the order
// of the cells' roots.
func (t *table) collect(id int, cells []*span) []Row {
	byRow := make([][]Cell, len(t.ys))
	var free []Row
	for _, s := range cells {
		if s == nil {
			continue
		}
		if s.c0 == 0 && s.c1 == len(t.xs)-2 && len(groupLines(s.glyphs)) > 1 {
			// A frame around the title block, not a cell: its lines are
			// free text.
			free = append(free, freeRows(s.glyphs)...)
			continue
		}
		text := cellText(s.glyphs)
		if text == "" {
			continue
		}
		byRow[s.r0] = append(byRow[s.r0], Cell{Col: s.c0, Span: s.c1 - s.c0 + 1, Text: text, X0: t.xs[s.c0], X1: t.xs[s.c1+1]})
	}
	rows := append(make([]Row, 0, len(byRow)+len(free)), free...)
	for r, cs := range byRow {
		if len(cs) == 0 {
			continue
		}
		// merged cells of odd (not rectangular) shapes can overlap in
		// their bounding columns: mergeSameColumn keeps a row well formed
		rows = append(rows, mergeSameColumn(Row{Y: t.ys[r], Cells: cs, Grid: id}))
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Y < rows[j].Y })
	return rows
}

// splitUnruledBands adds a rule between the rows of a band that holds
// several rows of figures: tables ruled only around the header and between
// columns print their body rows without rules between them. A band is split
// only when at least two of its lines hold a figure and text in two columns
// or more; each line then goes with the nearest line holding a figure, so a
// label wrapped around (or under) its figures stays in its row, and bands
// without figures (a wrapped header: 政府性 / 基金预 / 算) are left alone.
func (t *table) splitUnruledBands() {
	byBand := make([][]glyph, max(len(t.ys)-1, 1))
	for _, g := range t.glyphs {
		r := band(t.ys, (g.y0+g.y1)/2)
		byBand[r] = append(byBand[r], g)
	}
	var cuts []float64
	for _, gs := range byBand {
		if len(gs) > 0 {
			cuts = append(cuts, t.rowCuts(groupLines(gs))...)
		}
	}
	if len(cuts) == 0 {
		return
	}
	x0, x1 := t.xs[0], t.xs[len(t.xs)-1]
	for _, y := range cuts {
		t.h = append(t.h, segment{x0, y, x1, y})
		t.ys = append(t.ys, y)
	}
	sort.Float64s(t.ys)
}

// rowCuts returns where to cut the lines of one band into rows, if at all.
func (t *table) rowCuts(lines []textLine) []float64 {
	var anchors []int
	var strong []map[int]bool
	for i, l := range lines {
		figure, cols := t.figureLine(l)
		if figure {
			anchors = append(anchors, i)
			if len(cols) >= 2 {
				strong = append(strong, cols)
			}
		}
	}
	if !repeatedRows(strong) {
		return nil
	}
	owner := make([]int, len(lines))
	for i, l := range lines {
		best := math.Inf(1)
		for _, a := range anchors {
			if d := math.Abs(l.base - lines[a].base); d < best {
				owner[i], best = a, d
			}
		}
	}
	var cuts []float64
	for i := 1; i < len(lines); i++ {
		if owner[i] == owner[i-1] {
			continue
		}
		bottom := 0.0
		for _, g := range lines[i-1].glyphs {
			bottom = math.Max(bottom, g.y1)
		}
		y := (bottom + lines[i].top) / 2
		if lines[i].top <= bottom {
			y = (lines[i-1].base + lines[i].base) / 2
		}
		cuts = append(cuts, y)
	}
	return cuts
}

// repeatedRows reports whether two of the lines (given by the columns they
// have text in) share two columns: separate rows fill the same columns,
// while the pieces of one row printed at different heights (codes at the
// top of their cells, names in the middle) fill different ones.
func repeatedRows(lines []map[int]bool) bool {
	for i := range lines {
		for j := i + 1; j < len(lines); j++ {
			shared := 0
			for c := range lines[i] {
				if lines[j][c] {
					shared++
				}
			}
			if shared >= 2 {
				return true
			}
		}
	}
	return false
}

// figureLine reports whether a line holds a figure, and the columns it has
// text in.
func (t *table) figureLine(l textLine) (figure bool, cols map[int]bool) {
	cols = map[int]bool{}
	for _, run := range splitRuns(l.glyphs) {
		text := lineText(run)
		figure = figure || isNumeric(text) && !isYearLike(text)
		for _, g := range run {
			cols[band(t.xs, (g.x0+g.x1)/2)] = true
		}
	}
	return figure, cols
}
