package extract

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Tables without rules. Free text lines (outside every ruled table) that
// hold several runs of text with figures among them, one under the other,
// are a table whose columns only alignment shows:
//   - the body's columns are the clusters of its runs (runs that overlap
//     horizontally are one column: right-aligned amounts share their right
//     edge, left-aligned labels their left edge);
//   - the header line just above the body (or a row of column numbers) is
//     matched to those clusters: a header is centred over its cell, so it
//     need not overlap the figures under it (matchColumns);
//   - header lines higher up hold cells merged down to the leaf line (span
//     one column) and group headers, which share out the columns below them
//     centred over their span (groupCells);
//   - a label wrapped over two lines is joined into its row (joinWrapped).
// The lines of such a block become rows with their own Grid id and shared
// column numbers; every other free line stays Grid 0, one cell per run.

// numericRe matches a run that is a figure or a code: 701.48, 1,234, 2080505.
var numericRe = regexp.MustCompile(`^[-−]?[0-9][0-9,]*(?:\.[0-9]+)?$`)

// Shapes of aligned blocks, in font sizes (or as fractions).
const (
	blockGap    = 3.0  // the widest vertical gap between the lines of a block
	proseWidth  = 0.55 // a lone run wider than this share of the block is prose
	clusterSlop = 1.0  // runs must overlap by more than this (points) to share a column
)

// run is a piece of a line between wide gaps.
type run struct {
	x0, x1  float64
	text    string
	numeric bool
}

func (r run) center() float64 { return (r.x0 + r.x1) / 2 }

// runLine is a text line cut into runs.
type runLine struct {
	top, size float64
	runs      []run
}

func (l runLine) numeric() bool {
	for _, r := range l.runs {
		if r.numeric && !yearLikeRe.MatchString(r.text) {
			return true
		}
	}
	return false
}

// yearLikeRe matches a bare year (2025), which marks no table row.
var yearLikeRe = regexp.MustCompile(`^(?:19|20)[0-9]{2}$`)

// prose reports a line of running text or a title: sentence punctuation
// in a run, or the line ends in 表 (a title, or a contents entry).
func (l runLine) prose() bool {
	for _, r := range l.runs {
		if strings.ContainsAny(r.text, "，。；") {
			return true
		}
	}
	return strings.HasSuffix(l.runs[len(l.runs)-1].text, "表")
}

func (l runLine) width() float64 { return l.runs[len(l.runs)-1].x1 - l.runs[0].x0 }

// alignedRows turns the free glyphs of a page into rows: aligned blocks get
// Grid ids from nextGrid on, the other lines are Grid 0 with one cell per
// run.
func alignedRows(gs []glyph, nextGrid int) []Row {
	lines := runLines(gs)
	var rows []Row
	for i := 0; i < len(lines); {
		head, end, ok := alignedBlock(lines, i)
		if !ok {
			rows = append(rows, plainRow(lines[i]))
			i++
			continue
		}
		for _, l := range lines[i:head] {
			rows = append(rows, plainRow(l))
		}
		rows = append(rows, alignBlock(lines[head:end], countHeader(lines, head, end), nextGrid)...)
		nextGrid++
		i = end
	}
	return rows
}

// runLines groups glyphs into lines and cuts each into runs.
func runLines(gs []glyph) []runLine {
	var out []runLine
	for _, l := range groupLines(gs) {
		rl := runLine{top: l.top}
		for _, g := range l.glyphs {
			rl.size = math.Max(rl.size, g.size)
		}
		for _, rg := range splitRuns(l.glyphs) {
			if text := lineText(rg); text != "" {
				rl.runs = append(rl.runs, run{x0: rg[0].x0, x1: rg[len(rg)-1].x1, text: text, numeric: numericRe.MatchString(text)})
			}
		}
		if len(rl.runs) > 0 {
			out = append(out, rl)
		}
	}
	return out
}

func plainRow(l runLine) Row {
	cells := make([]Cell, len(l.runs))
	for i, r := range l.runs {
		cells[i] = Cell{Col: i, Span: 1, Text: r.text, X0: r.x0, X1: r.x1}
	}
	return Row{Y: l.top, Cells: cells}
}

// alignedBlock reports whether an aligned block starts at line i: header
// lines (several runs, no figures) from i on, each close under the one
// before, then a body of at least two lines of several runs, the first
// with a figure. It returns the block's first line and its end.
func alignedBlock(lines []runLine, i int) (head, end int, ok bool) {
	start := i
	for start < len(lines) && !bodyStart(lines[start]) && headerLike(lines[start]) && (start == i || near(lines[start-1], lines[start])) {
		start++
	}
	if start == len(lines) || !bodyStart(lines[start]) || start > i && !near(lines[start-1], lines[start]) {
		return emptyBlock(lines, i, start)
	}
	end = start + 1
	width, figX := lines[start].width(), figuresFrom(lines[start], math.Inf(1))
	var gaps []float64 // between the body's lines so far: a row with a wrapped label is taller
	for end < len(lines) && nearInBody(lines[end-1], lines[end], gaps) && bodyLike(lines[end], width, figX) {
		width, figX = math.Max(width, lines[end].width()), figuresFrom(lines[end], figX)
		gaps = append(gaps, lines[end].top-lines[end-1].top)
		end++
	}
	multi := 0
	for _, l := range lines[start:end] {
		if len(l.runs) >= 2 {
			multi++
		}
	}
	return i, end, multi >= 2
}

// emptyBlock reports a table printed without figures (本表无数据): header
// lines from i to the last line of three runs or more, then one to three
// short one-run lines (部门合计) before lines[end]. Without figures there is
// less to go by, so more is asked of the header.
func emptyBlock(lines []runLine, i, end int) (head, end2 int, ok bool) {
	leaf := -1
	for k := i; k < end; k++ {
		if len(lines[k].runs) >= 3 {
			leaf = k
		}
	}
	if leaf < 0 || end-leaf-1 < 1 || end-leaf-1 > 3 {
		return 0, 0, false
	}
	for _, l := range lines[leaf+1 : end] {
		if len(l.runs) != 1 || len([]rune(l.runs[0].text)) > 12 {
			return 0, 0, false
		}
	}
	return i, end, true
}

// bodyStart reports whether a line can start a block's body: several runs,
// one of them a figure.
func bodyStart(l runLine) bool {
	return len(l.runs) >= 2 && l.numeric() && !isNumberRow(l) && !l.prose()
}

// headerLike reports whether a line can be a header line of a block: no
// figure (but column numbers), no field (单位：万元) and no title (…表)
// among its runs.
func headerLike(l runLine) bool {
	if isNumberRow(l) {
		return true
	}
	if l.numeric() || l.prose() {
		return false
	}
	for _, r := range l.runs {
		if strings.ContainsAny(r.text, "：:") || strings.HasSuffix(r.text, "表") {
			return false
		}
	}
	return true
}

// bodyLike reports whether a line continues a block's body: several runs,
// or one run that is not a note, a title or a line of prose. A lone run that
// ends left of the figures seen so far (figX) is a label, however long (a
// project name wrapped over lines); prose runs across the figure columns.
func bodyLike(l runLine, width, figX float64) bool {
	if l.prose() {
		return false
	}
	if len(l.runs) >= 2 || l.numeric() {
		return true
	}
	t := l.runs[0].text
	if strings.HasPrefix(t, "注") || strings.HasPrefix(t, "说明") || strings.HasSuffix(t, "表") {
		return false // a note, or the title of the next table
	}
	return l.runs[0].x1 < figX || l.width() <= proseWidth*width
}

// figuresFrom returns the leftmost x of the figures (amounts printed with a
// decimal point or separators) of a line, or figX if that is further left.
func figuresFrom(l runLine, figX float64) float64 {
	for _, r := range l.runs {
		if figureRe.MatchString(r.text) {
			figX = math.Min(figX, r.x0)
		}
	}
	return figX
}

// nearInBody reports whether line b follows line a closely enough to be in
// the same body: near, or within twice the body's usual line pitch.
func nearInBody(a, b runLine, gaps []float64) bool {
	if near(a, b) {
		return true
	}
	if len(gaps) == 0 {
		return false
	}
	sorted := append([]float64(nil), gaps...)
	sort.Float64s(sorted)
	return b.top-a.top <= 2*sorted[len(sorted)/2]
}

// near reports whether line b follows line a closely enough to be in the
// same block.
func near(a, b runLine) bool {
	return b.top-a.top <= blockGap*math.Max(math.Max(a.size, b.size), 4)
}

// countHeader returns how many lines of lines[head:end] are header lines:
// those before the first line with a figure, up to the last of them with
// several runs (the leaf headers); one-run lines after that are the first
// body rows (a label with no figures).
func countHeader(lines []runLine, head, end int) int {
	n, last := 0, 0
	for _, l := range lines[head:end] {
		if bodyStart(l) {
			break
		}
		n++
		if len(l.runs) >= 2 {
			last = n
		}
	}
	if last == 0 {
		return n
	}
	return last
}

// column is one column of an aligned block.
type column struct {
	x0, x1 float64 // extent of its header and body runs
	hi     float64 // right bound of its cells: midway to the next column
	// the spread of its body runs' left and right edges
	leftSpread, rightSpread float64
	// anchor is the best guess of the cell's centre: its leaf header's
	// centre (headers are centred), else the middle of its runs
	anchor float64
}

func (c column) center() float64 { return (c.x0 + c.x1) / 2 }

// alignBlock builds the rows of one block whose first nHeader lines are
// headers.
func alignBlock(lines []runLine, nHeader, grid int) []Row {
	body := lines[nHeader:]
	var leaf, upper []run
	if nHeader > 0 {
		leaf = lines[nHeader-1].runs
	}
	for _, l := range lines[:max(0, nHeader-1)] {
		if len(l.runs) == 1 {
			upper = append(upper, l.runs[0])
		}
	}
	cols, leafCol := matchColumns(leaf, upper, clusterRuns(body))
	for i := range cols {
		cols[i].hi = math.Inf(1)
		if i > 0 {
			cols[i-1].hi = (cols[i-1].x1 + cols[i].x0) / 2
		}
	}
	rows := headerRows(lines[:nHeader], cols, leafCol, grid)
	var bodyRows []Row
	for _, l := range body {
		row := Row{Y: l.top, Grid: grid}
		for _, r := range l.runs {
			c := columnOf(cols, r.center())
			row.Cells = append(row.Cells, cellAt(c, c, r))
		}
		bodyRows = append(bodyRows, mergeSameColumn(row))
	}
	return append(rows, joinWrapped(body, bodyRows)...)
}

// headerRows places the header lines of a block, bottom up: the leaf line
// by its matched columns, each higher line by what stands below it.
func headerRows(lines []runLine, cols []column, leafCol []int, grid int) []Row {
	rows := make([]Row, len(lines))
	// belowY[c]: the nearest lower header line with text in column c;
	// lowestY[c]: the lowest one
	belowY, lowestY := make([]float64, len(cols)), make([]float64, len(cols))
	for i := range belowY {
		belowY[i], lowestY[i] = math.NaN(), math.NaN()
	}
	leafY := math.NaN() // the lowest header line that is not column numbers
	for li := len(lines) - 1; li >= 0; li-- {
		l := lines[li]
		row := Row{Y: l.top, Grid: grid}
		if li == len(lines)-1 {
			for ri, r := range l.runs {
				row.Cells = append(row.Cells, cellAt(leafCol[ri], leafCol[ri], r))
			}
		} else {
			row.Cells = groupCells(cols, l.runs, underLine(belowY, lowestY, l.top, leafY))
		}
		rows[li] = mergeSameColumn(row)
		if isNumberRow(l) {
			continue
		}
		if math.IsNaN(leafY) {
			leafY = l.top
		}
		for _, c := range rows[li].Cells {
			for k := c.Col; k < c.Col+c.Span; k++ {
				belowY[k] = l.top
				if math.IsNaN(lowestY[k]) {
					lowestY[k] = l.top
				}
			}
		}
	}
	return rows
}

// isNumberRow reports a line of column numbers (1 2 3 …) under the
// headers: each number is centred over its column.
func isNumberRow(l runLine) bool {
	if len(l.runs) < 3 {
		return false
	}
	for i, r := range l.runs {
		if r.text != strconv.Itoa(i+1) {
			return false
		}
	}
	return true
}

// clusterRuns merges the runs of the body lines that overlap horizontally
// into column extents, left to right.
func clusterRuns(body []runLine) []column {
	var all []run
	for _, l := range body {
		all = append(all, l.runs...)
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
	for i, rs := range members {
		out[i].leftSpread, out[i].rightSpread = spread(rs, func(r run) float64 { return r.x0 }), spread(rs, func(r run) float64 { return r.x1 })
	}
	return out
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
// headers of 本年收入). A leaf header or a cluster left alone is a column of
// its own. It returns the columns left to right and each leaf run's column.
func matchColumns(leaf, upper []run, clusters []column) ([]column, []int) {
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
			if alignedWith(h, c) {
				d = 0 // printed flush with the column's text rather than centred
			}
			if d <= limit {
				pairs = append(pairs, pair{i, j, d, distance(h.center(), c)})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
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
	for i, h := range leaf {
		if !claimed[i] {
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

// columnOf returns the column whose cell bounds hold x.
func columnOf(cols []column, x float64) int {
	for i, c := range cols {
		if x < c.hi {
			return i
		}
	}
	return len(cols) - 1
}

// cellAt makes the cell of run r over columns c0..c1. Its X0 and X1 are
// the text's extent: a table without rules has no cell edges.
func cellAt(c0, c1 int, r run) Cell {
	return Cell{Col: c0, Span: c1 - c0 + 1, Text: r.text, X0: r.x0, X1: r.x1}
}

// underLine reports, for a header line at y, the columns with header text
// below it that can be under a group header on it. A cell merged down from
// the line's own row to the leaf row (the lowest text of its column, above
// the leaf line) prints its text halfway between the two: it stands beside
// the line's groups, not under them (合计 beside 2026年财政拨款 over
// 一般公共预算 | 政府性基金预算 | …).
func underLine(belowY, lowestY []float64, y, leafY float64) []bool {
	under := make([]bool, len(belowY))
	for c, b := range belowY {
		switch {
		case math.IsNaN(b):
		case b == lowestY[c] && b < leafY-0.5 && math.Abs(b-(y+leafY)/2) < 0.15*(leafY-y):
		default:
			under[c] = true
		}
	}
	return under
}

// groupCells places the runs of a header line above the leaf line. A run
// over a column with no header text below it is a cell merged down to the
// leaf line: it spans that column. A run over columns with headers below is
// a group header, printed in the middle of the columns it heads: the runs
// of the line share out those columns in order, each taking the span
// centred nearest to it (the least total distance over the line).
func groupCells(cols []column, runs []run, below []bool) []Cell {
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
		spans = bestSpans(cols, runs, at, lo, hi, below)
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
// headed column between two runs (a group line shares out the columns
// between its groups), then at the least total distance between each
// run's centre and its span's; ties go to wider spans. A run that cannot
// fit keeps its own column.
func bestSpans(cols []column, runs []run, at, lo, hi []int, below []bool) [][2]int {
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
				d := math.Abs((cols[a].anchor+cols[b].anchor)/2-runs[i].center()) - 0.01*float64(b-a)
				for c := from; i > 0 && c < a; c++ {
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
			if numericRe.MatchString(c.Text) {
				return false
			}
		}
		return len(r.Cells) == 1
	}
	unlabelled := func(r Row) bool {
		for _, c := range r.Cells {
			if !numericRe.MatchString(c.Text) {
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
	return ok && !numericRe.MatchString(c.Text)
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

// mergeSameColumn joins cells that landed in the same column (two runs of
// one cell's text) and keeps the cells in column order without overlaps.
func mergeSameColumn(r Row) Row {
	sort.SliceStable(r.Cells, func(i, j int) bool { return r.Cells[i].Col < r.Cells[j].Col })
	var out []Cell
	for _, c := range r.Cells {
		if n := len(out); n > 0 && c.Col < out[n-1].Col+out[n-1].Span {
			out[n-1].Text += " " + c.Text
			out[n-1].X0, out[n-1].X1 = math.Min(out[n-1].X0, c.X0), math.Max(out[n-1].X1, c.X1)
			continue
		}
		out = append(out, c)
	}
	r.Cells = out
	return r
}
