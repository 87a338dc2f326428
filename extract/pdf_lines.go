package extract

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text lines: glyphs sharing a baseline, read left to right.

// textLine is a run of glyphs on one baseline, sorted by x.
type textLine struct {
	base, top float64
	glyphs    []glyph
}

// baseTol is how far, in font sizes, a glyph's baseline may be from its
// line's.
const baseTol = 0.4

// groupLines sorts glyphs into lines by baseline, top to bottom. The lines
// are slices of one sorted copy of gs (capped, so that appending to one
// cannot overwrite the next).
func groupLines(gs []glyph) []textLine {
	sorted := slices.Clone(gs)
	slices.SortStableFunc(sorted, func(a, b glyph) int { return lessAsInt(a.base < b.base, b.base < a.base) })
	var lines []textLine
	for start := 0; start < len(sorted); {
		first := sorted[start]
		top, end := first.y0, start+1
		for end < len(sorted) && math.Abs(sorted[end].base-first.base) <= baseTol*math.Max(sorted[end].size, 1) {
			top = math.Min(top, sorted[end].y0)
			end++
		}
		gl := sorted[start:end:end]
		slices.SortStableFunc(gl, func(a, b glyph) int { return lessAsInt(a.x0 < b.x0, b.x0 < a.x0) })
		lines = append(lines, textLine{base: first.base, top: top, glyphs: dropOverprints(gl)})
		start = end
	}
	return lines
}

// lessAsInt is a comparison result from the two "less" answers, so that
// sorting by a float orders NaN as sort.Slice with < did.
func lessAsInt(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// overprintTol is how far, in glyph widths, a copy of a glyph may be from
// it to be the same glyph drawn again.
const overprintTol = 0.3

// dropOverprints removes from a line sorted by x the glyphs drawn again at
// (almost) the place of the same glyph: text printed several times with a
// small offset to look bold (序序序号号号 is 序号). Two equal characters side
// by side are a glyph's width apart, so they stay.
func dropOverprints(gs []glyph) []glyph {
	out := gs[:0]
	for _, g := range gs {
		if !overprints(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// overprints reports whether g repeats a glyph of kept (sorted by x)
// within overprintTol of its width.
func overprints(kept []glyph, g glyph) bool {
	for k := len(kept) - 1; k >= 0; k-- {
		o := kept[k]
		tol := overprintTol * math.Max(o.x1-o.x0, g.x1-g.x0)
		if g.x0-o.x0 > tol {
			return false
		}
		if o.text == g.text && math.Abs(g.x1-o.x1) <= tol && math.Abs(g.base-o.base) <= overprintTol*math.Max(g.size, o.size) {
			return true
		}
	}
	return false
}

// lineText joins the glyphs of a line, putting a space where a gap between
// glyphs that are not both CJK is wider than a third of the font size.
func lineText(gs []glyph) string {
	var b strings.Builder
	for i, g := range gs {
		if i > 0 && needsSpace(gs[i-1], g) {
			b.WriteByte(' ')
		}
		b.WriteString(g.text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func needsSpace(prev, g glyph) bool {
	gap := g.x0 - prev.x1
	return gap > math.Max(prev.size, g.size)/3 && !(isCJK(lastRune(prev.text)) && isCJK(firstRune(g.text)))
}

// cellText joins the lines of a cell: no separator next to CJK text (a
// wrapped 机关事业单位… label reads as one), a space between words.
func cellText(gs []glyph) string {
	var b strings.Builder
	for _, l := range groupLines(gs) {
		s := lineText(l.glyphs)
		if s == "" {
			continue
		}
		if b.Len() > 0 && joinWithSpace(b.String(), s) {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

// joinWithSpace reports whether two wrapped pieces of a cell are words
// that need a space between them.
func joinWithSpace(a, b string) bool {
	x, y := lastRune(a), firstRune(b)
	return x < utf8.RuneSelf && y < utf8.RuneSelf && unicode.IsLetter(x) && unicode.IsLetter(y)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// isCJK reports whether r is a Han character or CJK punctuation/fullwidth
// form, which are written without spaces between them.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// freeRows turns glyphs outside tables into rows of Grid 0, one cell per
// run of text; runs are split at gaps wider than runGap font sizes.
func freeRows(gs []glyph) []Row {
	var rows []Row
	for _, l := range groupLines(gs) {
		var cells []Cell
		for _, run := range splitRuns(l.glyphs) {
			if text := lineText(run); text != "" {
				cells = append(cells, Cell{Col: len(cells), Span: 1, Text: text, X0: run[0].x0, X1: run[len(run)-1].x1})
			}
		}
		if len(cells) > 0 {
			rows = append(rows, Row{Y: l.top, Cells: cells})
		}
	}
	return rows
}

// splitRuns cuts a sorted line where the gap between glyphs is wide (or
// between two digits, wider than one and a half digits), and
// where a figure runs into CJK text, straight or across spaces
// (4,594,134.72一、一般公共服务支出, 265,870.23  一、科学技术支出: a
// right-aligned amount up against the next cell's label).
func splitRuns(gs []glyph) [][]glyph {
	var runs [][]glyph
	startAt := 0
	for i := 1; i < len(gs); i++ {
		if gs[i].x0-gs[i-1].x1 > runGap*math.Max(math.Max(gs[i].size, gs[i-1].size), 4) || figuresApart(gs[i-1], gs[i]) {
			runs = append(runs, gs[startAt:i])
			startAt = i
			continue
		}
		// spaces between the figure and the text are neither's
		end := i
		for end > startAt+1 && gs[end-1].text == " " {
			end--
		}
		if amountEndsAt(gs[startAt:end], gs[i]) {
			runs = append(runs, gs[startAt:end])
			startAt = i
		}
	}
	if len(gs) > startAt {
		runs = append(runs, gs[startAt:])
	}
	return trimRuns(runs)
}

// trimRuns cuts the space glyphs off both ends of each run, so that a run
// stands where its text does, and drops runs of spaces alone.
func trimRuns(runs [][]glyph) [][]glyph {
	out := runs[:0]
	for _, r := range runs {
		for len(r) > 0 && r[0].text == " " {
			r = r[1:]
		}
		for len(r) > 0 && r[len(r)-1].text == " " {
			r = r[:len(r)-1]
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// figuresApart reports whether two digits stand further apart than one
// and a half digit widths: two figures side by side (943865000  936647884.3
// in a font whose size is much larger than its digits), never one.
func figuresApart(a, b glyph) bool {
	if !isDigitGlyph(a) || !isDigitGlyph(b) {
		return false
	}
	w := math.Max(a.x1-a.x0, b.x1-b.x0)
	return w > 0 && b.x0-a.x1 > 1.5*w
}

// splitFigures cuts a run where a figure follows another a word's gap
// apart (nextFigure), or follows text and stands alone (figureAfterText):
// the columns of an unruled table set a space apart. Ruled tables keep
// such a run whole, for their cells to share out.
func splitFigures(gs []glyph) [][]glyph {
	var runs [][]glyph
	startAt := 0
	for i := 1; i < len(gs); i++ {
		if nextFigure(gs[startAt:i], gs[i]) || figureAfterText(gs[startAt:i], gs[i:]) {
			runs = append(runs, gs[startAt:i])
			startAt = i
		}
	}
	return trimRuns(append(runs, gs[startAt:]))
}

// nextFigure reports whether next, a word's gap after the glyphs before
// it, starts a new figure: they end in a digit, and next is a minus sign
// (60000 -26155) or a digit after a figure that is whole (a decimal point,
// a thousands comma or four digits: 320555 1005250 in a table of whole 元
// whose columns stand a space apart), not after a group of digits that
// spaces might separate (1 234 567, letter-spaced 1 2 3).
func nextFigure(before []glyph, next glyph) bool {
	end, ok := wordGap(before, next)
	if !ok || !isDigitGlyph(before[end-1]) {
		return false
	}
	if next.text == "-" || next.text == "－" {
		return true
	}
	if !isDigitGlyph(next) {
		return false
	}
	digits := 0
	for k := end - 1; k >= 0 && len(before[k].text) == 1 && isFigureRune(lastRune(before[k].text)); k-- {
		if k < end-1 && needsSpace(before[k], before[k+1]) {
			break
		}
		if !isDigitGlyph(before[k]) {
			return true // a point or a comma
		}
		digits++
	}
	return digits >= 4
}

// figureAfterText reports whether after, a word's gap after CJK text
// (合计 943865000), starts a whole figure (a decimal point, a thousands
// comma or four digits, not a year) that ends the run or a gap before the
// next word: a label and its amount, not 2022 年 in a sentence.
func figureAfterText(before, after []glyph) bool {
	end, ok := wordGap(before, after[0])
	if !ok || !isCJK(lastRune(before[end-1].text)) || !isDigitGlyph(after[0]) {
		return false
	}
	var b strings.Builder
	k := 0
	for k < len(after) && len(after[k].text) == 1 && isFigureRune(firstRune(after[k].text)) && (k == 0 || !needsSpace(after[k-1], after[k])) {
		b.WriteString(after[k].text)
		k++
	}
	if k < len(after) && after[k].text != " " && !needsSpace(after[k-1], after[k]) {
		return false // the figure runs on into the next word
	}
	f := b.String()
	return !isYearLike(f) && (len(f) >= 4 || strings.ContainsAny(f, ".,"))
}

// wordGap reports whether next stands a word's gap after the glyphs
// before it (space glyphs, or a gap needsSpace reads as one), and where
// those glyphs end without their trailing spaces.
func wordGap(before []glyph, next glyph) (end int, ok bool) {
	end = len(before)
	for end > 0 && before[end-1].text == " " {
		end--
	}
	return end, end > 0 && (end < len(before) || needsSpace(before[end-1], next))
}

func isDigitGlyph(g glyph) bool {
	r := firstRune(g.text)
	return len(g.text) == 1 && r >= '0' && r <= '9'
}

// amountEndsAt reports whether the glyphs before next end in a figure with
// a decimal point or thousands separator (not a year: 2026年) and next is
// CJK text.
func amountEndsAt(before []glyph, next glyph) bool {
	if len(before) == 0 || !isCJK(firstRune(next.text)) || strings.ContainsRune("万元亿", firstRune(next.text)) {
		return false // 1.00万元 in a sentence: a figure and its unit
	}
	k := len(before)
	for k > 0 && isFigureRune(lastRune(before[k-1].text)) {
		if k < len(before) && needsSpace(before[k-1], before[k]) {
			break // "1. 2025年": a gap inside is not one figure
		}
		k--
	}
	var b strings.Builder
	for _, g := range before[k:] {
		b.WriteString(g.text)
	}
	return isSeparatedFigure(b.String())
}

func isFigureRune(r rune) bool { return r >= '0' && r <= '9' || r == ',' || r == '.' }
