package extract

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reading the XML of one package part: a token stream over text that is
// made valid UTF-8 on the way in, so that one bad byte costs a replacement
// character (and a Note) rather than the whole part.

// partReader reads the XML of one part of an .xlsx package.
type partReader struct {
	name string
	rc   io.Closer
	fix  *utf8Fixer
	dec  *xml.Decoder
}

func newPartReader(name string, rc io.ReadCloser) *partReader {
	fix := &utf8Fixer{r: rc}
	dec := xml.NewDecoder(fix)
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(strings.ReplaceAll(label, "-", "")) {
		case "utf8", "ascii", "usascii":
			return r, nil
		}
		return nil, fmt.Errorf("declares encoding %q, not UTF-8", label)
	}
	return &partReader{name: name, rc: rc, fix: fix, dec: dec}
}

// repaired reports whether the part held bytes that are not valid UTF-8 or
// characters XML does not allow, replaced by U+FFFD.
func (p *partReader) repaired() bool { return p.fix.repaired > 0 }

// token returns the next token; the end of the part is io.EOF, any other
// failure is ErrDamaged naming the part.
func (p *partReader) token() (xml.Token, error) {
	tok, err := p.dec.RawToken()
	switch {
	case err == io.EOF:
		return nil, io.EOF
	case err != nil:
		return nil, p.damaged(err)
	}
	return tok, nil
}

func (p *partReader) damaged(err error) error {
	if errors.Is(err, ErrDamaged) || errors.Is(err, ErrTooLarge) {
		return err
	}
	return fmt.Errorf("%w: %s: %w", ErrDamaged, p.name, err)
}

// each calls fn for every start element of the part, then closes it.
func (p *partReader) each(fn func(se xml.StartElement) error) error {
	return p.walk(func(tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok {
			return fn(se)
		}
		return nil
	})
}

// walk calls fn for every token of the part, then closes it.
func (p *partReader) walk(fn func(tok xml.Token) error) error {
	defer p.rc.Close()
	for {
		tok, err := p.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(tok); err != nil {
			return p.damaged(err)
		}
	}
}

// text reads the character data up to the end of the element just started,
// skipping the text of nested elements, and closes nothing.
func (p *partReader) text() (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := p.token()
		if err == io.EOF {
			return "", p.damaged(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth == 0 {
				b.Write(t)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		}
	}
}

// richText reads the text of a string item (<si> or <is>) up to its end:
// its <t>, or the <t> of each run <r>; phonetic runs (<rPh>) are not part
// of the text. _xHHHH_ escapes are decoded.
func (p *partReader) richText() (string, error) {
	var b strings.Builder
	depth, skip := 0, 0 // skip: depth of an <rPh> being skipped
	for {
		tok, err := p.token()
		if err == io.EOF {
			return "", p.damaged(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case skip > 0:
			case t.Name.Local == "rPh":
				skip = depth
			case t.Name.Local == "t":
				s, err := p.text()
				if err != nil {
					return "", err
				}
				b.WriteString(s)
				depth--
			}
		case xml.EndElement:
			if depth == 0 {
				return unescapeXString(b.String()), nil
			}
			if depth == skip {
				skip = 0
			}
			depth--
		}
	}
}

// unescapeXString decodes the _xHHHH_ escapes Office writes for characters
// XML cannot hold (ST_Xstring): _x000D_ is a carriage return, _x005F_ an
// underscore that starts what would read as an escape.
func unescapeXString(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			break
		}
		v, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil || s[i+6] != '_' {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		r := rune(v)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}

// utf8Fixer passes its reader's bytes on with a leading byte-order mark
// dropped and every byte sequence that is not valid UTF-8, and every
// character XML 1.0 does not allow (control characters other than tab,
// line feed and carriage return; U+FFFE, U+FFFF), replaced by U+FFFD.
type utf8Fixer struct {
	r        io.Reader
	chunk    [32 << 10]byte
	in       []byte // read, not yet checked: at most an incomplete rune between fills
	out      []byte // checked, not yet returned
	buf      []byte // backing array of out
	err      error  // from r, returned once out is drained
	started  bool   // the byte-order mark has been looked for
	repaired int    // replacements made
}

// Read implements io.Reader.
func (f *utf8Fixer) Read(p []byte) (int, error) {
	for len(f.out) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		f.fill()
	}
	n := copy(p, f.out)
	f.out = f.out[n:]
	return n, nil
}

func (f *utf8Fixer) fill() {
	n, err := f.r.Read(f.chunk[:])
	f.in = append(f.in, f.chunk[:n]...)
	f.err = err
	if !f.started {
		if len(f.in) < 3 && err == nil {
			return
		}
		f.started = true
		if len(f.in) >= 3 && string(f.in[:3]) == "\uFEFF" {
			f.in = f.in[3:]
		}
	}
	out, i := f.buf[:0], 0
	for i < len(f.in) {
		j := i
		for j < len(f.in) && (f.in[j] >= 0x20 && f.in[j] < 0x80 || f.in[j] == '\t' || f.in[j] == '\n' || f.in[j] == '\r') {
			j++
		}
		out = append(out, f.in[i:j]...)
		if i = j; i == len(f.in) {
			break
		}
		if f.in[i] >= 0x80 && !utf8.FullRune(f.in[i:]) && err == nil {
			break // the rest of this rune comes with the next read
		}
		r, size := utf8.DecodeRune(f.in[i:])
		if f.in[i] < 0x80 || r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			out = append(out, "\uFFFD"...)
			f.repaired++
		} else {
			out = append(out, f.in[i:i+size]...)
		}
		i += size
	}
	f.buf, f.out = out, out
	f.in = append(f.in[:0], f.in[i:]...)
}
