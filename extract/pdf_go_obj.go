package extract

import (
	"bytes"
	"errors"
	"fmt"
)

// The objects of a PDF file as the Go engine holds them: nil (null), bool,
// int (integers), float64 (reals), pdfName, pdfString, pdfArray, pdfDict,
// objRef and *pdfStream.
type (
	pdfName   string
	pdfString string
	pdfArray  []any
	pdfDict   map[pdfName]any
)

// objRef is an indirect reference, "12 0 R".
type objRef struct{ num, gen int }

// pdfStream is a stream object: its dictionary and its raw (still
// encoded) bytes, a slice of the file or of an object stream.
type pdfStream struct {
	dict pdfDict
	raw  []byte
	num  int // object number, for error messages; 0 inside a content stream
}

// maxObjectDepth bounds the nesting of arrays and dictionaries (PDFium's
// parser stops at the same depth).
const maxObjectDepth = 64

// errObjectSyntax is wrapped by the parse errors of objects.
var errObjectSyntax = errors.New("object syntax")

// parser reads objects from a lexer. refs says whether "n g R" is a
// reference (in the file) or three operands (in a content stream).
type parser struct {
	lx   lexer
	refs bool
}

// parseObject reads one object. A token that starts no object (an
// operator, a stray delimiter) is returned as an error.
func (p *parser) parseObject(depth int) (any, error) {
	if depth > maxObjectDepth {
		return nil, fmt.Errorf("%w: objects nested deeper than %d", errObjectSyntax, maxObjectDepth)
	}
	tok := p.lx.next()
	return p.objectFrom(tok, depth)
}

// objectFrom turns tok, just read, into an object.
func (p *parser) objectFrom(tok token, depth int) (any, error) {
	switch tok.kind {
	case tNum:
		if !tok.isInt {
			return tok.num, nil
		}
		if p.refs {
			if r, ok := p.tryRef(tok); ok {
				return r, nil
			}
		}
		return int(tok.num), nil
	case tName:
		return pdfName(tok.b), nil
	case tString:
		return pdfString(tok.b), nil
	case tArrOpen:
		return p.array(depth)
	case tDictOpen:
		return p.dict(depth)
	case tKeyword:
		switch string(tok.b) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return nil, fmt.Errorf("%w: unexpected %q at offset %d", errObjectSyntax, tok.b, tok.start)
	case tEOF:
		return nil, fmt.Errorf("%w: unexpected end of data", errObjectSyntax)
	}
	return nil, fmt.Errorf("%w: unexpected delimiter at offset %d", errObjectSyntax, tok.start)
}

// tryRef reads "gen R" after the integer first, or leaves the lexer where
// it was.
func (p *parser) tryRef(first token) (objRef, bool) {
	save := p.lx.pos
	gen := p.lx.next()
	if gen.kind == tNum && gen.isInt && gen.num >= 0 {
		r := p.lx.next()
		if r.kind == tKeyword && len(r.b) == 1 && r.b[0] == 'R' && first.num >= 0 && first.num < 1<<31 {
			return objRef{int(first.num), int(gen.num)}, true
		}
	}
	p.lx.pos = save
	return objRef{}, false
}

func (p *parser) array(depth int) (pdfArray, error) {
	var a pdfArray
	for {
		tok := p.lx.next()
		switch tok.kind {
		case tArrClose:
			return a, nil
		case tEOF:
			return a, fmt.Errorf("%w: array not closed", errObjectSyntax)
		}
		v, err := p.objectFrom(tok, depth+1)
		if err != nil {
			return a, err
		}
		a = append(a, v)
	}
}

func (p *parser) dict(depth int) (pdfDict, error) {
	d := pdfDict{}
	for {
		tok := p.lx.next()
		switch tok.kind {
		case tDictClose:
			return d, nil
		case tName:
		case tEOF:
			return d, fmt.Errorf("%w: dictionary not closed", errObjectSyntax)
		default:
			return d, fmt.Errorf("%w: dictionary key is not a name at offset %d", errObjectSyntax, tok.start)
		}
		key := pdfName(tok.b)
		vt := p.lx.next()
		if vt.kind == tDictClose { // a key without a value
			return d, nil
		}
		v, err := p.objectFrom(vt, depth+1)
		if err != nil {
			return d, err
		}
		if v != nil {
			d[key] = v
		}
	}
}

// indirect is an object read from "n g obj … endobj": the number and
// generation it declares, and where its stream data starts when it is a
// stream.
type indirect struct {
	num, gen   int
	value      any
	streamData int // offset just after "stream" and its end of line; -1 for none
}

// parseIndirect reads "n g obj value [stream]" at off.
func parseIndirect(data []byte, off int) (indirect, error) {
	p := parser{lx: lexer{data: data, pos: off}, refs: true}
	n, g, kw := p.lx.next(), p.lx.next(), p.lx.next()
	if n.kind != tNum || !n.isInt || g.kind != tNum || !g.isInt || kw.kind != tKeyword || string(kw.b) != "obj" {
		return indirect{}, fmt.Errorf("%w: no object header at offset %d", errObjectSyntax, off)
	}
	ind := indirect{num: int(n.num), gen: int(g.num), streamData: -1}
	v, err := p.parseObject(0)
	if err != nil {
		return ind, fmt.Errorf("object %d: %w", ind.num, err)
	}
	ind.value = v
	if _, ok := v.(pdfDict); ok {
		save := p.lx.pos
		if t := p.lx.next(); t.kind == tKeyword && string(t.b) == "stream" {
			ind.streamData = streamStart(data, p.lx.pos)
		} else {
			p.lx.pos = save
		}
	}
	return ind, nil
}

// streamStart skips the end of line after the "stream" keyword.
func streamStart(data []byte, pos int) int {
	if pos < len(data) && data[pos] == '\r' {
		pos++
	}
	if pos < len(data) && data[pos] == '\n' {
		pos++
	}
	return pos
}

// streamEnd finds where the data of a stream starting at start ends: at
// start+length when "endstream" follows there, else before the next
// "endstream" (a wrong /Length).
func streamEnd(data []byte, start, length int) int {
	if length >= 0 && start+length <= len(data) {
		rest := data[start+length:]
		rest = rest[:min(len(rest), 64)]
		if bytes.HasPrefix(bytes.TrimLeft(rest, "\r\n\t\f\x00 "), []byte("endstream")) {
			return start + length
		}
	}
	i := bytes.Index(data[start:], []byte("endstream"))
	if i < 0 {
		return len(data)
	}
	end := start + i
	if end > start && data[end-1] == '\n' {
		end--
	}
	if end > start && data[end-1] == '\r' {
		end--
	}
	return end
}
