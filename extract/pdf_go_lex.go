package extract

import (
	"bytes"
	"strconv"
)

// The Go engine reads PDF files itself (pdf_go*.go): this lexer, objects
// and cross-reference tables (pdf_go_obj.go, pdf_go_xref.go), stream
// filters with bounds (pdf_go_filter.go), the page tree (pdf_go.go), fonts
// (pdf_go_font*.go) and the content-stream walk (pdf_go_walk*.go). The
// lexer serves both the file's objects and the content streams.

// tokKind is the kind of a lexical token.
type tokKind uint8

const (
	tEOF       tokKind = iota
	tNum               // a number; tok.num holds it, tok.isInt says whether it was written as an integer
	tName              // /Name; tok.b holds the name without the slash, #xx escapes decoded
	tString            // (literal) or <hex>; tok.b holds the decoded bytes
	tKeyword           // a run of regular characters that is not a number: obj, R, Tj, true
	tArrOpen           // [
	tArrClose          // ]
	tDictOpen          // <<
	tDictClose         // >>
	tBad               // a delimiter that starts nothing: ) > { }
)

// token is one lexical token. tok.b is only valid until the next call to
// next: it may point into the lexer's scratch buffer.
type token struct {
	kind  tokKind
	num   float64
	isInt bool
	b     []byte
	start int // offset of the token in the input
}

// lexer splits PDF bytes into tokens.
type lexer struct {
	data    []byte
	pos     int
	scratch []byte // decoded strings and names with escapes
	// keep makes the bytes of decoded tokens stay valid until the caller
	// empties scratch (the content walker does so after each operator, so
	// that all of an operator's operands can be held at once).
	keep bool
}

// scratchStart returns where the next decoded token starts in scratch.
func (lx *lexer) scratchStart() int {
	if !lx.keep {
		lx.scratch = lx.scratch[:0]
	}
	return len(lx.scratch)
}

// charClass: 0 regular, 1 whitespace, 2 delimiter.
var charClass = func() (c [256]uint8) {
	for _, b := range []byte{0, '\t', '\n', '\f', '\r', ' '} {
		c[b] = 1
	}
	for _, b := range []byte("()<>[]{}/%") {
		c[b] = 2
	}
	return c
}()

func isSpace(b byte) bool   { return charClass[b] == 1 }
func isRegular(b byte) bool { return charClass[b] == 0 }

// skipSpace skips whitespace and comments.
func (lx *lexer) skipSpace() {
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		switch {
		case charClass[c] == 1:
			lx.pos++
		case c == '%':
			for lx.pos < len(lx.data) && lx.data[lx.pos] != '\n' && lx.data[lx.pos] != '\r' {
				lx.pos++
			}
		default:
			return
		}
	}
}

// next returns the next token.
func (lx *lexer) next() token {
	lx.skipSpace()
	if lx.pos >= len(lx.data) {
		return token{kind: tEOF, start: lx.pos}
	}
	start := lx.pos
	c := lx.data[lx.pos]
	switch c {
	case '[':
		lx.pos++
		return token{kind: tArrOpen, start: start}
	case ']':
		lx.pos++
		return token{kind: tArrClose, start: start}
	case '<':
		if lx.pos+1 < len(lx.data) && lx.data[lx.pos+1] == '<' {
			lx.pos += 2
			return token{kind: tDictOpen, start: start}
		}
		return token{kind: tString, b: lx.hexString(), start: start}
	case '>':
		if lx.pos+1 < len(lx.data) && lx.data[lx.pos+1] == '>' {
			lx.pos += 2
			return token{kind: tDictClose, start: start}
		}
		lx.pos++
		return token{kind: tBad, start: start}
	case '(':
		return token{kind: tString, b: lx.literalString(), start: start}
	case '/':
		return token{kind: tName, b: lx.name(), start: start}
	case ')', '{', '}':
		lx.pos++
		return token{kind: tBad, start: start}
	}
	end := lx.pos
	for end < len(lx.data) && isRegular(lx.data[end]) {
		end++
	}
	word := lx.data[lx.pos:end]
	lx.pos = end
	if v, isInt, ok := parseNumber(word); ok {
		return token{kind: tNum, num: v, isInt: isInt, start: start}
	}
	return token{kind: tKeyword, b: word, start: start}
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber reads a PDF number: an optional sign, digits and at most one
// point. With at most 15 significant digits the quotient of two exact
// float64 values is correctly rounded, the same value strconv gives.
func parseNumber(w []byte) (v float64, isInt, ok bool) {
	i, neg := 0, false
	for i < len(w) && (w[i] == '+' || w[i] == '-') { // producers write "--5"
		neg = neg != (w[i] == '-')
		i++
	}
	var mant uint64
	digits, frac, point := 0, 0, false
	for ; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			if mant == 0 && c == '0' && !point {
				digits = max(digits, 1)
				continue
			}
			digits++
			mant = mant*10 + uint64(c-'0')
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			return 0, false, false
		}
	}
	if digits == 0 {
		return 0, false, point && len(w) > 1 // "." alone is not a number; "-." is 0
	}
	if digits > 15 {
		f, err := strconv.ParseFloat(string(bytes.TrimLeft(w, "+-")), 64)
		if err != nil {
			return 0, false, false
		}
		v = f
	} else {
		v = float64(mant) / pow10[frac]
	}
	if neg {
		v = -v
	}
	return v, !point, true
}

// name reads /Name, decoding #xx escapes.
func (lx *lexer) name() []byte {
	lx.pos++ // '/'
	start := lx.pos
	for lx.pos < len(lx.data) && isRegular(lx.data[lx.pos]) {
		lx.pos++
	}
	raw := lx.data[start:lx.pos]
	if bytes.IndexByte(raw, '#') < 0 {
		return raw
	}
	start = lx.scratchStart()
	out := lx.scratch
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if v, ok := hexByte(raw[i+1], raw[i+2]); ok {
				out = append(out, v)
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	lx.scratch = out
	return out[start:]
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func hexByte(a, b byte) (byte, bool) {
	x, ok1 := hexDigit(a)
	y, ok2 := hexDigit(b)
	return x<<4 | y, ok1 && ok2
}

// hexString reads <hex>: whitespace is ignored, an odd last digit is
// followed by 0, and anything else ends the string.
func (lx *lexer) hexString() []byte {
	lx.pos++ // '<'
	start := lx.scratchStart()
	out := lx.scratch
	var hi byte
	half := false
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		if c == '>' {
			break
		}
		d, ok := hexDigit(c)
		if !ok {
			if isSpace(c) {
				continue
			}
			break
		}
		if half {
			out = append(out, hi<<4|d)
		} else {
			hi = d
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	lx.scratch = out
	return out[start:]
}

// literalString reads (text) with balanced parentheses and escapes.
func (lx *lexer) literalString() []byte {
	lx.pos++ // '('
	start := lx.pos
	// Fast path: no escape and no end of line before the closing paren.
	depth := 1
	for i := start; i < len(lx.data); i++ {
		switch lx.data[i] {
		case '\\', '\r':
			return lx.escapedString(start)
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				lx.pos = i + 1
				return lx.data[start:i]
			}
		}
	}
	lx.pos = len(lx.data)
	return lx.data[start:]
}

// escapedString decodes a literal string starting at start (after its
// opening parenthesis).
func (lx *lexer) escapedString(start int) []byte {
	base := lx.scratchStart()
	out := lx.scratch
	depth := 1
	i := start
	for i < len(lx.data) {
		c := lx.data[i]
		i++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				lx.pos = i
				lx.scratch = out
				return out[base:]
			}
		case '\r':
			if i < len(lx.data) && lx.data[i] == '\n' {
				i++
			}
			c = '\n'
		case '\\':
			if i >= len(lx.data) {
				continue
			}
			c, i = lx.escape(i)
			if i < 0 {
				i = -i
				continue
			}
		}
		out = append(out, c)
	}
	lx.pos = i
	lx.scratch = out
	return out[base:]
}

// escape decodes the escape after a backslash at data[i]: it returns the
// byte and the offset after it, or a negative offset when nothing is to be
// added (a backslash before an end of line).
func (lx *lexer) escape(i int) (byte, int) {
	c := lx.data[i]
	i++
	switch c {
	case 'n':
		return '\n', i
	case 'r':
		return '\r', i
	case 't':
		return '\t', i
	case 'b':
		return '\b', i
	case 'f':
		return '\f', i
	case '\r':
		if i < len(lx.data) && lx.data[i] == '\n' {
			i++
		}
		return 0, -i
	case '\n':
		return 0, -i
	}
	if c >= '0' && c <= '7' {
		v := int(c - '0')
		for n := 1; n < 3 && i < len(lx.data) && lx.data[i] >= '0' && lx.data[i] <= '7'; n++ {
			v = v*8 + int(lx.data[i]-'0')
			i++
		}
		return byte(v), i
	}
	return c, i // \( \) \\ and unknown escapes: the character itself
}
