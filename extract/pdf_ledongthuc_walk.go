package extract

import (
	"math"

	"github.com/ledongthuc/pdf"
)

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

// walkFont is what the walker needs of a font.
type walkFont struct {
	enc     pdf.TextEncoding
	toUni   map[int]string  // a simple font's ToUnicode map, which wins over enc
	twoByte bool            // Type0 (CID) font: two bytes per code
	widths  map[int]float64 // glyph widths in 1/1000 em
	dw      float64         // default width
}

// gstate is the graphics and text state the walker tracks.
type walkState struct {
	ctm                 mat
	tm, tlm             mat
	tfs, th, tc, tw, tl float64
	rise                float64
	font                *walkFont
}

// contentWalker turns content-stream operators into glyphs and rules.
type contentWalker struct {
	page  pdf.Page
	tr    pageTransform
	g     walkState
	stack []walkState
	fonts map[string]*walkFont
	path  []pathPoint
	rules ruleSet
	pl    pageLayer
	// spans are the open marked-content sequences; an ActualText one
	// replaces the glyphs drawn inside it (LibreOffice draws a missing
	// CJK glyph as .notdef and gives its text as ActualText).
	spans []actualText
}

// actualText is one open marked-content sequence.
type actualText struct {
	text string // the replacement text, when the sequence has one
	has  bool
	used bool // the text was given to the sequence's first glyph
}

// pathPoint is a point of the current path in user space; rect marks the
// first corner of an re rectangle (w, h in the next two fields).
type pathPoint struct {
	x, y       float64
	move, rect bool
	w, h       float64
	close      bool
}

func newContentWalker(p pdf.Page, tr pageTransform) *contentWalker {
	w := &contentWalker{page: p, tr: tr, fonts: map[string]*walkFont{}}
	w.g = walkState{ctm: identity, tm: identity, tlm: identity, th: 1}
	w.pl.width, w.pl.height = tr.width, tr.height
	return w
}

// op handles one operator with its operands on stk.
func (w *contentWalker) op(stk *pdf.Stack, op string) {
	args := make([]pdf.Value, stk.Len())
	for i := len(args) - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	if w.textOp(op, args) || w.stateOp(op, args) {
		return
	}
	w.pathOp(op, args)
}

func nums(args []pdf.Value, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = args[len(args)-n+i].Float64()
	}
	return out, true
}

// stateOp handles graphics-state and text-state operators.
func (w *contentWalker) stateOp(op string, args []pdf.Value) bool {
	switch op {
	case "q":
		w.stack = append(w.stack, w.g)
	case "Q":
		if n := len(w.stack); n > 0 {
			w.g, w.stack = w.stack[n-1], w.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(args, 6); ok {
			w.g.ctm = mat{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(w.g.ctm)
		}
	case "Tf":
		if len(args) >= 2 {
			w.g.font = w.font(args[0].Name())
			w.g.tfs = args[1].Float64()
		}
	case "Tc", "Tw", "Tz", "TL", "Ts":
		w.textParam(op, args)
	case "Do":
		if len(args) == 1 && w.page.Resources().Key("XObject").Key(args[0].Name()).Key("Subtype").Name() == "Image" {
			w.pl.images++
		}
	case "BMC":
		w.spans = append(w.spans, actualText{})
	case "BDC":
		var span actualText
		if len(args) == 2 && args[1].Kind() == pdf.Dict {
			if at := args[1].Key("ActualText"); at.Kind() == pdf.String {
				span = actualText{text: at.Text(), has: true}
			}
		}
		w.spans = append(w.spans, span)
	case "EMC":
		if n := len(w.spans); n > 0 {
			w.spans = w.spans[:n-1]
		}
	default:
		return false
	}
	return true
}

// replacement returns the text of a glyph inside an ActualText sequence:
// the sequence's text for its first glyph, nothing for the others.
func (w *contentWalker) replacement() (text string, inside bool) {
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

func (w *contentWalker) textParam(op string, args []pdf.Value) {
	v, ok := nums(args, 1)
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
	}
}

// textOp handles text positioning and showing operators.
func (w *contentWalker) textOp(op string, args []pdf.Value) bool {
	switch op {
	case "BT":
		w.g.tm, w.g.tlm = identity, identity
	case "ET":
	case "Td", "TD":
		if v, ok := nums(args, 2); ok {
			if op == "TD" {
				w.g.tl = -v[1]
			}
			w.g.tlm = mat{1, 0, 0, 1, v[0], v[1]}.mul(w.g.tlm)
			w.g.tm = w.g.tlm
		}
	case "Tm":
		if v, ok := nums(args, 6); ok {
			w.g.tm = mat{v[0], v[1], v[2], v[3], v[4], v[5]}
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

func (w *contentWalker) nextLine() {
	w.g.tlm = mat{1, 0, 0, 1, 0, -w.g.tl}.mul(w.g.tlm)
	w.g.tm = w.g.tlm
}

func (w *contentWalker) showOp(op string, args []pdf.Value) {
	if len(args) == 0 {
		return
	}
	if op == "\"" {
		if v, ok := nums(args[:len(args)-1], 2); ok {
			w.g.tw, w.g.tc = v[0], v[1]
		}
	}
	if op != "Tj" {
		w.nextLine()
	}
	w.show(args[len(args)-1].RawString())
}

// showArray shows a TJ array: strings and kerning adjustments, and
// nothing after it.
func (w *contentWalker) showArray(args []pdf.Value) {
	if len(args) == 0 {
		return
	}
	a := args[len(args)-1]
	for i := 0; i < a.Len(); i++ {
		x := a.Index(i)
		if x.Kind() == pdf.String {
			w.show(x.RawString())
			continue
		}
		tx := -x.Float64() / 1000 * w.g.tfs * w.g.th
		w.g.tm = mat{1, 0, 0, 1, tx, 0}.mul(w.g.tm)
	}
}

// show draws each code of a string, advancing the text matrix.
func (w *contentWalker) show(raw string) {
	f := w.g.font
	if f == nil {
		f = &walkFont{enc: nil, dw: 500}
	}
	step := 1
	if f.twoByte {
		step = 2
	}
	for i := 0; i+step <= len(raw); i += step {
		w.glyph(f, raw[i:i+step])
	}
}

// glyph adds one code's glyph and moves past it.
func (w *contentWalker) glyph(f *walkFont, code string) {
	c := 0
	for i := 0; i < len(code); i++ {
		c = c<<8 | int(code[i])
	}
	width, ok := f.widths[c]
	if !ok {
		width = f.dw
	}
	text := code
	if r, inside := w.replacement(); inside {
		text = r
	} else if u, ok := f.toUni[c]; ok {
		text = u
	} else if f.enc != nil {
		text = f.enc.Decode(code)
	}
	trm := mat{w.g.tfs * w.g.th, 0, 0, w.g.tfs, 0, w.g.rise}.mul(w.g.tm).mul(w.g.ctm)
	adv := width / 1000
	x0, y0 := trm.apply(0, -0.2)
	x1, y1 := trm.apply(adv, 0.8)
	ox, oy := trm.apply(0, 0)
	size := math.Hypot(trm[2], trm[3])
	if text != "" {
		w.pl.glyphs = append(w.pl.glyphs, w.tr.glyph(text, math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1), ox, oy, size))
	}
	tx := width/1000*w.g.tfs + w.g.tc
	if len(code) == 1 && code[0] == ' ' {
		tx += w.g.tw
	}
	w.g.tm = mat{1, 0, 0, 1, tx * w.g.th, 0}.mul(w.g.tm)
}
