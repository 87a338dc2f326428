package extract

import (
	"math"
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
//   - the lines of one printed row are one row however its cells wrap:
//     labels around vertically centred amounts, an amount's last digits
//     wrapped under it (bandRows).
// The lines of such a block become rows with their own Grid id and shared
// column numbers; every other free line stays Grid 0, one cell per run.

// Shapes of aligned blocks, in font sizes (or as fractions).
const (
	blockGap    = 3.0  // the widest vertical gap between the lines of a block
	headerGap   = 4.0  // the widest between a block's header and its body
	proseWidth  = 0.55 // a lone run wider than this share of the block is prose
	clusterSlop = 1.0  // runs must overlap by more than this (points) to share a column
)

// run is a piece of a line between wide gaps.
type run struct {
	x0, x1  float64
	text    string
	numeric bool
	// base and top are the run's own baseline and top: a line gathers
	// glyphs whose baselines differ by up to baseTol
	base, top float64
	glyphs    []glyph
}

func (r run) center() float64 { return (r.x0 + r.x1) / 2 }

// runLine is a text line cut into runs.
type runLine struct {
	top, base, size float64
	runs            []run
}

func (l runLine) numeric() bool {
	for _, r := range l.runs {
		if r.numeric && !isYearLike(r.text) {
			return true
		}
	}
	return false
}

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
		rows = append(rows, alignBlock(lines[head:end], nextGrid)...)
		nextGrid++
		i = end
	}
	return rows
}

// runLines groups glyphs into lines and cuts each into runs.
func runLines(gs []glyph) []runLine {
	var out []runLine
	for _, l := range groupLines(gs) {
		rl := runLine{top: l.top, base: l.base}
		for _, g := range l.glyphs {
			rl.size = math.Max(rl.size, g.size)
		}
		for _, rg := range splitRuns(l.glyphs) {
			for _, fg := range splitFigures(rg) {
				if r, ok := newRun(fg); ok {
					rl.runs = append(rl.runs, r)
				}
			}
		}
		if len(rl.runs) > 0 {
			out = append(out, rl)
		}
	}
	for i := range out {
		out[i].runs = cutAtWraps(out[i], out[i+1:])
	}
	return out
}

// newRun makes the run of glyphs gs, reporting false when it holds no
// text.
func newRun(gs []glyph) (run, bool) {
	text := lineText(gs)
	if text == "" {
		return run{}, false
	}
	r := run{x0: gs[0].x0, x1: gs[len(gs)-1].x1, text: text, numeric: isNumeric(text), base: gs[0].base, top: gs[0].y0, glyphs: gs}
	for _, g := range gs {
		r.top = math.Min(r.top, g.y0)
	}
	return r, true
}

func plainRow(l runLine) Row {
	cells := make([]Cell, len(l.runs))
	for i, r := range l.runs {
		cells[i] = Cell{Col: i, Span: 1, Text: r.text, X0: r.x0, X1: r.x1}
	}
	return Row{Y: l.top, Cells: cells}
}

// alignedBlock reports whether an aligned block starts at line i: header
// lines (no figures, fields or titles) from i on, each close under the one
// before (the body a little further: nearBody), then a body of at least
// two lines of several runs, the first with a figure (or one such line
// under a header: oneRowTable); or else a table printed without figures
// (emptyBlock). It returns the block's first line and its end.
func alignedBlock(lines []runLine, i int) (head, end int, ok bool) {
	start := i
	for start < len(lines) && !bodyStart(lines[start]) && headerLike(lines[start]) && (start == i || nearInHeader(lines[start-1], lines[start])) {
		start++
	}
	if start == len(lines) || !bodyStart(lines[start]) || start > i && !nearBody(lines[start-1], lines[start]) {
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
	multi := multiRunLines(lines[start:end])
	return i, end, multi >= 2 || multi == 1 && oneRowTable(lines[i:start], lines[start:end])
}

// multiRunLines counts the lines with several runs: the rows of a body
// (a lone run is a label wrapped onto a line of its own, or a note).
func multiRunLines(body []runLine) int {
	n := 0
	for _, l := range body {
		if len(l.runs) >= 2 {
			n++
		}
	}
	return n
}

// oneRowTable reports a table of one row of figures under a header with a
// line of several cells (收入总表 of a unit alone, a table's last row alone
// on a continuation page): the row holds three figures or more. A header
// over a blank cell of the row is a column of its own (matchColumns).
func oneRowTable(header, body []runLine) bool {
	figures := 0
	for _, l := range body {
		for _, r := range l.runs {
			if r.numeric {
				figures++
			}
		}
	}
	wide := false
	for _, l := range header {
		wide = wide || len(l.runs) >= 3
	}
	return wide && figures >= 3
}

// emptyBlock reports a table printed without figures (本表无数据): header
// lines from i to the last line of three runs or more, then one to three
// short one-run lines (部门合计) before lines[end]. Without figures there is
// less to go by, so more is asked of the header.
func emptyBlock(lines []runLine, i, end int) (head, stop int, ok bool) {
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
// figure (but column numbers), no field (单位：万元; 其中：… heads a
// column) and no title (…表) among its runs.
func headerLike(l runLine) bool {
	if isNumberRow(l) {
		return true
	}
	if l.numeric() || l.prose() {
		return false
	}
	for _, r := range l.runs {
		if strings.ContainsAny(r.text, "：:") && !strings.HasPrefix(r.text, "其中") || strings.HasSuffix(r.text, "表") {
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
	if strings.HasPrefix(t, "注") || strings.HasPrefix(t, "说明") {
		return false // a note (a title, …表, is prose)
	}
	return l.runs[0].x1 < figX || l.width() <= proseWidth*width
}

// figuresFrom returns the leftmost x of the figures (amounts printed with a
// decimal point or separators) of a line, or figX if that is further left.
func figuresFrom(l runLine, figX float64) float64 {
	for _, r := range l.runs {
		if isSeparatedFigure(r.text) {
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

// nearBody reports whether the body's first line b follows the header's
// last line a closely enough: a header row may stand higher over the body
// than lines of a block stand apart (one line centred in a header band
// that holds two or three elsewhere, as on a continuation page).
func nearBody(a, b runLine) bool {
	return b.top-a.top <= headerGap*math.Max(math.Max(a.size, b.size), 4)
}

// nearInHeader reports whether header line b follows header line a closely
// enough to be in the same block: as near as the lines of a block, or, for
// two lines of several cells each (2021年 | 2022年 | 增减变化情况 over the
// groups under them), as far apart as a header from its body.
func nearInHeader(a, b runLine) bool {
	return near(a, b) || len(a.runs) >= 2 && len(b.runs) >= 2 && nearBody(a, b)
}

// near reports whether line b follows line a closely enough to be in the
// same block.
func near(a, b runLine) bool {
	return b.top-a.top <= blockGap*math.Max(math.Max(a.size, b.size), 4)
}

// alignBlock builds the rows of one block: its header, read as cells
// (pdf_align_header.go) from the lines before its first line of figures,
// then its body.
func alignBlock(lines []runLine, grid int) []Row {
	start := 0
	for start < len(lines) && !bodyStart(lines[start]) {
		start++
	}
	header, nHeader := readHeader(lines[:start], clusterRuns(lines[start:]))
	body := lines[nHeader:]
	leaf := leafLine(header)
	var leafRuns, upper []run
	var down []bool
	if leaf >= 0 {
		leafRuns = header[leaf].runs
	}
	// in a table of one row, a header over a blank cell has no figures to
	// stand over: it is a column of its own (down)
	oneRow := multiRunLines(body) == 1
	for li, l := range header[:max(0, leaf)] {
		for _, r := range l.runs {
			if alone := oneRow && nothingBelow(r, header[li+1:leaf+1]); alone || len(l.runs) == 1 {
				upper, down = append(upper, r), append(down, alone)
			}
		}
	}
	cols, leafCol := matchColumns(leafRuns, upper, down, clusterRuns(body))
	for i := range cols {
		cols[i].hi = math.Inf(1)
		if i > 0 {
			cols[i-1].hi = (cols[i-1].x1 + cols[i].x0) / 2
			if c := cols[i-1]; c.rightAligned() {
				// figures flush right: the cell ends just right of them,
				// however wide the header text centred over it
				cols[i-1].hi = math.Min(cols[i-1].hi, c.bodyX1+cellPad)
			}
		}
	}
	bottom := math.NaN() // the baseline of the header's last line of words
	for _, l := range lines[:nHeader] {
		if !isNumberRow(l) {
			bottom = l.base
		}
	}
	rows := headerRows(header, leaf, cols, leafCol, bottom, grid)
	return append(rows, bandRows(body, cols, grid)...)
}

// nothingBelow reports a header run over no text of the lower header
// lines: a cell merged down to the leaf row.
func nothingBelow(r run, lower []runLine) bool {
	for _, l := range lower {
		if isNumberRow(l) {
			continue
		}
		for _, o := range l.runs {
			if o.x0 < r.x1 && r.x0 < o.x1 {
				return false
			}
		}
	}
	return true
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

// cellAt makes the cell of run r over columns c0..c1. Its X0 and X1 are
// the text's extent: a table without rules has no cell edges.
func cellAt(c0, c1 int, r run) Cell {
	return Cell{Col: c0, Span: c1 - c0 + 1, Text: r.text, X0: r.x0, X1: r.x1}
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
