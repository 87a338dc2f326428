package extract

import "strings"

// The standard fonts a PDF may use without embedding them, as PDFium draws
// them with its own font programs: their widths (Adobe's metrics, for the
// printable ASCII codes) and the glyph box PDFium gives them, measured on
// PDFium's output.

// standardFont is the metrics of one standard font.
type standardFont struct {
	widths func(code int) int32 // -1 where unknown
	lo, hi float64
}

// helveticaASCII are the widths of Helvetica (and Arial) for codes 32–126.
var helveticaASCII = [95]int32{
	278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278, // space … slash
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0–9
	278, 278, 584, 584, 584, 556, 1015, // : ; < = > ? @
	667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A–M
	722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N–Z
	278, 278, 278, 469, 556, 222, // [ \ ] ^ _ `
	556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a–m
	556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n–z
	334, 260, 334, 584, // { | } ~
}

// lookupStandardFont returns the metrics of a non-embedded standard font.
func lookupStandardFont(base string) (standardFont, bool) {
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[7:]
	}
	switch base {
	case "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "CourierNew", "CourierNewPSMT":
		return standardFont{widths: func(int) int32 { return 600 }, lo: -0.248, hi: 0.803}, true
	case "Helvetica", "Arial", "ArialMT":
		return standardFont{widths: func(c int) int32 {
			if c >= 32 && c <= 126 {
				return helveticaASCII[c-32]
			}
			return -1
		}, lo: -0.224, hi: 0.945}, true
	}
	return standardFont{}, false
}
