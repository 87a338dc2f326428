package extract

import (
	"encoding/binary"
	"math"
)

// What the Go engine takes from a font's embedded TrueType program: the
// bounding box of each glyph, in 1/1000 em as PDFium's CPDF_Font::
// GetCharBBox gives it, and from it the ascent and descent PDFium falls back
// to when the descriptor gives none.

// glyphSource maps a font's codes to the glyphs of its program.
type glyphSource struct {
	tt        *trueType
	simple    *[256]int32 // a simple font's glyph per code; -1 for none
	cidToGID  []byte      // a CID font's /CIDToGIDMap stream; nil for Identity
	composite bool
	cache     map[int][4]int
}

// loadProgram reads the embedded TrueType program of a font descriptor,
// or returns nil (no program, another format, or a damaged one).
func loadProgram(d *goDoc, desc pdfDict) *trueType {
	s := d.stream(desc["FontFile2"])
	if s == nil {
		return nil
	}
	data, err := d.decode(s, maxFontProgram)
	if err != nil {
		return nil
	}
	tt, err := parseTrueType(data)
	if err != nil {
		return nil
	}
	return tt
}

// charBBox returns the box of a code's glyph: left, top, right, bottom in
// 1/1000 em (a glyph without outline is all zero; a code without glyph in
// a simple font all -1, as PDFium leaves it).
func (g *glyphSource) charBBox(code int) [4]int {
	if r, ok := g.cache[code]; ok {
		return r
	}
	r := g.lookup(code)
	if g.cache == nil {
		g.cache = map[int][4]int{}
	}
	g.cache[code] = r
	return r
}

func (g *glyphSource) lookup(code int) [4]int {
	gid := code
	switch {
	case !g.composite:
		if code > 255 {
			code = 0
		}
		if gid = int(g.simple[code]); gid < 0 {
			return [4]int{-1, -1, -1, -1}
		}
	case g.cidToGID != nil:
		if 2*code+2 > len(g.cidToGID) {
			return [4]int{}
		}
		gid = int(binary.BigEndian.Uint16(g.cidToGID[2*code:]))
	}
	x0, y0, x1, y1, ok := g.tt.glyphBounds(gid)
	if !ok {
		return [4]int{}
	}
	n := g.tt.normalize
	r := [4]int{n(x0), n(y1), n(x1), n(y0)}
	if g.composite && r[1] <= math.MaxInt32/2 {
		r[1] += r[1] / 64 // CFX_Face::GetCharBBox raises a CID glyph's top by 1/64
	}
	return r
}

// fontBox returns the descriptor's /FontBBox as left, bottom, right, top in
// 1/1000 em, or the program's when the descriptor gives none.
func fontBox(d *goDoc, desc pdfDict, tt *trueType) [4]int {
	var b [4]int
	if a := d.array(desc["FontBBox"]); len(a) == 4 {
		for i := range b {
			b[i] = int(d.num(a[i]))
		}
	}
	if b == [4]int{} && tt != nil {
		for i := range b {
			b[i] = tt.normalize(tt.bbox[i])
		}
	}
	return b
}

// setMetrics sets the font's glyph box bottom and top (lo, hi) the way
// PDFium's loose character box takes them: the descriptor's /Descent and
// /Ascent (from the glyphs of A and g when both are 0), within /FontBBox.
func (f *goFont) setMetrics(d *goDoc, desc pdfDict) {
	asc, dsc := int(d.num(desc["Ascent"])), int(d.num(desc["Descent"]))
	if dsc > 10 {
		dsc = -dsc
	}
	var tt *trueType
	if f.glyphs != nil {
		tt = f.glyphs.tt
	}
	box := fontBox(d, desc, tt)
	if asc == 0 && dsc == 0 {
		if tt == nil {
			f.lo, f.hi = 0, 0 // only the font program knows
			return
		}
		asc, dsc = box[3], box[1]
		if a := f.glyphs.charBBox('A'); a[3] != a[1] {
			asc = a[1]
		}
		if g := f.glyphs.charBBox('g'); g[3] != g[1] {
			dsc = g[3]
		}
	}
	if box[3] > box[1] {
		asc, dsc = min(asc, box[3]), max(dsc, box[1])
	}
	f.lo, f.hi = float64(dsc)/1000, float64(asc)/1000
}

// simpleGlyphs maps the codes of a simple TrueType font to its glyphs, as
// PDFium's CPDF_TrueTypeFont::LoadGlyphMap does in the common cases: the
// Unicode of each code (from its encoding) through the Windows Unicode
// cmap, or the code through the symbol or Macintosh cmap.
func simpleGlyphs(tt *trueType, f *goFont, symbolic bool) *[256]int32 {
	var gids [256]int32
	for i := range gids {
		gids[i] = -1
	}
	uni, sym, mac := tt.cmap(3, 1), tt.cmap(3, 0), tt.cmap(1, 0)
	for code := 0; code < 256; code++ {
		switch {
		case !symbolic && uni != nil && f.enc != nil:
			if r := []rune(f.enc[code]); len(r) > 0 {
				gids[code] = int32(cmapLookup(uni, int(r[0])))
			} else {
				gids[code] = int32(cmapLookup(uni, code))
			}
		case sym != nil:
			for _, prefix := range []int{0x0000, 0xF000, 0xF100, 0xF200} {
				if g := cmapLookup(sym, prefix+code); g != 0 {
					gids[code] = int32(g)
					break
				}
			}
		case mac != nil:
			gids[code] = int32(cmapLookup(mac, code))
		case uni != nil:
			gids[code] = int32(cmapLookup(uni, code))
		default:
			gids[code] = int32(code)
		}
	}
	return &gids
}
