package extract

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Fonts as the Go engine needs them: how a string splits into codes, the
// text and the width of each code. A font whose text or metrics the engine
// cannot know without reading the font program (no ToUnicode map and a
// built-in encoding, a Type3 font, vertical writing, a predefined CJK CMap
// other than the Chinese ones of chineseCMap) is marked unsupported, and a
// document that draws with it is handed to PDFium (see readPDF).

// goFont is one font resource.
type goFont struct {
	composite bool
	space     []codespace    // composite: how strings split into codes
	cid       map[int]int    // composite with an embedded CMap: code -> CID
	toUni     map[int]string // the ToUnicode map, which wins over everything else
	// codeText is the text of a code by its CMap's own encoding (UCS-2,
	// GBK) when the font has no ToUnicode entry for it; nil for others
	codeText func(code, n int) (string, bool)
	enc      *[256]string // simple: the text of each code from /Encoding
	// Widths are whole 1/1000 units, as PDFium reads them. A simple font
	// has one per code (-1: not given, so only the font program knows);
	// a composite font one per CID, dw for the others.
	simpleW [256]int32
	cidW    map[int]int32
	dw      int32
	// lo and hi are the bottom and top of a glyph's box in text space
	// units per font size: the descriptor's descent and ascent, as in
	// PDFium's loose character boxes. When the descriptor gives neither
	// (LibreOffice writes 0 and 0), lo == hi and the glyph is boxed from
	// -0.2 to 0.8 em around its origin instead.
	lo, hi float64
	// glyphs gives the box of each glyph from the embedded TrueType
	// program; nil without one (the boxes then come from lo and hi).
	glyphs      *glyphSource
	unsupported string // why the text or metrics of this font are not known
	damaged     string // why the font could not be read at all: its glyphs are left out
}

// codespace is one range of a composite font's codes: n bytes, each
// between lo[i] and hi[i].
type codespace struct {
	n      int
	lo, hi [4]byte
}

// identitySpace is the codespace of Identity-H: every code two bytes.
var identitySpace = []codespace{{n: 2, lo: [4]byte{0, 0}, hi: [4]byte{0xFF, 0xFF}}}

// eucSpace is the codespace of the GB EUC CMaps: one byte up to 0x80, two
// bytes from a lead byte 0x81–0xFE.
var eucSpace = []codespace{{n: 1, hi: [4]byte{0x80}}, {n: 2, lo: [4]byte{0x81, 0x40}, hi: [4]byte{0xFE, 0xFE}}}

// nextCode splits the first code off raw: its value and length in bytes.
func (f *goFont) nextCode(raw []byte) (code, n int) {
	if !f.composite {
		return int(raw[0]), 1
	}
	for _, cs := range f.space {
		if cs.n > len(raw) {
			continue
		}
		ok := true
		for i := 0; i < cs.n && ok; i++ {
			ok = raw[i] >= cs.lo[i] && raw[i] <= cs.hi[i]
		}
		if ok {
			return beInt(raw[:cs.n]), cs.n
		}
	}
	n = min(len(raw), 1)
	if len(f.space) > 0 {
		n = min(len(raw), f.space[0].n)
	}
	return beInt(raw[:n]), n
}

// text returns the text of a code; ok is false when the font cannot say.
func (f *goFont) text(code, n int) (string, bool) {
	if s, ok := f.toUni[code]; ok {
		return s, true
	}
	switch {
	case f.enc != nil && code < 256 && f.enc[code] != "":
		return f.enc[code], true
	case f.codeText != nil:
		return f.codeText(code, n)
	}
	return "", false
}

// glyphCode is the code a font program's glyph is found by: the CID of a
// composite font's code, the code of a simple font's.
func (f *goFont) glyphCode(code int) int {
	if f.composite && f.cid != nil {
		return f.cid[code]
	}
	return code
}

// width returns the advance of a code in 1/1000 text space units; ok is
// false when only the font program knows it.
func (f *goFont) width(code int) (w float64, ok bool) {
	if !f.composite {
		if code > 255 {
			return 0, true
		}
		return float64(f.simpleW[code]), f.simpleW[code] >= 0
	}
	cid := code
	if f.cid != nil {
		if cid, ok = f.cid[code]; !ok {
			return float64(f.dw), true
		}
	}
	if w, ok := f.cidW[cid]; ok {
		return float64(w), true
	}
	return float64(f.dw), true
}

// font returns the font named in resources, read once per document when
// it is an indirect object.
func (w *walker) font(res pdfDict, name pdfName) *goFont {
	ref := w.doc.dict(res["Font"])[name]
	if r, ok := ref.(objRef); ok {
		if f, ok := w.fonts[r.num]; ok {
			return f
		}
		var f *goFont
		if fd := w.doc.dict(r); fd != nil {
			f = loadFont(w.doc, fd)
		} else { // damage, not a font the engine does not read: say so
			f = &goFont{damaged: fmt.Sprintf("font /%s not read (%s): its text is left out", name, w.doc.whyMissing(r))}
		}
		w.fonts[r.num] = f
		return f
	}
	if ref == nil && w.doc.repaired {
		return damagedResources
	}
	return loadFont(w.doc, w.doc.dict(ref))
}

// loadFont reads a font dictionary.
func loadFont(d *goDoc, fd pdfDict) *goFont {
	if fd == nil {
		return &goFont{unsupported: "a font resource is missing"}
	}
	f := &goFont{}
	if tu := d.stream(fd["ToUnicode"]); tu != nil {
		if data, err := d.decode(tu, 1<<20); err == nil {
			f.toUni = parseToUnicode(string(data))
		}
	}
	switch d.name(fd["Subtype"]) {
	case "Type0":
		f.composite = true
		compositeFont(d, fd, f)
	case "Type3":
		f.unsupported = "a Type3 font"
	default:
		simpleFont(d, fd, f)
	}
	return f
}

// simpleFont reads the widths, metrics and encoding of a one-byte font.
func simpleFont(d *goDoc, fd pdfDict, f *goFont) {
	desc := d.dict(fd["FontDescriptor"])
	base := string(d.name(fd["BaseFont"]))
	simpleWidths(d, fd, desc, f)
	f.enc = simpleEncoding(d, fd, desc)
	if tt := loadProgram(d, desc); tt != nil {
		f.glyphs = &glyphSource{tt: tt, simple: simpleGlyphs(tt, f, int(d.num(desc["Flags"]))&4 != 0)}
	}
	f.setMetrics(d, desc)
	if std, ok := lookupStandardFont(base); ok && desc == nil {
		f.lo, f.hi = std.lo, std.hi
		if d.array(fd["Widths"]) == nil {
			for i := range f.simpleW {
				f.simpleW[i] = std.widths(i)
			}
		}
	}
	if f.enc == nil && len(f.toUni) == 0 {
		f.unsupported = fmt.Sprintf("font %s has a built-in encoding and no ToUnicode map", base)
	}
}

// simpleWidths reads /Widths from /FirstChar (up to /LastChar), truncated
// to integers as PDFium reads them; the codes outside are /MissingWidth, or
// 0. Without /Widths only the font program knows the widths (-1).
func simpleWidths(d *goDoc, fd, desc pdfDict, f *goFont) {
	ws := d.array(fd["Widths"])
	missing := int32(-1)
	if ws != nil {
		missing = 0
		if d.isNum(desc["MissingWidth"]) {
			missing = int32(d.num(desc["MissingWidth"]))
		}
	}
	for i := range f.simpleW {
		f.simpleW[i] = missing
	}
	first, last := int(d.num(fd["FirstChar"])), int(d.num(fd["LastChar"]))
	if ws == nil || first < 0 || first > 255 {
		return
	}
	if last == 0 || last >= first+len(ws) {
		last = first + len(ws) - 1
	}
	for c := first; c <= min(last, 255); c++ {
		f.simpleW[c] = int32(d.num(ws[c-first]))
	}
}

// simpleEncoding builds the text of each code from /Encoding: a base
// encoding and /Differences, chosen as PDFium chooses them (StandardEncoding
// for a non-symbolic font, MacExpertEncoding read as WinAnsiEncoding). It
// returns nil when the base is the font's own (a symbolic font without
// /Encoding) and no difference is given.
func simpleEncoding(d *goDoc, fd, desc pdfDict) *[256]string {
	symbolic := int(d.num(desc["Flags"]))&4 != 0
	embedded := desc["FontFile"] != nil || desc["FontFile2"] != nil || desc["FontFile3"] != nil
	var base *[256]string
	if !symbolic {
		base = &standard
	}
	if fd["Encoding"] == nil && !embedded && base == nil {
		base = &winAnsi
	}
	var diffs pdfArray
	switch e := d.resolve(fd["Encoding"]).(type) {
	case pdfName:
		if b := baseEncoding(e); b != nil {
			base = b
		}
	case pdfDict:
		if b := baseEncoding(d.name(e["BaseEncoding"])); b != nil {
			base = b
		}
		if base == nil && (!embedded || d.name(fd["Subtype"]) == "TrueType") {
			base = &standard
		}
		diffs = d.array(e["Differences"])
	}
	if base == nil && diffs == nil {
		return nil
	}
	var t [256]string
	if base != nil {
		t = *base
	}
	code := 0
	for _, x := range diffs {
		switch v := d.resolve(x).(type) {
		case int:
			code = v
		case pdfName:
			if code >= 0 && code < 256 {
				t[code], _ = glyphText(string(v)) // an unknown name leaves the code without text
			}
			code++
		}
	}
	return &t
}

// compositeFont reads the CMap and CID widths of a Type0 font.
func compositeFont(d *goDoc, fd pdfDict, f *goFont) {
	desc := d.dict(d.array(fd["DescendantFonts"]).get(0))
	cidWidths(d, desc, f)
	fdesc := d.dict(desc["FontDescriptor"])
	if tt := loadProgram(d, fdesc); tt != nil {
		f.glyphs = &glyphSource{tt: tt, composite: true}
		if m := d.stream(desc["CIDToGIDMap"]); m != nil {
			f.glyphs.cidToGID, _ = d.decode(m, 1<<17)
		}
	}
	f.setMetrics(d, fdesc)
	switch e := d.resolve(fd["Encoding"]).(type) {
	case pdfName:
		predefinedCMap(e, f)
	case *pdfStream:
		embeddedCMap(d, e, f)
	default:
		f.space = identitySpace
		f.unsupported = "a composite font without /Encoding"
	}
	if f.unsupported == "" && len(f.toUni) == 0 && f.codeText == nil {
		f.unsupported = fmt.Sprintf("composite font %s has no ToUnicode map", d.name(fd["BaseFont"]))
	}
}

// predefinedCMap sets the codes of a font whose /Encoding names a CMap.
func predefinedCMap(name pdfName, f *goFont) {
	switch name {
	case "Identity-H":
		f.space = identitySpace
	case "Identity-V":
		f.space = identitySpace
		f.unsupported = "vertical writing (Identity-V)"
	case "UniGB-UCS2-H", "GBK-EUC-H", "GB-EUC-H", "GBKp-EUC-H":
		chineseCMap(name, f)
	default:
		// The codes of other CMaps are not CIDs: without Adobe's tables
		// neither the widths nor (when the ToUnicode map lacks a code)
		// the text are known as PDFium knows them.
		f.space = identitySpace
		f.unsupported = fmt.Sprintf("the predefined CMap %s", name)
	}
}

// chineseCMap reads the codes of the predefined Adobe-GB1 CMaps that
// office software writes for a font it does not embed (SimSun by
// UniGB-UCS2-H, FangSong_GB2312 by GBK-EUC-H): a code is its text in UCS-2
// or GBK. Its width is the font's for its CID, and the only CIDs such a
// font's /W lists are those of the one-byte (ASCII) codes: UCS-2 U+0020–
// U+007E are CIDs 1–95; GBK space is CID 7716 and 0x21–0x7E are CIDs
// 814–907. Every other code takes /DW (the full-width ideographs). With
// an embedded font program the CID of every code is needed to find its
// glyph, so such a font stays unsupported.
func chineseCMap(name pdfName, f *goFont) {
	f.cid = map[int]int{}
	if name == "UniGB-UCS2-H" {
		f.space = identitySpace
		for c := 0x20; c <= 0x7E; c++ {
			f.cid[c] = c - 0x1F
		}
		f.codeText = func(code, _ int) (string, bool) {
			r := rune(code)
			if r < 0x20 || utf16.IsSurrogate(r) {
				return "", false
			}
			return string(r), true
		}
	} else {
		f.space = eucSpace
		f.cid[0x20] = 7716
		for c := 0x21; c <= 0x7E; c++ {
			f.cid[c] = 814 + c - 0x21
		}
		dec := simplifiedchinese.GBK.NewDecoder()
		f.codeText = func(code, n int) (string, bool) {
			if n == 1 {
				if code < 0x20 || code > 0x7E {
					return "", false
				}
				return string(rune(code)), true
			}
			s, err := dec.Bytes([]byte{byte(code >> 8), byte(code)})
			if err != nil || len(s) == 0 || strings.ContainsRune(string(s), utf8.RuneError) {
				return "", false
			}
			return string(s), true
		}
	}
	if f.glyphs != nil {
		f.unsupported = fmt.Sprintf("the predefined CMap %s with an embedded font", name)
	}
}

// cidWidths reads a CID font's /DW and /W array ([c [w1 w2 …]] and
// [cfirst clast w] entries).
func cidWidths(d *goDoc, desc pdfDict, f *goFont) {
	f.dw, f.cidW = 1000, map[int]int32{}
	if d.isNum(desc["DW"]) {
		f.dw = int32(d.num(desc["DW"]))
	}
	arr := d.array(desc["W"])
	for i := 0; i+1 < len(arr); {
		first := int(d.num(arr[i]))
		if next := d.array(arr[i+1]); next != nil {
			for j, wv := range next {
				f.cidW[first+j] = int32(d.num(wv))
			}
			i += 2
			continue
		}
		if i+2 >= len(arr) {
			return
		}
		last, wd := int(d.num(arr[i+1])), int32(d.num(arr[i+2]))
		for c := max(first, 0); c <= last && c-first < 65536; c++ {
			f.cidW[c] = wd
		}
		i += 3
	}
}

// get returns element i, or nil.
func (a pdfArray) get(i int) any {
	if i < 0 || i >= len(a) {
		return nil
	}
	return a[i]
}
