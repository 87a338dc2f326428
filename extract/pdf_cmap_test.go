package extract

import (
	"fmt"
	"testing"
)

// TestParseToUnicode reads the entry forms of a ToUnicode CMap.
func TestParseToUnicode(t *testing.T) {
	tests := []struct {
		name, cmap string
		want       map[int]string
	}{
		{"bfchar", "2 beginbfchar\n<01> <5355>\n<02><0037>\nendbfchar", map[int]string{1: "单", 2: "7"}},
		{"bfrange", "1 beginbfrange\n<20> <22> <0041>\nendbfrange", map[int]string{0x20: "A", 0x21: "B", 0x22: "C"}},
		{"bfrange array", "1 beginbfrange <05> <06> [<4E00> <4E8C>] endbfrange", map[int]string{5: "一", 6: "二"}},
		{"surrogate pair", "1 beginbfchar <07> <D840DC00> endbfchar", map[int]string{7: "\U00020000"}},
		{"ligature", "1 beginbfchar <08> <00660069> endbfchar", map[int]string{8: "fi"}},
		{"reversed range skipped", "1 beginbfrange <09> <08> <0041> endbfrange", map[int]string{}},
		{"truncated", "1 beginbfchar <01> <53", map[int]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseToUnicode(tt.cmap)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("parseToUnicode = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzParseToUnicode checks that no CMap text panics the parser or makes
// it keep more than maxToUnicode entries.
func FuzzParseToUnicode(f *testing.F) {
	f.Add("2 beginbfchar\n<01> <5355>\n<02> <0037>\nendbfchar")
	f.Add("1 beginbfrange <05> <06> [<4E00> <4E8C>] endbfrange")
	f.Add("beginbfrange <00> <FF> <0000> endbfrange beginbfchar")
	f.Fuzz(func(t *testing.T, text string) {
		if m := parseToUnicode(text); len(m) > maxToUnicode {
			t.Fatalf("%d entries", len(m))
		}
	})
}

// TestChineseCMaps reads codes of the predefined CMaps office software
// writes for a Chinese font it does not embed: the text from UCS-2 or GBK,
// the width from the CID of a one-byte code (the font's /W half widths)
// and /DW for the rest, as PDFium reads them (cities/guangzhou/69435bae,
// cities/xian/b807ca62 read alike by both engines).
func TestChineseCMaps(t *testing.T) {
	halfWidths := map[int]int32{} // /W [1 95 500 814 907 500 7716 7716 500]
	for c := 1; c <= 95; c++ {
		halfWidths[c] = 500
	}
	for c := 814; c <= 907; c++ {
		halfWidths[c] = 500
	}
	halfWidths[7716] = 500
	tests := []struct {
		cmap  pdfName
		raw   []byte
		text  string
		width float64
	}{
		{"UniGB-UCS2-H", []byte{0x00, 0x31}, "1", 500},
		{"UniGB-UCS2-H", []byte{0x00, 0x20}, " ", 500},
		{"UniGB-UCS2-H", []byte{0x98, 0x84}, "预", 1000},
		{"UniGB-UCS2-H", []byte{0xd8, 0x00}, "", 1000}, // a lone surrogate has no text
		{"GBK-EUC-H", []byte{0x31}, "1", 500},
		{"GBK-EUC-H", []byte{0x20}, " ", 500},
		{"GBK-EUC-H", []byte{0xd4, 0xa4}, "预", 1000},
		{"GBK-EUC-H", []byte{0xa3, 0xb1}, "１", 1000}, // full-width digit
	}
	for _, tt := range tests {
		f := &goFont{composite: true, dw: 1000, cidW: halfWidths}
		predefinedCMap(tt.cmap, f)
		if f.unsupported != "" {
			t.Fatalf("%s: unsupported: %s", tt.cmap, f.unsupported)
		}
		code, n := f.nextCode(tt.raw)
		if n != len(tt.raw) {
			t.Errorf("%s % x: a code of %d bytes, want %d", tt.cmap, tt.raw, n, len(tt.raw))
		}
		text, _ := f.text(code, n)
		w, _ := f.width(code)
		if text != tt.text || w != tt.width {
			t.Errorf("%s % x: text %q width %v, want %q %v", tt.cmap, tt.raw, text, w, tt.text, tt.width)
		}
	}
	f := &goFont{composite: true, glyphs: &glyphSource{}}
	if predefinedCMap("GBK-EUC-H", f); f.unsupported == "" {
		t.Error("GBK-EUC-H with an embedded font program: supported, want handed to PDFium (its glyphs are found by CID)")
	}
}
