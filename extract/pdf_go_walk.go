package extract

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// The content-stream walk: operators and their operands, the graphics
// state, Form XObjects (entered, as PDFium does), inline images (skipped),
// and the budgets that stop a hostile page.

// Budgets of one page, forms included; a real disclosure page stays far
// below each (the largest in the shared corpora: ~60k operators, ~12k
// glyphs).
const (
	maxPageOperators = 1_000_000
	maxPageGlyphs    = 200_000
	maxPageRules     = 100_000
	maxFormDepth     = 16
	maxOperands      = 64 // operands kept before an operator; more are dropped from the bottom
)

// operand is one operand of a content-stream operator. b is valid until
// the operator has been handled.
type operand struct {
	kind tokKind // tNum, tName, tString, tArrOpen (an array), tDictOpen (a dictionary), tKeyword (true, false, null)
	num  float64
	b    []byte
	arr  []operand
	dict pdfDict
}

// walkState is the graphics and text state the walker tracks.
type walkState struct {
	ctm                 mat
	tm, tlm             mat
	tfs, th, tc, tw, tl float64
	rise                float64
	font                *goFont
	render              int     // text rendering mode (Tr)
	lineWidth           float64 // w, in user space units before the CTM
}

// walker turns the content streams of one page into glyphs and rules.
type walker struct {
	doc   *goDoc
	fonts map[int]*goFont // the document's fonts, shared by its pages
	tr    pageTransform
	g     walkState
	stack []walkState
	res   pdfDict // the resources of the stream being walked
	path  []pathPoint
	rules ruleSet
	pl    pageLayer
	// spans are the open marked-content sequences; an ActualText one
	// replaces the glyphs drawn inside it (LibreOffice draws a missing
	// CJK glyph as .notdef and gives its text as ActualText).
	spans  []actualText
	recent []recentGlyph // the last glyphs drawn, for overprinting
	obj    textObject    // the text-showing operator being drawn
	// earlier are the last text objects of the stream being walked, and
	// textObjects counts those of the page that were kept.
	earlier     []earlierObject
	textObjects int
	lastObj     lastObject // the last text object kept
	ops         []operand  // the operands of the next operator, reused
	elems       []operand  // the elements of array operands, reused
	nOps        int
	forms       []int    // the forms being walked (object numbers), to refuse a loop
	err         error    // a budget that was met; the walk stops
	bufs        [][]byte // reused memory for the content of forms, by depth
}

// actualText is one open marked-content sequence.
type actualText struct {
	text string // the replacement text, when the sequence has one
	has  bool
	used bool // the text was given to the sequence's first glyph
}

func newWalker(doc *goDoc, fonts map[int]*goFont, tr pageTransform, res pdfDict) *walker {
	w := &walker{doc: doc, fonts: fonts, tr: tr, res: res}
	w.g = walkState{ctm: identity, tm: identity, tlm: identity, th: 1, lineWidth: 1}
	w.pl.width, w.pl.height = tr.width, tr.height
	return w
}

// run walks one content stream.
func (w *walker) run(data []byte) {
	lx := lexer{data: data, keep: true}
	for w.err == nil {
		tok := lx.next()
		switch tok.kind {
		case tEOF:
			return
		case tNum, tName, tString:
			w.push(operand{kind: tok.kind, num: tok.num, b: tok.b})
		case tArrOpen:
			w.push(w.arrayOperand(&lx))
		case tDictOpen:
			p := parser{lx: lx}
			d, _ := p.dict(0)
			lx.pos, lx.scratch = p.lx.pos, p.lx.scratch
			w.push(operand{kind: tDictOpen, dict: d})
		case tKeyword:
			w.keyword(&lx, tok.b)
		}
	}
}

// push adds an operand, dropping the oldest past maxOperands.
func (w *walker) push(o operand) {
	if len(w.ops) >= maxOperands {
		copy(w.ops, w.ops[1:])
		w.ops = w.ops[:len(w.ops)-1]
	}
	w.ops = append(w.ops, o)
}

// arrayOperand reads the elements of an array up to its "]"; nested
// arrays and dictionaries (never meaningful to the operators read here)
// are skipped.
func (w *walker) arrayOperand(lx *lexer) operand {
	start := len(w.elems)
	for depth := 0; ; {
		tok := lx.next()
		switch tok.kind {
		case tEOF:
			return operand{kind: tArrOpen, arr: w.elems[start:]}
		case tArrClose, tDictClose:
			if depth == 0 {
				return operand{kind: tArrOpen, arr: w.elems[start:]}
			}
			depth--
		case tArrOpen, tDictOpen:
			depth++
		case tNum, tString:
			if depth == 0 && len(w.elems)-start < 1<<16 {
				w.elems = append(w.elems, operand{kind: tok.kind, num: tok.num, b: tok.b})
			}
		}
	}
}

// keyword handles an operator, or a keyword operand.
func (w *walker) keyword(lx *lexer, kw []byte) {
	switch string(kw) {
	case "true", "false", "null":
		w.push(operand{kind: tKeyword, b: kw})
		return
	case "BI":
		w.inlineImage(lx)
	default:
		w.nOps++
		if w.nOps > maxPageOperators {
			w.err = fmt.Errorf("%w: over the budget of %d content operators per page", ErrTooLarge, maxPageOperators)
			return
		}
		w.op(string(kw), w.ops)
	}
	w.ops, w.elems, lx.scratch = w.ops[:0], w.elems[:0], lx.scratch[:0]
}

// op dispatches one operator.
func (w *walker) op(op string, args []operand) {
	if !w.textOp(op, args) && !w.stateOp(op, args) {
		w.pathOp(op, args)
	}
}

// inlineImage skips BI … ID data EI and counts the image.
func (w *walker) inlineImage(lx *lexer) {
	for {
		tok := lx.next()
		if tok.kind == tEOF {
			return
		}
		if tok.kind == tKeyword && string(tok.b) == "ID" {
			break
		}
	}
	if len(w.forms) == 0 {
		w.pl.images++
	}
	data := lx.data
	for i := lx.pos + 1; i+2 <= len(data); {
		j := bytes.Index(data[i:], []byte("EI"))
		if j < 0 {
			break
		}
		at := i + j
		if isSpace(data[at-1]) && (at+2 == len(data) || !isRegular(data[at+2])) {
			lx.pos = at + 2
			return
		}
		i = at + 2
	}
	lx.pos = len(data)
}

// numbers reads the last n operands as numbers.
func numbers(args []operand, n int) ([6]float64, bool) {
	var v [6]float64
	if len(args) < n || n > 6 {
		return v, false
	}
	for i, a := range args[len(args)-n:] {
		if a.kind != tNum {
			return v, false
		}
		v[i] = a.num
	}
	return v, true
}

// stateOp handles graphics-state, marked-content and XObject operators.
func (w *walker) stateOp(op string, args []operand) bool {
	switch op {
	case "q":
		if len(w.stack) < 1<<12 {
			w.stack = append(w.stack, w.g)
		}
	case "Q":
		if n := len(w.stack); n > 0 {
			w.g, w.stack = w.stack[n-1], w.stack[:n-1]
		}
	case "cm":
		if v, ok := numbers(args, 6); ok {
			w.g.ctm = mat(v).mul(w.g.ctm)
		}
	case "Tf":
		if len(args) >= 2 && args[len(args)-2].kind == tName {
			w.g.font = w.font(w.res, pdfName(args[len(args)-2].b))
			w.g.tfs = args[len(args)-1].num
		}
	case "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "w":
		w.textParam(op, args)
	case "gs":
		if len(args) > 0 && args[len(args)-1].kind == tName {
			gs := w.doc.dict(w.doc.dict(w.res["ExtGState"])[pdfName(args[len(args)-1].b)])
			if w.doc.isNum(gs["LW"]) {
				w.g.lineWidth = w.doc.num(gs["LW"])
			}
		}
	case "Do":
		if len(args) > 0 && args[len(args)-1].kind == tName {
			w.xobject(pdfName(args[len(args)-1].b))
		}
	case "BMC":
		w.spans = append(w.spans, actualText{})
	case "BDC":
		w.beginMarked(args)
	case "EMC":
		if n := len(w.spans); n > 0 {
			w.spans = w.spans[:n-1]
		}
	default:
		return false
	}
	return true
}

// beginMarked opens a marked-content sequence, with its ActualText.
func (w *walker) beginMarked(args []operand) {
	var span actualText
	if n := len(args); n >= 2 {
		props := args[n-1].dict
		if args[n-1].kind == tName { // properties named in the resources
			props = w.doc.dict(w.doc.dict(w.res["Properties"])[pdfName(args[n-1].b)])
		}
		if at, ok := w.doc.resolve(props["ActualText"]).(pdfString); ok {
			span = actualText{text: textString(at), has: true}
		}
	}
	if len(w.spans) < 1<<12 {
		w.spans = append(w.spans, span)
	}
}

// textString decodes a PDF text string: UTF-16BE with a byte-order mark,
// else PDFDocEncoding (read as Latin-1, which it is in the printable range).
func textString(s pdfString) string {
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		units := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			units = append(units, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(units))
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// xobject draws a named XObject: an image is counted, a form is walked.
func (w *walker) xobject(name pdfName) {
	ref := w.doc.dict(w.res["XObject"])[name]
	s := w.doc.stream(ref)
	if s == nil {
		return
	}
	switch w.doc.name(s.dict["Subtype"]) {
	case "Image":
		if len(w.forms) == 0 { // PDFium's objects inside a form are not counted (pdfiumDoc.objects)
			w.pl.images++
		}
	case "Form":
		w.form(s)
	}
}

// form walks a Form XObject with its matrix and resources, restoring the
// graphics state after it.
func (w *walker) form(s *pdfStream) {
	if len(w.forms) >= maxFormDepth {
		w.err = fmt.Errorf("%w: forms nested deeper than %d", ErrDamaged, maxFormDepth)
		return
	}
	for _, n := range w.forms {
		if n == s.num {
			return // a form that draws itself
		}
	}
	var buf *[]byte
	if len(w.forms) < len(w.bufs) {
		buf = &w.bufs[len(w.forms)]
	}
	data, err := w.doc.decodeInto(buf, s, maxContentBytes)
	if err != nil {
		w.err = fmt.Errorf("form object %d: %w", s.num, err)
		return
	}
	saved, depth, res, ops, elems := w.g, len(w.stack), w.res, w.ops, w.elems
	if m := w.doc.array(s.dict["Matrix"]); len(m) == 6 {
		var v mat
		for i := range v {
			v[i] = w.doc.num(m[i])
		}
		w.g.ctm = v.mul(w.g.ctm)
	}
	if r := w.doc.dict(s.dict["Resources"]); r != nil {
		w.res = r
	}
	w.forms = append(w.forms, s.num)
	earlier := w.earlier
	w.ops, w.elems, w.earlier = nil, nil, nil // a form's text objects are compared among themselves
	w.run(data)
	w.forms = w.forms[:len(w.forms)-1]
	w.g, w.stack, w.res, w.ops, w.elems = saved, w.stack[:min(depth, len(w.stack))], res, ops, elems
	w.earlier = earlier
}
