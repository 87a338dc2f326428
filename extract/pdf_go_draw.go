package extract

import (
	"fmt"
	"math"
	"slices"
)

// What the walker draws: glyphs from the text operators, rules from the
// path operators.

// mat is an affine matrix [a b c d e f]; a point p maps to p×m.
type mat [6]float64

var identity = mat{1, 0, 0, 1, 0, 0}

// mul returns m×n: first m, then n.
func (m mat) mul(n mat) mat {
	return mat{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m mat) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// inverse returns the matrix undoing m; ok is false when m is singular.
func (m mat) inverse() (mat, bool) {
	det := m[0]*m[3] - m[1]*m[2]
	if det == 0 {
		return mat{}, false
	}
	a, b, c, d := m[3]/det, -m[1]/det, -m[2]/det, m[0]/det
	return mat{a, b, c, d, -(m[4]*a + m[5]*c), -(m[4]*b + m[5]*d)}, true
}

// distance maps a length as PDFium's CFX_Matrix::TransformDistance does:
// scaled by the length of the mapped diagonal over √2.
func (m mat) distance(d float64) float64 {
	return d * math.Hypot(m[0]+m[2], m[1]+m[3]) / math.Sqrt2
}

// textOp handles text positioning and showing operators.
func (w *walker) textOp(op string, args []operand) bool {
	switch op {
	case "BT":
		w.g.tm, w.g.tlm = identity, identity
	case "ET":
	case "Td", "TD":
		if v, ok := numbers(args, 2); ok {
			if op == "TD" {
				w.g.tl = -v[1]
			}
			w.g.tlm = mat{1, 0, 0, 1, v[0], v[1]}.mul(w.g.tlm)
			w.g.tm = w.g.tlm
		}
	case "Tm":
		if v, ok := numbers(args, 6); ok {
			w.g.tm = mat(v)
			w.g.tlm = w.g.tm
		}
	case "T*":
		w.nextLine()
	case "Tj", "'", "\"":
		w.showOp(op, args)
	case "TJ":
		w.showArray(args)
	default:
		return false
	}
	return true
}

func (w *walker) textParam(op string, args []operand) {
	v, ok := numbers(args, 1)
	if !ok {
		return
	}
	switch op {
	case "Tc":
		w.g.tc = v[0]
	case "Tw":
		w.g.tw = v[0]
	case "Tz":
		w.g.th = v[0] / 100
	case "TL":
		w.g.tl = v[0]
	case "Ts":
		w.g.rise = v[0]
	case "Tr":
		w.g.render = int(v[0])
	case "w":
		w.g.lineWidth = v[0]
	}
}

func (w *walker) nextLine() {
	w.g.tlm = mat{1, 0, 0, 1, 0, -w.g.tl}.mul(w.g.tlm)
	w.g.tm = w.g.tlm
}

func (w *walker) showOp(op string, args []operand) {
	if len(args) == 0 || args[len(args)-1].kind != tString {
		return
	}
	if op == "\"" {
		if v, ok := numbers(args[:len(args)-1], 2); ok {
			w.g.tw, w.g.tc = v[0], v[1]
		}
	}
	if op != "Tj" {
		w.nextLine()
	}
	w.beginTextObject()
	w.show(args[len(args)-1].b)
	w.endTextObject()
}

// showArray shows a TJ array: strings and kerning adjustments.
func (w *walker) showArray(args []operand) {
	if len(args) == 0 || args[len(args)-1].kind != tArrOpen {
		return
	}
	w.beginTextObject()
	for _, x := range args[len(args)-1].arr {
		if x.kind == tString {
			w.show(x.b)
			continue
		}
		tx := -x.num / 1000 * w.g.tfs * w.g.th
		w.g.tm = mat{1, 0, 0, 1, tx, 0}.mul(w.g.tm)
	}
	w.endTextObject()
}

// damagedResources stands for a font missing from a damaged file.
var damagedResources = &goFont{damaged: "text in a font the damaged resources do not hold is left out"}

// missingFont stands for a font the resources do not hold.
var missingFont = &goFont{dw: 500, lo: -0.2, hi: 0.8, composite: false, unsupported: "a font that is not in the resources"}

// show draws each code of a string, advancing the text matrix.
func (w *walker) show(raw []byte) {
	f := w.g.font
	if f == nil {
		f = missingFont
		if w.doc.repaired { // a damaged file lost the resources, rather than naming a font it lacks
			f = damagedResources
		}
	}
	if f.damaged != "" {
		if !slices.Contains(w.pl.notes, f.damaged) {
			w.pl.notes = append(w.pl.notes, f.damaged)
		}
		return
	}
	if f.unsupported != "" && w.pl.unsupported == "" {
		w.pl.unsupported = f.unsupported
	}
	// The text rendering matrix of the string's first glyph; each advance
	// moves it along the text matrix's x axis.
	m := w.g.tm.mul(w.g.ctm)
	trm := mat{w.g.tfs * w.g.th, 0, 0, w.g.tfs, 0, w.g.rise}.mul(m)
	for len(raw) > 0 && w.err == nil {
		code, n := f.nextCode(raw)
		dx := w.glyph(f, code, n, trm)
		trm[4], trm[5] = trm[4]+dx*m[0], trm[5]+dx*m[1]
		raw = raw[n:]
	}
}

// glyph adds one code's glyph, drawn with the text rendering matrix trm,
// and moves the text matrix past it by the returned distance.
func (w *walker) glyph(f *goFont, code, n int, trm mat) (dx float64) {
	width, ok := f.width(code)
	if !ok && w.pl.unsupported == "" {
		w.pl.unsupported = fmt.Sprintf("code %#x has no width but in the font program", code)
	}
	text, inside := w.replacement()
	if !inside {
		if text, ok = f.text(code, n); !ok {
			text = w.rawCode(code)
		}
	}
	adv := width / 1000
	loose, outline, fallback := w.glyphBoxes(f, code, trm, adv, isBlank(text))
	w.obj.extend(code, width, outline)
	if !w.overprinted(f, code, trm) && text != "" {
		if len(w.pl.glyphs) >= maxPageGlyphs {
			w.err = fmt.Errorf("%w: over the budget of %d glyphs per page", ErrTooLarge, maxPageGlyphs)
			return 0
		}
		g := w.tr.boxGlyph(text, loose.l, loose.b, loose.r, loose.t)
		if fallback { // no metrics: the origin is the baseline, the font size the size
			g = w.tr.glyph(text, loose.l, loose.b, loose.r, loose.t, trm[4], trm[5], math.Hypot(trm[2], trm[3]))
		}
		if !w.repeatedSpace(g) {
			w.pl.glyphs = append(w.pl.glyphs, g)
		}
	}
	tx := adv*w.g.tfs + w.g.tc
	if n == 1 && code == ' ' {
		tx += w.g.tw
	}
	dx = tx * w.g.th
	w.g.tm[4], w.g.tm[5] = dx*w.g.tm[0]+w.g.tm[4], dx*w.g.tm[1]+w.g.tm[5]
	return dx
}

// rect is a box: left, bottom, right, top.
type rect struct{ l, b, r, t float64 }

// mapRect returns the bounds of r mapped by m.
func mapRect(m mat, r rect) rect {
	if m[1] == 0 && m[2] == 0 { // no rotation or shear: two corners do
		x0, x1 := r.l*m[0]+m[4], r.r*m[0]+m[4]
		y0, y1 := r.b*m[3]+m[5], r.t*m[3]+m[5]
		return rect{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
	}
	out := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, c := range [4][2]float64{{r.l, r.b}, {r.r, r.b}, {r.l, r.t}, {r.r, r.t}} {
		x, y := m.apply(c[0], c[1])
		out = rect{min(out.l, x), min(out.b, y), max(out.r, x), max(out.t, y)}
	}
	return out
}

func (r rect) union(o rect) rect {
	return rect{min(r.l, o.l), min(r.b, o.b), max(r.r, o.r), max(r.t, o.t)}
}

func (r rect) empty() bool { return r.l >= r.r || r.b >= r.t }

// round32 rounds to float32, as PDFium's boxes are.
func (r rect) round32() rect {
	f := func(v float64) float64 { return float64(float32(v)) }
	return rect{f(r.l), f(r.b), f(r.r), f(r.t)}
}

// glyphBoxes returns, in user space, a glyph's loose box (PDFium's
// FPDFText_GetLooseCharBox: the advance wide from the font's descent to its
// ascent, joined with the outline's box) and its outline's box (which
// makes up a text object's bounds). Without the font program the outline
// is taken to fill the loose box, and without metrics either (fallback)
// the box spans -0.2 to 0.8 em.
func (w *walker) glyphBoxes(f *goFont, code int, trm mat, adv float64, blank bool) (loose, outline rect, fallback bool) {
	if f.glyphs != nil {
		cb := f.glyphs.charBBox(f.glyphCode(code))
		raw := rect{float64(cb[0]) / 1000, float64(cb[3]) / 1000, float64(cb[2]) / 1000, float64(cb[1]) / 1000}
		tight, fs := raw, math.Abs(w.g.tfs)
		if math.Abs(tight.t-tight.b)*fs < 0.01 {
			tight.t = tight.b + 0.001
		}
		if math.Abs(tight.r-tight.l)*fs < 0.01 {
			tight.r = tight.l + adv
		}
		tu := mapRect(trm, tight).round32()
		loose = tu
		if !tu.empty() && f.lo != f.hi {
			loose = mapRect(trm, rect{0, f.lo, adv, f.hi}).round32().union(tu)
		}
		return loose, mapRect(trm, raw), false
	}
	lo, hi := f.lo, f.hi
	if fallback = lo == hi; fallback {
		lo, hi = -0.2, 0.8
	}
	loose = mapRect(trm, rect{0, lo, adv, hi}).round32()
	outline = loose
	if blank {
		outline = rect{trm[4], trm[5], trm[4], trm[5]}
	}
	return loose, outline, fallback
}

// rawCode is the text of a code the font gives none for: like PDFium, the
// code itself as a character. Below U+0020 it is dropped like any control
// character; above, it is a guess, and the page is marked for PDFium.
func (w *walker) rawCode(code int) string {
	if code < 0x20 {
		return ""
	}
	if w.pl.unsupported == "" {
		w.pl.unsupported = fmt.Sprintf("code %#x of a font has no text", code)
	}
	if code > 0x10FFFF || (code >= 0xD800 && code < 0xE000) {
		return "\uFFFD"
	}
	return string(rune(code))
}

// replacement returns the text of a glyph inside an ActualText sequence:
// the sequence's text for its first glyph, nothing for the others.
func (w *walker) replacement() (text string, inside bool) {
	for i := len(w.spans) - 1; i >= 0; i-- {
		if sp := &w.spans[i]; sp.has {
			if sp.used {
				return "", true
			}
			sp.used = true
			return sp.text, true
		}
	}
	return "", false
}

// pathOp handles path construction and painting operators. Points are
// kept in user space; an re rectangle becomes the closed four-point
// subpath PDFium makes of it, and a curve its three points.
func (w *walker) pathOp(op string, args []operand) {
	switch op {
	case "m", "l":
		if v, ok := numbers(args, 2); ok {
			w.addPoint(v[0], v[1], op == "m", false)
		}
	case "c", "v", "y":
		n := 6
		if op != "c" {
			n = 4
		}
		if v, ok := numbers(args, n); ok {
			for i := 0; i < n; i += 2 {
				w.addPoint(v[i], v[i+1], false, true)
			}
		}
	case "re":
		if v, ok := numbers(args, 4); ok {
			x, y, wd, ht := v[0], v[1], v[2], v[3]
			w.addPoint(x, y, true, false)
			w.addPoint(x+wd, y, false, false)
			w.addPoint(x+wd, y+ht, false, false)
			w.addPoint(x, y+ht, false, false)
			w.closePath()
		}
	case "h":
		w.closePath()
	case "S", "s", "B", "B*", "b", "b*":
		if op == "s" || op == "b" || op == "b*" {
			w.closePath()
		}
		w.paint(true)
	case "f", "F", "f*":
		w.paint(false)
	case "n":
		w.path = w.path[:0]
	}
}

func (w *walker) addPoint(x, y float64, move, curve bool) {
	if len(w.path) < maxPageRules {
		ux, uy := w.g.ctm.apply(x, y)
		w.path = append(w.path, pathPoint{x: ux, y: uy, move: move, curve: curve})
	}
}

func (w *walker) closePath() {
	if n := len(w.path); n > 0 {
		w.path[n-1].close = true
	}
}

// paint turns the current path into rules (see paintPath) and clears it.
func (w *walker) paint(stroked bool) {
	if len(w.forms) == 0 { // as pdfiumDoc.objects, which reads the page's own path objects only
		paintPath(w.path, stroked, w.tr, &w.rules)
		if len(w.rules.h)+len(w.rules.v) > maxPageRules {
			w.err = fmt.Errorf("%w: over the budget of %d ruling lines per page", ErrTooLarge, maxPageRules)
		}
	}
	w.path = w.path[:0]
}
