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

// textObject tracks the extent of the text-showing operator being drawn.
type textObject struct {
	start      int     // its first glyph in the page's glyphs
	minX, maxX float64 // its horizontal extent in user space
	drawn      bool    // some code has been drawn
	before     []recentGlyph
}

// beginTextObject starts the glyphs of one text-showing operator.
func (w *walker) beginTextObject() {
	w.obj = textObject{start: len(w.pl.glyphs), minX: math.Inf(1), maxX: math.Inf(-1), before: append(w.obj.before[:0], w.recent...)}
}

// extend adds a glyph to the object's extent: a blank glyph has no
// outline, so it adds its origin only; another its box from l to r.
func (o *textObject) extend(trm mat, l, r float64, blank bool) {
	o.drawn = true
	if blank {
		o.minX, o.maxX = min(o.minX, trm[4]), max(o.maxX, trm[4])
		return
	}
	o.minX, o.maxX = min(o.minX, l), max(o.maxX, r)
}

// endTextObject drops the glyphs of a text object less than 0.01 wide, as
// PDFium skips it: one space drawn on its own (as Word exports a space in
// another font). A stroked text object is widened by half the line width.
func (w *walker) endTextObject() {
	width := w.obj.maxX - w.obj.minX
	if stroked := w.g.render%4 == 1 || w.g.render%4 == 2; stroked {
		width += w.g.lineWidth
	}
	if !w.obj.drawn || width >= 0.01 {
		return
	}
	w.pl.glyphs = w.pl.glyphs[:w.obj.start]
	w.recent = append(w.recent[:0], w.obj.before...)
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
