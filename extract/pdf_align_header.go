package extract

import (
	"math"
	"sort"
	"unicode/utf8"
)

// Header cells of a table without rules. A header cell is centred in its
// cell both ways: its text, wrapped over lines (一般公共 / 预算拨款), stands
// around the middle of its cell, and the cells of one header row share that
// middle whatever their number of lines; a cell merged down over several
// header rows has its middle between theirs. So the header is read as
// cells (a run, or the runs of one wrapped text: centred on each other, at
// the line pitch of the header's wraps) placed by their middles, which give
// the header rows; text run together across a column boundary
// (政府性基金预国有资本经营) is cut there, and a word printed with its
// characters spread out (收   入) is one.

// Shapes of header cells, in font sizes.
const (
	wrapShift = 0.6  // the most the centres of two lines of one cell differ
	wrapReach = 2.2  // the farthest apart two lines of one cell stand
	levelTol  = 0.3  // cells whose middles are this close are on one header row
	sameLine  = 0.15 // lines of two cells this close stand on one baseline
	cutGap    = 0.5  // the narrowest gap in a run that a column boundary cuts
)

// hcell is one header cell: its runs, top to bottom, and their extent.
type hcell struct {
	runs        []run
	lines       []int // the index of each run's header line
	first, last int   // indexes of the header lines of its first and last run
}

// before is the cell without its runs on header lines n and after: those
// lines are the body's, and their text is read there, once.
func (c hcell) before(n int) hcell {
	if c.last < n {
		return c
	}
	k := 0
	for k < len(c.lines) && c.lines[k] < n {
		k++
	}
	c.runs, c.lines = c.runs[:k:k], c.lines[:k:k]
	c.last = c.lines[k-1]
	return c
}

func (c hcell) middle() float64 { return (c.runs[0].base + c.runs[len(c.runs)-1].base) / 2 }

// asRun is the cell as one run: its lines' texts joined, its extent.
func (c hcell) asRun() run {
	r := c.runs[0]
	r.glyphs = nil
	for _, o := range c.runs[1:] {
		r.text = joinCellText(r.text, o.text)
		r.x0, r.x1 = math.Min(r.x0, o.x0), math.Max(r.x1, o.x1)
		r.top = math.Min(r.top, o.top)
	}
	r.base = c.middle()
	r.numeric = isNumeric(r.text)
	return r
}

// prepareHeader cuts and joins the runs of the header lines by the body's
// columns (clusters of the figure lines).
func prepareHeader(lines []runLine, clusters []column) []runLine {
	var edges []float64
	for k := range clusters {
		if k > 0 {
			edges = append(edges, clusters[k].x0)
		}
		if k+1 < len(clusters) {
			edges = append(edges, clusters[k].x1)
		}
	}
	out := make([]runLine, len(lines))
	for i, l := range lines {
		out[i] = l
		if isNumberRow(l) {
			continue
		}
		var runs []run
		for _, r := range l.runs {
			runs = append(runs, cutAtEdges(r, edges)...)
		}
		var below []run // the header text under the line
		for _, lb := range lines[i+1:] {
			below = append(below, lb.runs...)
		}
		out[i].runs = joinSpread(runs, clusters, below, lines[:i])
	}
	return out
}

// cutAtWraps cuts the runs of line l where the line under it shows two
// cells: the first lines of two header cells printed up against each
// other (“三公”经费财政因公出国（境）费 over 拨款预算总额 | 用) are one run
// until the next line, where each cell's second line stands apart, says
// where the first ends. A cut needs a gap in the run (wider than cutGap
// font sizes, not a space) that falls between two runs of that line, both
// under the run; the line must be close below (wrapReach).
func cutAtWraps(l runLine, lower []runLine) []run {
	var out []run
	for _, r := range l.runs {
		out = append(out, cutAtEdges(r, wrapEdges(r, lower))...)
	}
	return out
}

// wrapEdges returns the places in run r's gaps that fall between two runs
// of the first line under r holding several (cutAtWraps).
func wrapEdges(r run, lower []runLine) []float64 {
	if r.numeric || len(r.glyphs) < 4 {
		return nil
	}
	size := 4.0
	for _, g := range r.glyphs {
		size = math.Max(size, g.size)
	}
	for _, l := range lower {
		if l.base-r.base > wrapReach*size {
			return nil
		}
		var under []run
		for _, o := range l.runs {
			if o.x0 >= r.x0-size && o.x1 <= r.x1+size {
				under = append(under, o)
			}
		}
		if len(under) < 2 {
			continue
		}
		var edges []float64
		for k := 1; k < len(r.glyphs); k++ {
			a, b := r.glyphs[k-1], r.glyphs[k]
			if a.text == " " || b.text == " " || b.x0-a.x1 <= cutGap*size {
				continue
			}
			for u := 1; u < len(under); u++ {
				if a.x1 >= under[u-1].x1 && b.x0 <= under[u].x0 {
					edges = append(edges, (a.x1+b.x0)/2)
				}
			}
		}
		return edges
	}
	return nil
}

// cutAtEdges cuts a run where an empty gap between its glyphs (wider than
// cutGap font sizes, not a space) holds a column edge: the texts of two
// header cells printed up against each other.
func cutAtEdges(r run, edges []float64) []run {
	var gs []glyph
	spaced := map[int]bool{} // gaps printed as spaces: words of one text
	for _, g := range r.glyphs {
		if g.text != " " {
			gs = append(gs, g)
		} else {
			spaced[len(gs)] = true
		}
	}
	var out []run
	from := 0
	for i := 1; i < len(gs); i++ {
		a, b := gs[i-1], gs[i]
		if b.x0-a.x1 <= cutGap*math.Max(a.size, b.size) || spaced[i] || !edgeWithin(edges, a.x1-1, b.x0+1) {
			continue
		}
		if piece, ok := newRun(gs[from:i]); ok {
			out = append(out, piece)
		}
		from = i
	}
	if from == 0 {
		return []run{r}
	}
	if piece, ok := newRun(gs[from:]); ok {
		out = append(out, piece)
	}
	return out
}

func edgeWithin(edges []float64, lo, hi float64) bool {
	for _, e := range edges {
		if e >= lo && e <= hi {
			return true
		}
	}
	return false
}

// joinSpread joins runs of one CJK character each, evenly spaced: one
// word printed with its characters spread across its cell (项   目 over a label column, 收   入 over a block of
// two). They are one word when they stand over one column (between the
// midpoints to its neighbours), or over headers of their own but above
// none of their text; characters over columns of their own on the lowest
// header line (类 | 款 | 项) stay apart.
func joinSpread(runs []run, clusters []column, below []run, above []runLine) []run {
	var out []run
	for i := 0; i < len(runs); {
		j := i
		for j < len(runs) && spreadChar(runs[j]) &&
			(j == i || j < i+2 || math.Abs((runs[j].x0-runs[j-1].x1)-(runs[i+1].x0-runs[i].x1)) <= 1) {
			j++
		}
		if j-i < 2 || !oneWord(runs[i:j], clusters, below) || wrappedEnds(runs[i:j], above) {
			out = append(out, runs[i])
			i++
			continue
		}
		var gs []glyph
		for _, r := range runs[i:j] {
			gs = append(gs, r.glyphs...)
		}
		joined, _ := newRun(gs)
		joined.text = ""
		for _, r := range runs[i:j] {
			joined.text += r.text
		}
		out = append(out, joined)
		i = j
	}
	return out
}

// oneWord reports whether spread characters are one word: over one body
// column, or over header text below but touching none of it.
func oneWord(chars []run, clusters []column, below []run) bool {
	same := true
	for _, c := range chars {
		same = same && clusterCell(clusters, c.center()) == clusterCell(clusters, chars[0].center())
	}
	if same {
		return true
	}
	if len(below) == 0 {
		return false
	}
	for _, c := range chars {
		for _, b := range below {
			if c.x1 > b.x0 && c.x0 < b.x1 {
				return false
			}
		}
	}
	return true
}

// wrappedEnds reports whether lone characters on one header line are the
// last lines of different wrapped cells, not one spread word: each stands
// close under (wrapReach) a run of the lines above that reaches over it,
// and no two under the same run (费 of 公务用车运行 / 费 and 用 of
// 因公出国（境）/ 费用, two columns apart).
func wrappedEnds(chars []run, above []runLine) bool {
	owner := map[*run]bool{}
	for _, c := range chars {
		var over *run
		for li := len(above) - 1; li >= 0 && over == nil; li-- {
			l := above[li]
			if c.base-l.base > wrapReach*lineSize(l) {
				break
			}
			for k := range l.runs {
				if r := &l.runs[k]; !r.numeric && r.x0 <= c.center() && c.center() <= r.x1 {
					over = r
					break
				}
			}
		}
		if over == nil || owner[over] {
			return false
		}
		owner[over] = true
	}
	return true
}

// clusterCell returns the index of the cluster whose cell (up to the
// midpoints between it and its neighbours) holds x.
func clusterCell(clusters []column, x float64) int {
	for k := 0; k+1 < len(clusters); k++ {
		if x < (clusters[k].x1+clusters[k+1].x0)/2 {
			return k
		}
	}
	return len(clusters) - 1
}

// spreadChar reports a run of one CJK character.
func spreadChar(r run) bool {
	return utf8.RuneCountInString(r.text) == 1 && isCJK(firstRune(r.text))
}

// headerCells groups the runs of the header lines into cells: a run and
// the run under it that is centred on it, at the pitch most such pairs
// share, are lines of one cell, if the cell they make sits on a header row
// (its middle is another cell's) or alone (no line of it is a line of
// another cell); otherwise the top line is a group header over the cell
// below it, not part of it. Column numbers (1 2 3) are cells of one line
// each.
func headerCells(lines []runLine) []hcell {
	var all []at
	for li, l := range lines {
		for ri := range l.runs {
			all = append(all, at{li, ri})
		}
	}
	get := func(a at) run { return lines[a.line].runs[a.run] }
	next := make(map[at]at) // a run's candidate line below
	var gaps []float64
	for _, a := range all {
		if isNumberRow(lines[a.line]) {
			continue
		}
		if b, ok := centredBelow(lines, a.line, get(a)); ok {
			next[a] = b
			gaps = append(gaps, get(b).base-get(a).base)
		}
	}
	pitch := modeOf(gaps)
	var chains [][]at
	taken := map[at]bool{}
	for _, a := range all {
		if taken[a] {
			continue
		}
		chain := []at{a}
		taken[a] = true
		for cur := a; ; {
			b, ok := next[cur]
			if !ok || taken[b] || math.Abs(get(b).base-get(cur).base-pitch) > math.Max(1, 0.1*pitch) {
				break
			}
			chain = append(chain, b)
			taken[b], cur = true, b
		}
		chains = append(chains, chain)
	}
	var cells []hcell
	for i, chain := range chains {
		from := 0
		for wrapped := narrowWrap(chain, get); from < len(chain)-1 && !wrapped && !cellFits(chains, i, from, get, sameLine*lineSize(lines[chain[0].line])); {
			from++
		}
		for _, a := range chain[:from] {
			cells = append(cells, hcell{runs: []run{get(a)}, lines: []int{a.line}, first: a.line, last: a.line})
		}
		c := hcell{first: chain[from].line, last: chain[len(chain)-1].line}
		for _, a := range chain[from:] {
			c.runs, c.lines = append(c.runs, get(a)), append(c.lines, a.line)
		}
		cells = append(cells, c)
	}
	return cells
}

// narrowWrap reports a chain of three lines or more, none longer than
// three characters: one header wrapped in a narrow column (因公 / 出国 /
// （境 / ）费 / 用), whatever one-line cells stand beside its lines. A group
// header is no such stack.
func narrowWrap(chain []at, get func(at) run) bool {
	if len(chain) < 3 {
		return false
	}
	for _, a := range chain {
		if utf8.RuneCountInString(get(a).text) > 3 {
			return false
		}
	}
	return true
}

// at is a run of a header line.
type at struct{ line, run int }

// cellFits reports whether the lines of chains[i] from index from on make
// a cell. They do not when a line other than the middle one stands on the
// baseline of a one-line cell: that is a header row of its own (a group
// header centred over the leaf below it). They do when the cell's middle
// is another chain's (the cells of one header row share their middle), or
// when no line of it is a line of another chain (a cell alone at its
// height).
func cellFits(chains [][]at, i, from int, get func(at) run, tol float64) bool {
	c := chains[i][from:]
	if len(c) == 1 {
		return true
	}
	first, last := get(c[0]).base, get(c[len(c)-1]).base
	mid := (first + last) / 2
	for j, o := range chains {
		if j == i || len(o) > 1 {
			continue
		}
		for _, a := range c {
			if y := get(a).base; math.Abs(y-get(o[0]).base) <= tol && math.Abs(y-mid) > tol {
				return false
			}
		}
	}
	for j, o := range chains {
		if j != i && len(o) > 1 && math.Abs((get(o[0]).base+get(o[len(o)-1]).base)/2-mid) <= tol {
			return true
		}
		if j != i && len(o) == 1 && math.Abs(get(o[0]).base-mid) <= tol {
			return true
		}
	}
	for j, o := range chains {
		for _, a := range o {
			for _, b := range c {
				if j != i && math.Abs(get(a).base-get(b).base) <= tol {
					return false
				}
			}
		}
	}
	return true
}

// centredBelow finds the run nearest under r (within wrapReach font
// sizes) whose centre is r's, with no run between them over it.
func centredBelow(lines []runLine, li int, r run) (at, bool) {
	for lj := li + 1; lj < len(lines); lj++ {
		if isNumberRow(lines[lj]) {
			break
		}
		for rj, o := range lines[lj].runs {
			if o.base <= r.base+levelTol*lineSize(lines[li]) || o.x1 <= r.x0 || o.x0 >= r.x1 {
				continue
			}
			if o.base-r.base > wrapReach*lineSize(lines[li]) || math.Abs(o.center()-r.center()) > wrapShift*lineSize(lines[li]) {
				return at{}, false
			}
			return at{lj, rj}, true
		}
	}
	return at{}, false
}

func lineSize(l runLine) float64 { return math.Max(l.size, 4) }

// modeOf returns the most frequent of the values rounded to half points
// (the larger of two as frequent), or 0 when there are none.
func modeOf(vs []float64) float64 {
	counts := map[float64]int{}
	best := 0.0
	for _, v := range vs {
		k := math.Round(v*2) / 2
		counts[k]++
		if counts[k] > counts[best] || counts[k] == counts[best] && k > best {
			best = k
		}
	}
	return best
}

// cellLines gathers cells into header rows by their middles, top to
// bottom, each row a line of runs (one per cell, left to right) whose base
// is the row's middle and whose top the top of its highest text.
func cellLines(cells []hcell, size float64) []runLine {
	sort.SliceStable(cells, func(a, b int) bool { return cells[a].middle() < cells[b].middle() })
	var out []runLine
	for _, c := range cells {
		r := c.asRun()
		if n := len(out); n > 0 && r.base-out[n-1].base <= levelTol*size {
			l := &out[n-1]
			l.runs = append(l.runs, r)
			l.top = math.Min(l.top, r.top)
			continue
		}
		out = append(out, runLine{top: r.top, base: r.base, size: size, runs: []run{r}})
	}
	for i := range out {
		rs := out[i].runs
		sort.SliceStable(rs, func(a, b int) bool { return rs[a].x0 < rs[b].x0 })
	}
	return out
}

// readHeader reads the header of a block from its lines before the first
// line of figures, given the clusters of the figure lines. It returns the
// header rows (lines of cells) and how many of the lines they take: up to
// the last line of a cell on the leaf row (the lowest row of several
// cells) or above it; the lines after that are the first body rows (a
// label with no figures).
func readHeader(lines []runLine, clusters []column) ([]runLine, int) {
	if len(lines) == 0 {
		return nil, 0
	}
	prepared := prepareHeader(lines, clusters)
	size := 0.0
	for _, l := range prepared {
		size = math.Max(size, lineSize(l))
	}
	cells := headerCells(prepared)
	rows := cellLines(append([]hcell(nil), cells...), size)
	leaf := leafLine(rows)
	n := len(lines)
	if leaf >= 0 && len(rows[leaf].runs) >= 2 {
		n = 0
		for _, c := range cells {
			if c.middle() <= rows[leaf].base+levelTol*size {
				n = max(n, c.last+1)
			}
		}
	}
	var kept []hcell
	for _, c := range cells {
		if c.first < n {
			kept = append(kept, c.before(n))
		}
	}
	return cellLines(kept, size), n
}

// leafLine returns the index of the leaf row among header rows: the last
// of several cells, else the last; -1 when there are none.
func leafLine(rows []runLine) int {
	for i := len(rows) - 1; i >= 0; i-- {
		if len(rows[i].runs) >= 2 {
			return i
		}
	}
	return len(rows) - 1
}

// headerRows places the header rows of a block, bottom up: the leaf row by
// its matched columns, each other row by what stands below it. Rows are
// compared by their middles (base); bottom is the baseline of the header's
// last line of words.
func headerRows(lines []runLine, leaf int, cols []column, leafCol []int, bottom float64, grid int) []Row {
	rows := make([]Row, len(lines))
	// belowY[c]: the nearest lower header row with text in column c;
	// lowestY[c]: the lowest one
	belowY, lowestY := make([]float64, len(cols)), make([]float64, len(cols))
	for i := range belowY {
		belowY[i], lowestY[i] = math.NaN(), math.NaN()
	}
	leafY := math.NaN()                 // the lowest header row that is not column numbers
	inside := make([]bool, len(cols)+1) // edges inside a cell of a lower row
	var groupYs []float64               // the rows of group headers: cells over lower header text
	for li := len(lines) - 1; li >= 0; li-- {
		l := lines[li]
		row := Row{Y: l.top, Grid: grid}
		if li == leaf {
			for ri, r := range l.runs {
				row.Cells = append(row.Cells, cellAt(leafCol[ri], leafCol[ri], r))
			}
		} else {
			row.Cells = groupCells(cols, l.runs, underLine(belowY, lowestY, l.base, leafY, bottom, groupYs), inside)
		}
		rows[li] = mergeSameColumn(row)
		if isNumberRow(l) {
			continue
		}
		if math.IsNaN(leafY) {
			leafY = l.base
			if math.IsNaN(bottom) || bottom < leafY {
				bottom = leafY
			}
		} else if overOthers(rows[li].Cells, belowY) {
			groupYs = append(groupYs, l.base)
		}
		for _, c := range rows[li].Cells {
			for k := c.Col + 1; k < c.Col+c.Span; k++ {
				inside[k] = true
			}
			for k := c.Col; k < c.Col+c.Span; k++ {
				belowY[k] = l.base
				if math.IsNaN(lowestY[k]) {
					lowestY[k] = l.base
				}
			}
		}
	}
	return rows
}

// overOthers reports whether a header row has a cell standing over header
// text of a lower row (belowY: the nearest lower row with text in each
// column): a group header's row, not only cells merged down.
func overOthers(cells []Cell, belowY []float64) bool {
	for _, c := range cells {
		for k := c.Col; k < c.Col+c.Span && k < len(belowY); k++ {
			if !math.IsNaN(belowY[k]) {
				return true
			}
		}
	}
	return false
}
