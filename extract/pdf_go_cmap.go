package extract

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// CMaps: ToUnicode maps (code -> text) and the embedded CMaps of
// composite fonts (codespace ranges, code -> CID).

// maxToUnicode bounds the entries read from one CMap.
const maxToUnicode = 1 << 16

// parseToUnicode reads the bfchar and bfrange entries of CMap text.
func parseToUnicode(text string) map[int]string {
	m := map[int]string{}
	toks := cmapTokens(text)
	for i := 0; i < len(toks) && len(m) < maxToUnicode; i++ {
		switch toks[i] {
		case "beginbfchar":
			for i++; i+1 < len(toks) && toks[i] != "endbfchar"; i += 2 {
				if c, ok := hexCode(toks[i]); ok {
					if s := hexText(toks[i+1]); s != "" {
						m[c] = s
					}
				}
			}
		case "beginbfrange":
			i = bfrange(toks, i+1, m)
		}
	}
	return m
}

// bfrange reads the entries of one bfrange block from toks[i], returning
// the index of its last token.
func bfrange(toks []string, i int, m map[int]string) int {
	for ; i+2 < len(toks) && toks[i] != "endbfrange"; i += 3 {
		lo, ok1 := hexCode(toks[i])
		hi, ok2 := hexCode(toks[i+1])
		if !ok1 || !ok2 || hi < lo || hi-lo >= maxToUnicode {
			continue
		}
		if toks[i+2] == "[" { // [<dst> <dst> …]
			j := i + 3
			for c := lo; c <= hi && j < len(toks) && toks[j] != "]"; c, j = c+1, j+1 {
				if s := hexText(toks[j]); s != "" {
					m[c] = s
				}
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
		for c := lo; c <= hi && len(m) < maxToUnicode; c++ {
			r := append([]rune(nil), base...)
			r[len(r)-1] += rune(c - lo)
			m[c] = string(r)
		}
	}
	return i
}

// embeddedCMap reads the codespace ranges and CID mappings of a CMap
// stream used as a composite font's /Encoding.
func embeddedCMap(d *goDoc, s *pdfStream, f *goFont) {
	data, err := d.decode(s, 1<<20)
	if err != nil {
		f.space, f.unsupported = identitySpace, "a damaged embedded CMap"
		return
	}
	toks := cmapTokens(string(data))
	f.cid = map[int]int{}
	for i := 0; i < len(toks) && len(f.cid) < maxToUnicode; i++ {
		switch toks[i] {
		case "begincodespacerange":
			for i++; i+1 < len(toks) && toks[i] != "endcodespacerange"; i += 2 {
				if cs, ok := codespaceRange(toks[i], toks[i+1]); ok {
					f.space = append(f.space, cs)
				}
			}
		case "begincidrange":
			for i++; i+2 < len(toks) && toks[i] != "endcidrange"; i += 3 {
				lo, ok1 := hexCode(toks[i])
				hi, ok2 := hexCode(toks[i+1])
				cid, err := strconv.Atoi(toks[i+2])
				for c := lo; ok1 && ok2 && err == nil && c <= hi && c-lo < maxToUnicode; c++ {
					f.cid[c] = cid + c - lo
				}
			}
		case "begincidchar":
			for i++; i+1 < len(toks) && toks[i] != "endcidchar"; i += 2 {
				c, ok := hexCode(toks[i])
				if cid, err := strconv.Atoi(toks[i+1]); ok && err == nil {
					f.cid[c] = cid
				}
			}
		case "usecmap":
			if i > 0 && toks[i-1] != "/Identity-H" {
				f.unsupported = "an embedded CMap based on " + toks[i-1]
			}
		}
	}
	if len(f.space) == 0 {
		f.space = identitySpace
	}
}

// codespaceRange reads <lo> <hi> of equal length.
func codespaceRange(lo, hi string) (codespace, bool) {
	a, b := hexBytes(lo), hexBytes(hi)
	if len(a) == 0 || len(a) != len(b) || len(a) > 4 {
		return codespace{}, false
	}
	cs := codespace{n: len(a)}
	copy(cs.lo[:], a)
	copy(cs.hi[:], b)
	return cs, true
}

// cmapTokens splits CMap text into <hex> strings, [ ], /names and words.
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
			j := i + 1
			for j < len(s) && !strings.ContainsRune(" \n\r\t<[]/", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks
}

// hexBytes reads the bytes of a <hex> token.
func hexBytes(tok string) []byte {
	if len(tok) < 3 || tok[0] != '<' {
		return nil
	}
	h := tok[1 : len(tok)-1]
	out := make([]byte, 0, len(h)/2)
	for i := 0; i+1 < len(h); i += 2 {
		v, ok := hexByte(h[i], h[i+1])
		if !ok {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// hexCode reads a <hex> source code.
func hexCode(tok string) (int, bool) {
	if len(tok) < 3 || tok[0] != '<' {
		return 0, false
	}
	v, err := strconv.ParseUint(tok[1:len(tok)-1], 16, 32)
	return int(v), err == nil
}

// hexText reads a <hex> destination: UTF-16BE code units. U+0000 alone
// means no text.
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
	if len(units) == 1 && units[0] == 0 {
		return ""
	}
	return string(utf16.Decode(units))
}
