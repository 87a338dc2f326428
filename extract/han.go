package extract

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Some PDFs' text layers give a Chinese character as the code point of a
// radical or of a compatibility ideograph that looks the same: ⼀ (U+2F00,
// KANGXI RADICAL ONE) for 一, ⽀ for 支, ⻔ (CJK RADICAL C-SIMPLIFIED GATE)
// for 门, 豈 (U+F900) for 豈 (U+8C48). Printed, they are the characters;
// read as code points, a title ⼀般公共预算⽀出表 names no table and a name
// matches no code. The text of every glyph, and of every workbook cell
// that holds text, is given with the unified ideographs.

// simplifiedRadicals are the CJK Radicals Supplement forms that stand for a
// whole simplified character and have no Unicode decomposition to it.
// Radicals that are only ever parts of characters (讠 钅 饣 纟) are left.
var simplifiedRadicals = map[rune]rune{
	'⻅': '见', '⻆': '角', '⻉': '贝', '⻋': '车', '⻓': '长', '⻔': '门', '⻙': '韦',
	'⻚': '页', '⻛': '风', '⻜': '飞', '⻢': '马', '⻥': '鱼', '⻦': '鸟', '⻧': '卤',
	'⻨': '麦', '⻩': '黄', '⻪': '黾', '⻬': '齐', '⻮': '齿', '⻰': '龙',
}

// lookalike reports a code point unifyHan replaces.
func lookalike(r rune) bool {
	switch {
	case r >= 0x2F00 && r <= 0x2FD5: // Kangxi Radicals: each decomposes to its ideograph
		return true
	case r >= 0x2E80 && r <= 0x2EF3: // CJK Radicals Supplement
		_, ok := simplifiedRadicals[r]
		return ok || r == '⺟' || r == '⻳'
	case r >= 0xF900 && r <= 0xFAFF: // CJK Compatibility Ideographs
		return true
	}
	return false
}

// unifyHan returns s with radicals and compatibility ideographs that stand
// for a character replaced by that character's unified ideograph. Text
// without them is returned as it is, without allocating.
func unifyHan(s string) string {
	if strings.IndexFunc(s, lookalike) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !lookalike(r):
			b.WriteRune(r)
		case simplifiedRadicals[r] != 0:
			b.WriteRune(simplifiedRadicals[r])
		default:
			b.WriteString(norm.NFKC.String(string(r)))
		}
	}
	return b.String()
}
