package extract

import (
	"math"
	"sort"
)

// Columns of a table without rules: clustering the body runs, matching
// header runs to the clusters, and sharing out the columns among the group
// headers above them.

// column is one column of an aligned block.
type column struct {
	x0, x1 float64 // extent of its header and body runs
	hi     float64 // right bound of its cells: midway to the next column
	// the spread of its body runs' left and right edges
	leftSpread, rightSpread float64
	bodyX1                  float64 // the right edge of its body runs alone
	figures                 bool    // its body runs are all figures
	// anchor is the best guess of the cell's centre: its leaf header's
	// centre (headers are centred), else the middle of its runs
	anchor float64
}

func (c column) center() float64 { return (c.x0 + c.x1) / 2 }

// clusterRuns merges the runs of the body lines that overlap horizontally
// into column extents, left to right.
func clusterRuns(body []runLine) []column {
	var all []run
	lone := map[[2]float64]bool{} // the text runs alone on their line, by left edge and baseline
	for _, l := range body {
		all = append(all, l.runs...)
		if len(l.runs) == 1 && !l.runs[0].numeric {
			lone[[2]float64{l.runs[0].x0, l.runs[0].base}] = true
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].x0 < all[j].x0 })
	var out []column
	var members [][]run
	for _, r := range all {
		if n := len(out); n > 0 && r.x0 < out[n-1].x1-clusterSlop {
			out[n-1].x1 = math.Max(out[n-1].x1, r.x1)
			members[n-1] = append(members[n-1], r)
			continue
		}
		out = append(out, column{x0: r.x0, x1: r.x1})
		members = append(members, []run{r})
	}
	out, members = joinWrapMargins(out, members, lone)
	for i, rs := range members {
		out[i].leftSpread, out[i].rightSpread = spread(rs, func(r run) float64 { return r.x0 }), spread(rs, func(r run) float64 { return r.x1 })
		out[i].bodyX1, out[i].figures = out[i].x1, allRuns(rs, func(r run) bool { return r.numeric })
	}
	return out
}

// joinWrapMargins joins to the label column on its right a column that
// holds only text alone on its line: the rest of a label wrapped back to
// its cell's left edge, left of the label's indent (机关事业单位基本养老保 |
// 险缴费 under it at the margin, on a page whose labels are all indented).
// A column of its own prints beside the labels, on their lines.
func joinWrapMargins(out []column, members [][]run, lone map[[2]float64]bool) ([]column, [][]run) {
	for k := len(out) - 2; k >= 0; k-- {
		if !allRuns(members[k], func(r run) bool { return lone[[2]float64{r.x0, r.base}] }) || !allRuns(members[k+1], func(r run) bool { return !r.numeric }) {
			continue
		}
		out[k].x1 = math.Max(out[k].x1, out[k+1].x1)
		members[k] = append(members[k], members[k+1]...)
		out, members = append(out[:k+1], out[k+2:]...), append(members[:k+1], members[k+2:]...)
	}
	return out, members
}

func allRuns(rs []run, ok func(run) bool) bool {
	for _, r := range rs {
		if !ok(r) {
			return false
		}
	}
	return true
}

func spread(rs []run, at func(run) float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rs {
		lo, hi = math.Min(lo, at(r)), math.Max(hi, at(r))
	}
	return hi - lo
}

// centerRange is where the centre of cluster k's cell can be: the cell
// holds the cluster and no part of its neighbours.
func centerRange(clusters []column, k int, pad float64) column {
	c := clusters[k]
	left, right := c.x0-pad, c.x1+pad
	if k > 0 {
		left = clusters[k-1].x1
	}
	if k+1 < len(clusters) {
		right = clusters[k+1].x0
	}
	return column{x0: (left + c.x1) / 2, x1: (c.x0 + right) / 2}
}

// matchColumns pairs body clusters with the header runs over them. A
// header is centred over its cell, so it belongs to the cluster whose
// possible cell centres (centerRange) lie nearest to its centre, and among
// equally near ones to the cluster it stands closest to; pairs are made
// nearest first, without crossing, within the width of that range. The
// candidates are the leaf line's runs and the runs alone on a higher header
// line (cells merged down through the header rows: 上年结转 beside the leaf
// headers of 本年收入). A leaf header, a higher run over no header text
// below it (down: a cell merged down over a column left blank) or a cluster
// left alone is a column of its own. It returns the columns left to right
// and each leaf run's column.
func matchColumns(leaf, upper []run, down []bool, clusters []column) ([]column, []int) {
	heads := append(append([]run(nil), leaf...), upper...)
	pad := 4.0
	for _, r := range leaf {
		pad = math.Max(pad, (r.x1-r.x0)/math.Max(float64(len([]rune(r.text))), 1))
	}
	type pair struct {
		h, c   int
		d, ext float64
	}
	var pairs []pair
	for j, c := range clusters {
		rg := centerRange(clusters, j, 2*pad)
		limit := math.Max(rg.x1-rg.x0, 3*pad)
		for i, h := range heads {
			d := distance(h.center(), rg)
			if i >= len(leaf) && down[i-len(leaf)] {
				// beside blank cells the cell bounds are not known: over
				// its figures, or a column of its own
				d = distance(h.center(), column{x0: c.x0 - pad, x1: c.x1 + pad})
			}
			if alignedWith(h, c) {
				d = 0 // printed flush with the column's text rather than centred
			}
			if d <= limit {
				pairs = append(pairs, pair{i, j, d, distance(h.center(), c)})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
		if ua, ub := pairs[a].h >= len(leaf), pairs[b].h >= len(leaf); ua != ub {
			return ub // leaf headers first: a higher one only takes a column none of them heads
		}
		if pairs[a].d != pairs[b].d {
			return pairs[a].d < pairs[b].d
		}
		if pairs[a].ext != pairs[b].ext {
			return pairs[a].ext < pairs[b].ext
		}
		return pairs[a].h < pairs[b].h // a leaf header before a higher one
	})
	owner := make([]int, len(clusters))
	for j := range owner {
		owner[j] = -1
	}
	claimed := make([]bool, len(heads))
	for _, p := range pairs {
		if owner[p.c] >= 0 || claimed[p.h] || crossesPair(owner, heads, p.h, p.c) {
			continue
		}
		owner[p.c], claimed[p.h] = p.h, true
	}
	type entry struct {
		col    column
		header int
	}
	var entries []entry
	for j, c := range clusters {
		c.anchor = c.center()
		if h := owner[j]; h >= 0 {
			c.x0, c.x1, c.anchor = math.Min(c.x0, heads[h].x0), math.Max(c.x1, heads[h].x1), heads[h].center()
		}
		entries = append(entries, entry{c, owner[j]})
	}
	for i, h := range heads {
		if !claimed[i] && (i < len(leaf) || down[i-len(leaf)]) {
			entries = append(entries, entry{column{x0: h.x0, x1: h.x1, anchor: h.center()}, i})
		}
	}
	sort.SliceStable(entries, func(a, b int) bool { return entries[a].col.center() < entries[b].col.center() })
	cols := make([]column, len(entries))
	leafCol := make([]int, len(leaf))
	for k, e := range entries {
		cols[k] = e.col
		if e.header >= 0 && e.header < len(leaf) {
			leafCol[e.header] = k
		}
	}
	return cols, leafCol
}

// alignedWith reports a header printed flush with a cluster: its left edge
// on a left-aligned column's, or its right edge on a right-aligned one's.
func alignedWith(h run, c column) bool {
	switch {
	case c.leftSpread < c.rightSpread:
		return math.Abs(h.x0-c.x0) <= clusterSlop
	case c.rightSpread < c.leftSpread:
		return math.Abs(h.x1-c.x1) <= clusterSlop
	}
	return false
}

// crossesPair reports whether pairing header h with cluster c would cross a
// pair already made (clusters are in left-to-right order; headers are
// compared by their centres).
func crossesPair(owner []int, heads []run, h, c int) bool {
	x := heads[h].center()
	for j, o := range owner {
		if o >= 0 && (j < c && heads[o].center() > x || j > c && heads[o].center() < x) {
			return true
		}
	}
	return false
}

// distance is how far x lies outside the column's extent.
func distance(x float64, c column) float64 {
	switch {
	case x < c.x0:
		return c.x0 - x
	case x > c.x1:
		return x - c.x1
	}
	return 0
}

// rightAligned reports a column of figures set flush right, as figures are
// unless their left edges line up better than their right ones: its cells
// end just right of them. Text is not placed by its right edge.
func (c column) rightAligned() bool { return c.figures && c.rightSpread <= c.leftSpread }

// cellPad is how far, in points, a cell reaches right of figures set flush
// right in it.
const cellPad = 2.0

// columnOf returns the column whose cell bounds hold x.
func columnOf(cols []column, x float64) int {
	for i, c := range cols {
		if x < c.hi {
			return i
		}
	}
	return len(cols) - 1
}

// underLine reports, for a header line at y, the columns with header text
// below it that can be under a group header on it. A cell merged down to
// the header's bottom (the lowest text of its column, above the leaf line)
// prints its text halfway between the top of its row and that bottom, so
// its middle b tells the row it starts on (2b − bottom). A cell that starts
// on the line's row or above stands beside the line's groups, not under
// them (合计 beside 2026年财政拨款 over 一般公共预算 | 政府性基金预算 | …);
// one that starts on a lower group row (groupYs) is under them (会议费,
// merged down from the row of 一般公共预算拨款安排的“三公”经费预算, is under
// the year over both, and beside 公务用车购置及运行维护费 below).
func underLine(belowY, lowestY []float64, y, leafY, bottom float64, groupYs []float64) []bool {
	under := make([]bool, len(belowY))
	for c, b := range belowY {
		switch {
		case math.IsNaN(b):
		case b == lowestY[c] && b < leafY-0.5 && startsBeside(2*b-bottom, y, b, 0.3*(bottom-y), groupYs):
		default:
			under[c] = true
		}
	}
	return under
}

// startsBeside reports whether a merged-down cell at middle b, whose top
// row is at origin, starts on the row at y or above it (up to tol below
// it), and not on a group row between y and b nearer to origin.
func startsBeside(origin, y, b, tol float64, groupYs []float64) bool {
	if origin >= y+tol {
		return false
	}
	for _, o := range groupYs {
		if y < o && o < b && math.Abs(origin-o) < math.Abs(origin-y) {
			return false
		}
	}
	return true
}

// groupCells places the runs of a header line above the leaf line. A run
// over a column with no header text below it is a cell merged down to the
// leaf line: it spans that column. A run over columns with headers below is
// a group header, printed in the middle of the columns it heads: the runs
// of the line share out those columns in order, each taking the span
// centred nearest to it (the least total distance over the line), none
// ending inside a cell below (inside, by the edge before each column).
func groupCells(cols []column, runs []run, below, inside []bool) []Cell {
	n := len(runs)
	at := make([]int, n)
	for i, r := range runs {
		at[i] = columnOf(cols, r.center())
	}
	// lo[i], hi[i]: how far run i may reach, short of its neighbours.
	lo, hi := make([]int, n), make([]int, n)
	for i := range runs {
		lo[i], hi[i] = at[i], at[i]
		if !below[at[i]] {
			continue
		}
		for lo[i] > 0 && below[lo[i]-1] && (i == 0 || lo[i]-1 > at[i-1]) {
			lo[i]--
		}
		for hi[i]+1 < len(cols) && below[hi[i]+1] && (i == n-1 || hi[i]+1 < at[i+1]) {
			hi[i]++
		}
	}
	var spans [][2]int
	if len(cols) <= maxSpanColumns && n <= maxSpanColumns {
		spans = bestSpans(cols, runs, at, lo, hi, below, inside)
	} else { // no table has that many columns: each run keeps its own
		for i := range runs {
			spans = append(spans, [2]int{at[i], at[i]})
		}
	}
	cells := make([]Cell, n)
	for i, r := range runs {
		cells[i] = cellAt(spans[i][0], spans[i][1], r)
	}
	return cells
}

// maxSpanColumns bounds the search of bestSpans (cubic in the columns).
const maxSpanColumns = 60

// bestSpans chooses for each run i a span [a, b] with lo[i] <= a <= at[i]
// <= b <= hi[i], the spans in order without overlap: first covering every
// headed column between two groups (a group line shares out the columns
// between its groups; beside a cell merged down through the line, columns
// may belong to cells above it), then at the least total distance between each
// run's centre and its span's; ties go to wider spans. A span of several
// columns does not end inside a cell of a lower row (inside[k]: the edge
// before column k is inside one): a group holds whole cells. A run that
// cannot fit keeps its own column.
func bestSpans(cols []column, runs []run, at, lo, hi []int, below, inside []bool) [][2]int {
	const uncovered = 1e4 // per headed column left between two groups
	type state struct {
		cost float64
		span [][2]int
	}
	memo := map[[2]int]state{}
	var solve func(i, from int) state
	solve = func(i, from int) state {
		if i == len(runs) {
			return state{}
		}
		key := [2]int{i, from}
		if st, ok := memo[key]; ok {
			return st
		}
		best := state{cost: math.Inf(1)}
		for a := max(lo[i], from); a <= at[i]; a++ {
			for b := at[i]; b <= hi[i]; b++ {
				if a < b && (inside[a] || inside[b+1]) {
					continue // a group cannot part a cell below it
				}
				d := math.Abs((cols[a].anchor+cols[b].anchor)/2-runs[i].center()) - 0.01*float64(b-a)
				for c := from; i > 0 && below[at[i-1]] && below[at[i]] && c < a; c++ {
					if below[c] {
						d += uncovered
					}
				}
				rest := solve(i+1, b+1)
				if c := d + rest.cost; c < best.cost {
					best = state{cost: c, span: append([][2]int{{a, b}}, rest.span...)}
				}
			}
		}
		if math.IsInf(best.cost, 1) {
			rest := solve(i+1, max(from, at[i]+1))
			best = state{cost: rest.cost, span: append([][2]int{{at[i], at[i]}}, rest.span...)}
		}
		memo[key] = best
		return best
	}
	return solve(0, 0).span
}
