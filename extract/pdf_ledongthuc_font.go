package extract

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// font returns the walker's view of the named font resource, cached per
// page.
func (w *contentWalker) font(name string) *walkFont {
	if f, ok := w.fonts[name]; ok {
		return f
	}
	pf := w.page.Font(name)
	f := &walkFont{enc: pf.Encoder(), widths: map[int]float64{}, dw: 0}
	if pf.V.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		cidWidths(pf.V.Key("DescendantFonts").Index(0), f)
	} else {
		first := pf.FirstChar()
		for i, wd := range pf.Widths() {
			f.widths[first+i] = wd
		}
		// ledongthuc decodes a simple font by its /Encoding alone; a
		// ToUnicode map says what the glyphs are (LibreOffice subsets
		// CJK glyphs into WinAnsi-encoded TrueType fonts).
		if tu := pf.V.Key("ToUnicode"); tu.Kind() == pdf.Stream {
			f.toUni = readToUnicode(tu)
		}
	}
	w.fonts[name] = f
	return f
}

// maxToUnicode bounds the entries read from one ToUnicode map.
const maxToUnicode = 1 << 16

// readToUnicode reads the bfchar and bfrange entries of a ToUnicode CMap
// stream (one-byte codes: it serves simple fonts). A damaged map gives
// what could be read.
func readToUnicode(v pdf.Value) (m map[int]string) {
	m = map[int]string{}
	defer func() {
		if recover() != nil {
			m = nil // a stream the library cannot read: fall back to /Encoding
		}
	}()
	data, err := io.ReadAll(io.LimitReader(v.Reader(), 1<<20))
	if err != nil {
		return m
	}
	return parseToUnicode(string(data))
}

// parseToUnicode reads the bfchar and bfrange entries of CMap text.
func parseToUnicode(text string) map[int]string {
	m := map[int]string{}
	toks := cmapTokens(text)
	for i := 0; i < len(toks) && len(m) < maxToUnicode; i++ {
		switch toks[i] {
		case "beginbfchar":
			for i++; i+1 < len(toks) && toks[i] != "endbfchar"; i += 2 {
				if c, ok := hexCode(toks[i]); ok {
					m[c] = hexText(toks[i+1])
				}
			}
		case "beginbfrange":
			for i++; i+2 < len(toks) && toks[i] != "endbfrange"; i += 3 {
				lo, ok1 := hexCode(toks[i])
				hi, ok2 := hexCode(toks[i+1])
				if !ok1 || !ok2 || hi < lo || hi-lo > 255 {
					continue
				}
				if toks[i+2] == "[" { // [<dst> <dst> …]
					j := i + 3
					for c := lo; c <= hi && j < len(toks) && toks[j] != "]"; c, j = c+1, j+1 {
						m[c] = hexText(toks[j])
					}
					for j < len(toks) && toks[j] != "]" {
						j++
					}
					i = j - 2
					continue
				}
				base := []rune(hexText(toks[i+2]))
				if len(base) == 0 {
					continue
				}
				for c := lo; c <= hi; c++ {
					r := append([]rune(nil), base...)
					r[len(r)-1] += rune(c - lo)
					m[c] = string(r)
				}
			}
		}
	}
	return m
}

// cmapTokens splits CMap text into <hex> strings, [ ], and words.
func cmapTokens(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return toks
			}
			toks = append(toks, s[i:i+j+1])
			i += j + 1
		case c == '[' || c == ']':
			toks = append(toks, string(c))
			i++
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \n\r\t<[]", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks
}

// hexCode reads a <hex> source code.
func hexCode(tok string) (int, bool) {
	if len(tok) < 3 || tok[0] != '<' {
		return 0, false
	}
	v, err := strconv.ParseUint(tok[1:len(tok)-1], 16, 32)
	return int(v), err == nil
}

// hexText reads a <hex> destination: UTF-16BE code units.
func hexText(tok string) string {
	if len(tok) < 3 || tok[0] != '<' {
		return ""
	}
	h := tok[1 : len(tok)-1]
	var units []uint16
	for i := 0; i+4 <= len(h); i += 4 {
		v, err := strconv.ParseUint(h[i:i+4], 16, 16)
		if err != nil {
			return ""
		}
		units = append(units, uint16(v))
	}
	return string(utf16.Decode(units))
}

// cidWidths reads a CID font's /DW and /W array ([c [w1 w2 …]] and
// [cfirst clast w] entries).
func cidWidths(desc pdf.Value, f *walkFont) {
	f.dw = 1000
	if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.dw = dw.Float64()
	}
	arr := desc.Key("W")
	for i := 0; i+1 < arr.Len(); {
		first := int(arr.Index(i).Int64())
		next := arr.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len(); j++ {
				f.widths[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= arr.Len() {
			return
		}
		last, wd := int(next.Int64()), arr.Index(i+2).Float64()
		for c := first; c <= last && c-first < 65536; c++ {
			f.widths[c] = wd
		}
		i += 3
	}
}

// pathOp handles path construction and painting operators.
func (w *contentWalker) pathOp(op string, args []pdf.Value) {
	switch op {
	case "m", "l":
		if v, ok := nums(args, 2); ok {
			x, y := w.g.ctm.apply(v[0], v[1])
			w.path = append(w.path, pathPoint{x: x, y: y, move: op == "m"})
		}
	case "re":
		if v, ok := nums(args, 4); ok {
			w.path = append(w.path, pathPoint{x: v[0], y: v[1], w: v[2], h: v[3], rect: true})
		}
	case "h":
		if n := len(w.path); n > 0 {
			w.path[n-1].close = true
		}
	case "S", "s", "B", "B*", "b", "b*":
		w.paint(true)
		w.path = w.path[:0]
	case "f", "F", "f*":
		w.paint(false)
		w.path = w.path[:0]
	case "n":
		w.path = w.path[:0]
	}
}

// paint turns the current path into rules in display coordinates. An
// area that is only filled draws no lines: its edges are rules only when
// the area is thin (see ruleSet.addBox).
func (w *contentWalker) paint(stroked bool) {
	var pb pathBuilder
	var fill bbox // the current subpath of a filled-only path
	for _, p := range w.path {
		if p.rect {
			w.rect(p, stroked)
			continue
		}
		x, y := w.tr.point(p.x, p.y)
		if !stroked {
			if p.move {
				fill.addTo(&w.rules, w.tr)
				fill = bbox{}
			}
			fill.grow(x, y)
			continue
		}
		pb.add(x, y, p.move, !p.move, p.close, &w.rules)
	}
	fill.addTo(&w.rules, w.tr)
}

// bbox is the bounding box of the points of a subpath.
type bbox struct {
	x0, y0, x1, y1 float64
	n              int
}

func (b *bbox) grow(x, y float64) {
	if b.n == 0 {
		b.x0, b.y0, b.x1, b.y1 = x, y, x, y
	}
	b.x0, b.y0, b.x1, b.y1 = min(b.x0, x), min(b.y0, y), max(b.x1, x), max(b.y1, y)
	b.n++
}

// addTo adds a filled subpath as a rule when it is thin (a rule drawn as a
// filled polygon rather than an re rectangle).
func (b *bbox) addTo(rs *ruleSet, tr pageTransform) {
	if b.n >= 2 {
		rs.addBox(b.x0, b.y0, b.x1, b.y1, tr.width, tr.height)
	}
}

// rect adds an re rectangle: a thin one is a rule, a larger stroked one
// its edges.
func (w *contentWalker) rect(p pathPoint, stroked bool) {
	ax, ay := w.g.ctm.apply(p.x, p.y)
	bx, by := w.g.ctm.apply(p.x+p.w, p.y+p.h)
	x0, y0 := w.tr.point(ax, ay)
	x1, y1 := w.tr.point(bx, by)
	if w.rules.addBox(x0, y0, x1, y1, w.tr.width, w.tr.height) || !stroked {
		return
	}
	w.rules.addLine(x0, y0, x1, y0)
	w.rules.addLine(x0, y1, x1, y1)
	w.rules.addLine(x0, y0, x0, y1)
	w.rules.addLine(x1, y0, x1, y1)
}
