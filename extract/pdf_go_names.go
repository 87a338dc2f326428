package extract

import (
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Simple-font encodings and glyph names: what a one-byte code means when
// the font has no ToUnicode map.

// baseEncoding returns the text of each code of a named base encoding, or
// nil when the name is none the Go engine knows.
func baseEncoding(name pdfName) *[256]string {
	switch name {
	case "WinAnsiEncoding", "MacExpertEncoding":
		return &winAnsi
	case "MacRomanEncoding":
		return &macRoman
	case "StandardEncoding":
		return &standard
	}
	return nil
}

var (
	winAnsi  = charmapTable(charmap.Windows1252)
	macRoman = charmapTable(charmap.Macintosh)
	standard = standardTable()
)

// charmapTable decodes every byte through cm; bytes below 0x20 and the
// ones cm leaves undefined stay empty.
func charmapTable(cm *charmap.Charmap) (t [256]string) {
	for c := 0x20; c < 256; c++ {
		if r := cm.DecodeByte(byte(c)); r != '\uFFFD' {
			t[c] = string(r)
		}
	}
	if cm == charmap.Windows1252 {
		t[0xA0] = " " // PDF's WinAnsiEncoding: 0xA0 is a space
		t[0xAD] = "-" // and 0xAD a hyphen
	}
	return t
}

// standardTable is Adobe's StandardEncoding: ASCII with curly quotes at
// 0x27 and 0x60, and its own upper half.
func standardTable() (t [256]string) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = string(rune(c))
	}
	t[0x27], t[0x60] = "\u2019", "\u2018"
	upper := map[int]rune{
		0xA1: '¡', 0xA2: '¢', 0xA3: '£', 0xA4: '⁄', 0xA5: '¥', 0xA6: 'ƒ', 0xA7: '§', 0xA8: '¤',
		0xA9: '\'', 0xAA: '“', 0xAB: '«', 0xAC: '‹', 0xAD: '›', 0xAE: 'ﬁ', 0xAF: 'ﬂ', 0xB1: '–',
		0xB2: '†', 0xB3: '‡', 0xB4: '·', 0xB6: '¶', 0xB7: '•', 0xB8: '‚', 0xB9: '„', 0xBA: '”',
		0xBB: '»', 0xBC: '…', 0xBD: '‰', 0xBF: '¿', 0xC1: '`', 0xC2: '´', 0xC3: 'ˆ', 0xC4: '˜',
		0xC5: '¯', 0xC6: '˘', 0xC7: '˙', 0xC8: '¨', 0xCA: '˚', 0xCB: '¸', 0xCD: '˝', 0xCE: '˛',
		0xCF: 'ˇ', 0xD0: '—', 0xE1: 'Æ', 0xE3: 'ª', 0xE8: 'Ł', 0xE9: 'Ø', 0xEA: 'Œ', 0xEB: 'º',
		0xF1: 'æ', 0xF5: 'ı', 0xF8: 'ł', 0xF9: 'ø', 0xFA: 'œ', 0xFB: 'ß',
	}
	for c, r := range upper {
		t[c] = string(r)
	}
	return t
}

// glyphNames maps the Adobe glyph names met in /Differences arrays that
// are not one letter, uniXXXX or uXXXX to their text.
var glyphNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
	"ampersand": "&", "quotesingle": "'", "quoteright": "\u2019", "parenleft": "(", "parenright": ")",
	"asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-", "minus": "\u2212", "period": ".",
	"slash": "/", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
	"six": "6", "seven": "7", "eight": "8", "nine": "9", "colon": ":", "semicolon": ";",
	"less": "<", "equal": "=", "greater": ">", "question": "?", "at": "@", "bracketleft": "[",
	"backslash": "\\", "bracketright": "]", "asciicircum": "^", "underscore": "_", "grave": "`",
	"quoteleft": "\u2018", "braceleft": "{", "bar": "|", "braceright": "}", "asciitilde": "~",
	"bullet": "•", "endash": "–", "emdash": "—", "ellipsis": "…", "quotedblleft": "“",
	"quotedblright": "”", "quotesinglbase": "‚", "quotedblbase": "„", "guillemotleft": "«",
	"guillemotright": "»", "periodcentered": "·", "middot": "·", "degree": "°", "copyright": "©",
	"registered": "®", "trademark": "™", "section": "§", "paragraph": "¶", "dagger": "†",
	"daggerdbl": "‡", "perthousand": "‰", "multiply": "×", "divide": "÷", "plusminus": "±",
	"yen": "¥", "sterling": "£", "cent": "¢", "Euro": "€", "currency": "¤", "nbspace": " ",
	"sfthyphen": "-", "fi": "ﬁ", "fl": "ﬂ", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
	"exclamdown": "¡", "questiondown": "¿", "onehalf": "½", "onequarter": "¼", "threequarters": "¾",
	"Adieresis": "Ä", "Odieresis": "Ö", "Udieresis": "Ü", "adieresis": "ä", "odieresis": "ö",
	"udieresis": "ü", "germandbls": "ß", "eacute": "é", "egrave": "è", "agrave": "à", "ccedilla": "ç",
}

// glyphText returns the text of a glyph name, and false for a name that
// says nothing without the font program (g123, cid45, a12).
func glyphText(n string) (string, bool) {
	if len(n) == 1 && (n[0] >= 'A' && n[0] <= 'Z' || n[0] >= 'a' && n[0] <= 'z') {
		return n, true
	}
	if s, ok := glyphNames[n]; ok {
		return s, true
	}
	if base, _, ok := strings.Cut(n, "."); ok && base != "" { // "one.oldstyle"
		return glyphText(base)
	}
	var codes []string
	switch {
	case strings.HasPrefix(n, "uni") && len(n) >= 7 && (len(n)-3)%4 == 0:
		for i := 3; i < len(n); i += 4 {
			codes = append(codes, n[i:i+4])
		}
	case strings.HasPrefix(n, "u") && len(n) >= 5 && len(n) <= 7:
		codes = []string{n[1:]}
	default:
		return "", false
	}
	var b strings.Builder
	for _, c := range codes {
		v, err := strconv.ParseUint(c, 16, 32)
		if err != nil || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000) {
			return "", false
		}
		b.WriteRune(rune(v))
	}
	return b.String(), true
}
