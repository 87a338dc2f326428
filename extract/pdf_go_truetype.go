package extract

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
)

// Embedded TrueType programs, read only as far as PDFium's text page needs
// them: the bounding box of each glyph (which decides a glyph's box and
// whether a text object has any width) and the character maps that give a
// simple font's glyphs.

// maxFontProgram bounds a decoded font program.
const maxFontProgram = 32 << 20

var errTrueType = errors.New("damaged TrueType program")

// trueType is a parsed TrueType font program.
type trueType struct {
	upem     int
	longLoca bool
	loca     []byte
	glyf     []byte
	numGlyph int
	bbox     [4]int // head: xMin, yMin, xMax, yMax in font units
	cmaps    []ttCmap
}

// ttCmap is one subtable of the cmap table.
type ttCmap struct {
	platform, encoding int
	data               []byte
}

// parseTrueType reads the tables of a font program.
func parseTrueType(data []byte) (*trueType, error) {
	if len(data) < 12 {
		return nil, errTrueType
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	tables := map[string][]byte{}
	for i := 0; i < n && 12+16*(i+1) <= len(data); i++ {
		rec := data[12+16*i:]
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || length < 0 || off > len(data) || length > len(data)-off {
			continue
		}
		tables[string(rec[:4])] = data[off : off+length]
	}
	head, maxp := tables["head"], tables["maxp"]
	if len(head) < 54 || len(maxp) < 6 || tables["glyf"] == nil || tables["loca"] == nil {
		return nil, errTrueType // CFF outlines in an OpenType wrapper are not read
	}
	t := &trueType{
		upem:     int(binary.BigEndian.Uint16(head[18:])),
		longLoca: binary.BigEndian.Uint16(head[50:]) != 0,
		loca:     tables["loca"],
		glyf:     tables["glyf"],
		numGlyph: int(binary.BigEndian.Uint16(maxp[4:])),
	}
	for i := range t.bbox {
		t.bbox[i] = int(int16(binary.BigEndian.Uint16(head[36+2*i:])))
	}
	t.cmaps = cmapSubtables(tables["cmap"])
	return t, nil
}

// cmapSubtables lists the subtables of a cmap table.
func cmapSubtables(cm []byte) []ttCmap {
	if len(cm) < 4 {
		return nil
	}
	var out []ttCmap
	n := int(binary.BigEndian.Uint16(cm[2:]))
	for i := 0; i < n && 4+8*(i+1) <= len(cm); i++ {
		rec := cm[4+8*i:]
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if off < len(cm) {
			out = append(out, ttCmap{int(binary.BigEndian.Uint16(rec)), int(binary.BigEndian.Uint16(rec[2:])), cm[off:]})
		}
	}
	return out
}

// glyphBounds returns the control box of a glyph's outline (every point,
// on the curve or off, of every contour and component) in font units, as
// FreeType measures an unscaled glyph; ok is false for a glyph without
// outline (or one the program does not have). The box in the glyph's
// header is not used: some programs give every glyph the em square there.
func (t *trueType) glyphBounds(gid int) (xMin, yMin, xMax, yMax int, ok bool) {
	b := bounds{xMin: math.MaxInt, yMin: math.MaxInt, xMax: math.MinInt, yMax: math.MinInt}
	t.addOutline(&b, gid, [6]float64{1, 0, 0, 1, 0, 0}, 0)
	if b.xMin > b.xMax {
		return 0, 0, 0, 0, false
	}
	return b.xMin, b.yMin, b.xMax, b.yMax, true
}

// bounds accumulates points.
type bounds struct{ xMin, yMin, xMax, yMax int }

func (b *bounds) add(x, y int) {
	b.xMin, b.yMin, b.xMax, b.yMax = min(b.xMin, x), min(b.yMin, y), max(b.xMax, x), max(b.yMax, y)
}

// glyphData returns the glyf record of a glyph, or nil.
func (t *trueType) glyphData(gid int) []byte {
	if gid < 0 || gid >= t.numGlyph {
		return nil
	}
	var a, b int
	if t.longLoca {
		if 4*gid+8 > len(t.loca) {
			return nil
		}
		a, b = int(binary.BigEndian.Uint32(t.loca[4*gid:])), int(binary.BigEndian.Uint32(t.loca[4*gid+4:]))
	} else {
		if 2*gid+4 > len(t.loca) {
			return nil
		}
		a, b = 2*int(binary.BigEndian.Uint16(t.loca[2*gid:])), 2*int(binary.BigEndian.Uint16(t.loca[2*gid+2:]))
	}
	if b <= a || a+10 > len(t.glyf) || b > len(t.glyf) {
		return nil
	}
	return t.glyf[a:b]
}

// maxComponentDepth bounds nested composite glyphs.
const maxComponentDepth = 8

// addOutline adds the points of a glyph, mapped by m, to b.
func (t *trueType) addOutline(b *bounds, gid int, m [6]float64, depth int) {
	g := t.glyphData(gid)
	if g == nil || depth > maxComponentDepth {
		return
	}
	n := int(int16(binary.BigEndian.Uint16(g)))
	if n >= 0 {
		simpleOutline(b, g, n, m)
		return
	}
	for p := 10; p+4 <= len(g); {
		flags, comp := binary.BigEndian.Uint16(g[p:]), int(binary.BigEndian.Uint16(g[p+2:]))
		p += 4
		var dx, dy float64
		if flags&1 != 0 { // two 16-bit arguments
			if p+4 > len(g) {
				return
			}
			dx, dy = float64(int16(binary.BigEndian.Uint16(g[p:]))), float64(int16(binary.BigEndian.Uint16(g[p+2:])))
			p += 4
		} else {
			if p+2 > len(g) {
				return
			}
			dx, dy = float64(int8(g[p])), float64(int8(g[p+1]))
			p += 2
		}
		if flags&2 == 0 { // point numbers to match, not offsets
			dx, dy = 0, 0
		}
		a, bb, c, d := 1.0, 0.0, 0.0, 1.0
		f2 := func(i int) float64 { return float64(int16(binary.BigEndian.Uint16(g[i:]))) / 16384 }
		switch {
		case flags&0x08 != 0 && p+2 <= len(g):
			a, d = f2(p), f2(p)
			p += 2
		case flags&0x40 != 0 && p+4 <= len(g):
			a, d = f2(p), f2(p+2)
			p += 4
		case flags&0x80 != 0 && p+8 <= len(g):
			a, bb, c, d = f2(p), f2(p+2), f2(p+4), f2(p+6)
			p += 8
		}
		cm := [6]float64{a, bb, c, d, dx, dy}
		t.addOutline(b, comp, [6]float64{
			cm[0]*m[0] + cm[1]*m[2], cm[0]*m[1] + cm[1]*m[3],
			cm[2]*m[0] + cm[3]*m[2], cm[2]*m[1] + cm[3]*m[3],
			cm[4]*m[0] + cm[5]*m[2] + m[4], cm[4]*m[1] + cm[5]*m[3] + m[5],
		}, depth+1)
		if flags&0x20 == 0 { // no more components
			return
		}
	}
}

// simpleOutline adds the points of a simple glyph with n contours.
func simpleOutline(b *bounds, g []byte, n int, m [6]float64) {
	p := 10 + 2*n
	if p+2 > len(g) || n == 0 {
		return
	}
	points := int(binary.BigEndian.Uint16(g[p-2:])) + 1
	p += 2 + int(binary.BigEndian.Uint16(g[p:]))
	flags := make([]byte, 0, points)
	for len(flags) < points && p < len(g) {
		f := g[p]
		p++
		flags = append(flags, f)
		if f&8 != 0 && p < len(g) {
			for r := int(g[p]); r > 0 && len(flags) < points; r-- {
				flags = append(flags, f)
			}
			p++
		}
	}
	xs := make([]int, len(flags))
	p = coords(g, p, flags, xs, 0x02, 0x10)
	ys := make([]int, len(flags))
	coords(g, p, flags, ys, 0x04, 0x20)
	for i := range flags {
		x, y := float64(xs[i]), float64(ys[i])
		b.add(int(math.Round(x*m[0]+y*m[2]+m[4])), int(math.Round(x*m[1]+y*m[3]+m[5])))
	}
}

// coords reads one coordinate of every point from p: short (one byte,
// signed by same) or long (two bytes, or repeated when same), as deltas.
func coords(g []byte, p int, flags []byte, out []int, short, same byte) int {
	v := 0
	for i, f := range flags {
		switch {
		case f&short != 0:
			if p >= len(g) {
				return p
			}
			d := int(g[p])
			p++
			if f&same == 0 {
				d = -d
			}
			v += d
		case f&same == 0:
			if p+2 > len(g) {
				return p
			}
			v += int(int16(binary.BigEndian.Uint16(g[p:])))
			p += 2
		}
		out[i] = v
	}
	return p
}

// cmap returns the subtable for platform and encoding, or nil.
func (t *trueType) cmap(platform, encoding int) []byte {
	for _, c := range t.cmaps {
		if c.platform == platform && c.encoding == encoding {
			return c.data
		}
	}
	return nil
}

// lookup maps a character code through a cmap subtable (formats 0, 4, 6
// and 12); 0 when it has no glyph.
func cmapLookup(sub []byte, code int) int {
	if len(sub) < 6 {
		return 0
	}
	switch binary.BigEndian.Uint16(sub) {
	case 0:
		if code < 256 && 6+code < len(sub) {
			return int(sub[6+code])
		}
	case 4:
		return cmap4(sub, code)
	case 6:
		if len(sub) < 10 {
			return 0
		}
		first, count := int(binary.BigEndian.Uint16(sub[6:])), int(binary.BigEndian.Uint16(sub[8:]))
		if i := code - first; i >= 0 && i < count && 10+2*i+2 <= len(sub) {
			return int(binary.BigEndian.Uint16(sub[10+2*i:]))
		}
	case 12:
		return cmap12(sub, code)
	}
	return 0
}

// cmap4 looks code up in a segment-mapping subtable.
func cmap4(sub []byte, code int) int {
	if code > 0xFFFF || len(sub) < 14 {
		return 0
	}
	segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
	ends, starts := 14, 16+2*segs
	deltas, ranges := starts+2*segs, starts+4*segs
	if ranges+2*segs > len(sub) {
		return 0
	}
	u16 := func(i int) int { return int(binary.BigEndian.Uint16(sub[i:])) }
	i := sort.Search(segs, func(k int) bool { return u16(ends+2*k) >= code })
	if i == segs || u16(starts+2*i) > code {
		return 0
	}
	delta, ro := u16(deltas+2*i), u16(ranges+2*i)
	if ro == 0 {
		return (code + delta) & 0xFFFF
	}
	at := ranges + 2*i + ro + 2*(code-u16(starts+2*i))
	if at+2 > len(sub) {
		return 0
	}
	if g := u16(at); g != 0 {
		return (g + delta) & 0xFFFF
	}
	return 0
}

// cmap12 looks code up in a segmented-coverage subtable.
func cmap12(sub []byte, code int) int {
	if len(sub) < 16 {
		return 0
	}
	n := int(binary.BigEndian.Uint32(sub[12:]))
	if 16+12*n > len(sub) || n < 0 {
		return 0
	}
	u32 := func(i int) int { return int(binary.BigEndian.Uint32(sub[i:])) }
	i := sort.Search(n, func(k int) bool { return u32(16+12*k+4) >= code })
	if i == n || u32(16+12*i) > code {
		return 0
	}
	return u32(16+12*i+8) + code - u32(16+12*i)
}

// normalize scales a font-unit value to 1/1000 em as PDFium's
// NormalizeFontMetric does.
func (t *trueType) normalize(v int) int {
	if t.upem == 0 {
		return v
	}
	return int((float64(v)*1000 + float64(t.upem/2)) / float64(t.upem))
}
