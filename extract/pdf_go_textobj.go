package extract

import (
	"math"
	"unicode"
)

// What PDFium's text page does with the glyphs of a page, done the same
// way so that both engines give the same characters: a text object (one
// text-showing operator) that covers no width is skipped, a glyph drawn
// again over itself (bold simulated by overprinting) counts once, and of
// a run of spaces one is kept.

// textObject is the text-showing operator being drawn, as PDFium's text
// object: where its glyphs start in the page's glyphs, its bounds in user
// space, its position, font size and codes.
type textObject struct {
	start      int
	l, b, r, t float64
	x, y       float64 // the origin of its first code
	m          mat     // its text matrix (horizontal scaling, Tm and CTM), placed at x, y
	size       float64
	codes      []int
	firstWidth float64 // of its first code, in 1/1000 em
	lastWidth  float64 // of its last code
	before     []recentGlyph
}

// maxSameObjects is how many earlier text objects PDFium compares a text
// object with, to drop one drawn twice at the same place.
const maxSameObjects = 5

// beginTextObject starts the glyphs of one text-showing operator.
func (w *walker) beginTextObject() {
	trm := mat{w.g.tfs * w.g.th, 0, 0, w.g.tfs, 0, w.g.rise}.mul(w.g.tm).mul(w.g.ctm)
	o := &w.obj
	o.start, o.codes, o.size = len(w.pl.glyphs), o.codes[:0], w.g.tfs
	o.l, o.b, o.r, o.t = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	o.x, o.y = trm[4], trm[5]
	o.m = mat{w.g.th, 0, 0, 1, 0, 0}.mul(w.g.tm).mul(w.g.ctm)
	o.m[4], o.m[5] = o.x, o.y
	o.before = append(o.before[:0], w.recent...)
}

// extend adds a code and the box of its outline to the object.
func (o *textObject) extend(code int, width float64, outline rect) {
	if len(o.codes) == 0 {
		o.firstWidth = width
	}
	o.codes = append(o.codes, code)
	o.lastWidth = width
	o.l, o.b, o.r, o.t = min(o.l, outline.l), min(o.b, outline.b), max(o.r, outline.r), max(o.t, outline.t)
}

// endTextObject drops the glyphs of a text object that PDFium's text page
// skips: one less than 0.01 wide (a space drawn on its own, as Word
// exports a space in another font; a stroked object is widened by half its
// line width on each side), or one that repeats one of the 5 text objects
// before it at the same place (text drawn twice).
func (w *walker) endTextObject() {
	o := &w.obj
	if len(o.codes) == 0 {
		return
	}
	if w.g.render%4 == 1 || w.g.render%4 == 2 { // a stroking mode
		hw := w.g.lineWidth / 2
		o.l, o.b, o.r, o.t = o.l-hw, o.b-hw, o.r+hw, o.t+hw
	}
	drop := o.r-o.l < 0.01
	if !drop && w.textObjects > 0 {
		drop = w.sameAsEarlier(o)
	}
	w.keepEarlier(o)
	if drop {
		w.pl.glyphs = w.pl.glyphs[:o.start]
		w.recent = append(w.recent[:0], o.before...)
		return
	}
	if w.textObjects > 0 && newLine(o, &w.lastObj) {
		w.joinHyphen(o.start)
	}
	w.textObjects++
	w.lastObj.l, w.lastObj.b, w.lastObj.r, w.lastObj.t = o.l, o.b, o.r, o.t
	w.lastObj.m, w.lastObj.size, w.lastObj.lastWidth = o.m, o.size, o.lastWidth
}

// lastObject is what is kept of the previous text object to tell whether
// the next one starts a line.
type lastObject struct {
	l, b, r, t float64
	m          mat
	size       float64
	lastWidth  float64
}

// newLine reports whether text object o starts a new line after prev, as
// PDFium's CPDF_TextPage::ProcessInsertObject decides it for horizontal
// text: their boxes, both taller than 4.5, do not overlap vertically; or,
// in prev's text space, o starts more than half a glyph above prev or
// three quarters below.
func newLine(o *textObject, prev *lastObject) bool {
	if o.t-o.b > 4.5 && prev.t-prev.b > 4.5 && max(o.b, prev.b) >= min(o.t, prev.t) {
		return true
	}
	inv, ok := prev.m.inverse()
	if !ok {
		return false
	}
	px, py := inv.apply(o.x, o.y)
	lastW, thisW := math.Abs(prev.lastWidth*prev.size/1000), math.Abs(o.firstWidth*o.size/1000)
	threshold := max(lastW, thisW) / 4
	if lastW < thisW {
		threshold = inv.distance(threshold)
	}
	return (py > 2*threshold || py < -3*threshold) && (math.Abs(py) >= 1 || math.Abs(py) > math.Abs(px))
}

// joinHyphen drops a hyphen that ends the previous line between a letter
// and the letter or digit that starts this one (line- / end reads lineend),
// with the spaces after it, as PDFium's text page marks such a hyphen as a
// line-end hyphen. After a Han character the hyphen is kept, as a dash:
// Chinese is not hyphenated at line ends, so 2024年- / 2025年 is 2024年-2025年
// (PDFium's reading, pdfiumDoc.char, keeps it there too).
func (w *walker) joinHyphen(start int) {
	gs := w.pl.glyphs
	if start >= len(gs) {
		return
	}
	next := firstRune(gs[start].text)
	if !unicode.IsLetter(next) && !unicode.IsDigit(next) {
		return
	}
	i := start - 1
	for i >= 0 && gs[i].text == " " {
		i--
	}
	if i < 1 || (gs[i].text != "-" && gs[i].text != "\u00ad") || !unicode.IsLetter(lastRune(gs[i-1].text)) {
		return
	}
	if gs[i].x0-gs[i-1].x1 > 0.1*gs[i].size {
		return // apart from the word before it, where PDFium puts a space
	}
	if unicode.Is(unicode.Han, lastRune(gs[i-1].text)) {
		gs[i].text = "-"
		return
	}
	w.pl.glyphs = append(gs[:i], gs[start:]...)
	w.obj.start = i
}

// earlierObject is what is kept of a text object to compare later ones
// with.
type earlierObject struct {
	l, b, r, t float64
	x, y       float64
	size       float64
	codes      []int
	lastWidth  float64
}

// keepEarlier remembers o among the last text objects of the stream.
func (w *walker) keepEarlier(o *textObject) {
	var e earlierObject
	if len(w.earlier) == maxSameObjects {
		e = w.earlier[0]
		copy(w.earlier, w.earlier[1:])
		w.earlier = w.earlier[:maxSameObjects-1]
	}
	e.l, e.b, e.r, e.t, e.x, e.y, e.size, e.lastWidth = o.l, o.b, o.r, o.t, o.x, o.y, o.size, o.lastWidth
	e.codes = append(e.codes[:0], o.codes...)
	w.earlier = append(w.earlier, e)
}

// sameAsEarlier reports whether o repeats one of the earlier objects:
// the same codes, overlapping bounds of about the same width and the same
// font size, placed within 0.9 of a glyph across and an eighth of its size
// up or down (PDFium's CPDF_TextPage::IsSameTextObject).
func (w *walker) sameAsEarlier(o *textObject) bool {
	for i := len(w.earlier) - 1; i >= 0; i-- {
		if e := &w.earlier[i]; sameObject(o, e) {
			return true
		}
	}
	return false
}

func sameObject(o *textObject, e *earlierObject) bool {
	il, ib, ir, it := max(o.l, e.l), max(o.b, e.b), min(o.r, e.r), min(o.t, e.t)
	if il >= ir || ib >= it || math.Abs((ir-il)-(o.r-o.l)) > (o.r-o.l)/2 || o.size != e.size {
		return false
	}
	if len(o.codes) != len(e.codes) {
		return false
	}
	for i := range o.codes {
		if o.codes[i] != e.codes[i] {
			return false
		}
	}
	maxSize := max(e.t-e.b, e.r-e.l, e.size)
	return math.Abs(o.x-e.x) <= 0.9*e.lastWidth*e.size/1000 && math.Abs(o.y-e.y) <= maxSize/8
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// recentGlyph is a glyph just drawn, to drop the same glyph drawn again
// over it.
type recentGlyph struct {
	f    *goFont
	code int
	x, y float64
}

// overprinted reports whether the glyph is the same code of the same
// font drawn within 0.07 em of one of the last 7, as PDFium's text page
// drops it; otherwise the glyph joins the recent ones.
func (w *walker) overprinted(f *goFont, code int, trm mat) bool {
	x, y := trm[4], trm[5]
	tol := 0.07 * math.Hypot(trm[0], trm[1])
	for _, r := range w.recent {
		if r.f == f && r.code == code && math.Abs(r.x-x) < tol && math.Abs(r.y-y) < tol {
			return true
		}
	}
	if len(w.recent) == 7 {
		copy(w.recent, w.recent[1:])
		w.recent = w.recent[:6]
	}
	w.recent = append(w.recent, recentGlyph{f: f, code: code, x: x, y: y})
	return false
}

// repeatedSpace reports whether g is a space right after another on the
// same line: PDFium keeps one space of a run.
func (w *walker) repeatedSpace(g glyph) bool {
	n := len(w.pl.glyphs)
	return n > 0 && g.text == " " && w.pl.glyphs[n-1].text == " " && math.Abs(w.pl.glyphs[n-1].base-g.base) < g.size/2
}
