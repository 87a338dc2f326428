package extract

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// tinyTrueType builds a font program with three glyphs: .notdef (empty),
// a triangle whose header claims the whole em (the box must come from its
// points), and a composite that draws the triangle moved by (100, 50);
// cmap format 4 maps 'A' to glyph 1 and 'B' to glyph 2.
func tinyTrueType() []byte {
	be := binary.BigEndian
	var glyf bytes.Buffer
	tri := []byte{0, 1, 0, 0, 0, 0, 0x03, 0xE8, 0x03, 0xE8} // 1 contour, header box 0,0–1000,1000
	glyf.Write(tri)
	glyf.Write([]byte{0, 2, 0, 0})              // last point 2, no instructions
	glyf.Write([]byte{0x01, 0x01, 0x01})        // three on-curve points, long coordinates
	for _, v := range []int16{100, 300, -200} { // x deltas: 100, 400, 200
		binary.Write(&glyf, be, v)
	}
	for _, v := range []int16{-50, 0, 600} { // y deltas: -50, -50, 550
		binary.Write(&glyf, be, v)
	}
	glyf.WriteByte(0) // glyphs start at even offsets
	compAt := glyf.Len()
	glyf.Write([]byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0}) // composite header
	glyf.Write([]byte{0x00, 0x03, 0x00, 0x01, 0x00, 100, 0x00, 50})
	end := glyf.Len()
	loca := make([]byte, 8)
	be.PutUint16(loca[2:], 0)
	be.PutUint16(loca[4:], uint16(compAt/2))
	be.PutUint16(loca[6:], uint16((end+1)/2))
	if end%2 == 1 {
		glyf.WriteByte(0)
	}
	head := make([]byte, 54)
	be.PutUint16(head[18:], 1000) // unitsPerEm; short loca
	maxp := []byte{0, 0, 0x50, 0, 0, 3}
	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	seg := []uint16{4, 4, 1, 0, 0x42, 0xFFFF, 0, 0x41, 0xFFFF, 0xFFC0, 1, 0, 0} // header, ends, pad, starts, deltas, ranges
	sub := []byte{0, 4, 0, 0, 0, 0}
	for _, v := range seg {
		sub = binary.BigEndian.AppendUint16(sub, v)
	}
	be.PutUint16(sub[2:], uint16(len(sub)))
	cmap = append(cmap, sub...)
	tables := []struct {
		tag  string
		data []byte
	}{{"cmap", cmap}, {"glyf", glyf.Bytes()}, {"head", head}, {"loca", loca}, {"maxp", maxp}}
	var out bytes.Buffer
	out.Write([]byte{0, 1, 0, 0, 0, byte(len(tables)), 0, 0, 0, 0, 0, 0})
	off := 12 + 16*len(tables)
	for _, t := range tables {
		out.WriteString(t.tag)
		binary.Write(&out, be, uint32(0))
		binary.Write(&out, be, uint32(off))
		binary.Write(&out, be, uint32(len(t.data)))
		off += len(t.data)
	}
	for _, t := range tables {
		out.Write(t.data)
	}
	return out.Bytes()
}

// TestTrueTypeGlyphBounds reads glyph boxes from their points (not the
// header), through a composite's offset, and glyphs by cmap.
func TestTrueTypeGlyphBounds(t *testing.T) {
	tt, err := parseTrueType(tinyTrueType())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		gid  int
		want [4]int
		ok   bool
	}{
		{0, [4]int{}, false},
		{1, [4]int{100, -50, 400, 550}, true},
		{2, [4]int{200, 0, 500, 600}, true},
		{7, [4]int{}, false},
	}
	for _, tt2 := range tests {
		x0, y0, x1, y1, ok := tt.glyphBounds(tt2.gid)
		if got := [4]int{x0, y0, x1, y1}; ok != tt2.ok || got != tt2.want {
			t.Errorf("glyph %d: got %v %v, want %v %v", tt2.gid, got, ok, tt2.want, tt2.ok)
		}
	}
	sub := tt.cmap(3, 1)
	for code, want := range map[int]int{'A': 1, 'B': 2, 'C': 0, ' ': 0} {
		if got := cmapLookup(sub, code); got != want {
			t.Errorf("cmap %c: got glyph %d, want %d", code, got, want)
		}
	}
}

// FuzzTrueType checks that no program panics the reader.
func FuzzTrueType(f *testing.F) {
	f.Add(tinyTrueType())
	f.Fuzz(func(t *testing.T, data []byte) {
		tt, err := parseTrueType(data)
		if err != nil {
			return
		}
		for gid := 0; gid < 4; gid++ {
			tt.glyphBounds(gid)
		}
		for _, c := range tt.cmaps {
			cmapLookup(c.data, 'A')
		}
	})
}
