package extract

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Parsing the formulas a workbook saved without their results, in the small
// part of Excel's language a budget table uses: numbers, cell references and
// ranges (on this sheet or another), + - * / ^ %, parentheses, and the
// functions in formulaFuncs. Anything else is reported, not guessed.

// maxFormulaNesting bounds the nesting of parentheses and function calls in
// one formula (Excel allows 64 levels of functions).
const maxFormulaNesting = 64

// errUnsupported marks a formula outside the language computed here.
var errUnsupported = errors.New("not computed here")

// cellRef is a cell reference; row 0 in a range means a whole column.
type cellRef struct {
	col, row       int // 0-based column, 1-based row
	absCol, absRow bool
}

// fnode is a node of a parsed formula.
type fnode struct {
	kind  byte // 'n' number, 'c' cell, 'r' range, 'f' function, 'e' error literal, or an operator: + - * / ^ % and 'u' (negation)
	num   decimal.Decimal
	sheet string // of a cell or range; "" for the formula's own sheet
	a, b  cellRef
	name  string // function name, or the error literal
	args  []*fnode
}

// parseFormula parses the text of a formula (without its leading =).
func parseFormula(text string) (*fnode, error) {
	p := &fparser{s: strings.TrimPrefix(strings.TrimSpace(text), "=")}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.i < len(p.s) {
		return nil, fmt.Errorf("%w: %q at offset %d", errUnsupported, p.rest(), p.i)
	}
	return n, nil
}

// fparser is a recursive-descent parser over one formula.
type fparser struct {
	s     string
	i     int
	depth int
}

func (p *fparser) rest() string {
	r := p.s[p.i:]
	if len(r) > 12 {
		r = r[:12] + "…"
	}
	return r
}

func (p *fparser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\r' || p.s[p.i] == '\t') {
		p.i++
	}
}

// peek returns the next byte after spaces, or 0 at the end.
func (p *fparser) peek() byte {
	if p.skipSpace(); p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// binary parses operands joined by the operators in ops, left to right.
func (p *fparser) binary(ops string, operand func() (*fnode, error)) (*fnode, error) {
	left, err := operand()
	if err != nil {
		return nil, err
	}
	for {
		op := p.peek()
		if op == 0 || !strings.ContainsRune(ops, rune(op)) {
			return left, nil
		}
		p.i++
		right, err := operand()
		if err != nil {
			return nil, err
		}
		left = &fnode{kind: op, args: []*fnode{left, right}}
	}
}

func (p *fparser) expr() (*fnode, error) { return p.binary("+-", p.term) }
func (p *fparser) term() (*fnode, error) { return p.binary("*/", p.power) }
func (p *fparser) power() (*fnode, error) {
	return p.binary("^", p.unary)
}

// unary parses signs, which bind tighter than ^ in Excel (-2^2 is 4).
func (p *fparser) unary() (*fnode, error) {
	switch p.peek() {
	case '-', '+':
		op := p.s[p.i]
		p.i++
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		n, err := p.unary()
		if err != nil || op == '+' {
			return n, err
		}
		return &fnode{kind: 'u', args: []*fnode{n}}, nil
	}
	n, err := p.primary()
	for err == nil && p.peek() == '%' {
		p.i++
		n = &fnode{kind: '%', args: []*fnode{n}}
	}
	return n, err
}

func (p *fparser) enter() error {
	if p.depth++; p.depth > maxFormulaNesting {
		return fmt.Errorf("%w: nested deeper than %d levels", errUnsupported, maxFormulaNesting)
	}
	return nil
}

func (p *fparser) leave() { p.depth-- }

func (p *fparser) primary() (*fnode, error) {
	switch c := p.peek(); {
	case c == 0:
		return nil, fmt.Errorf("%w: the formula ends early", errUnsupported)
	case c == '(':
		p.i++
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		n, err := p.expr()
		if err == nil && p.peek() != ')' {
			err = fmt.Errorf("%w: ( without )", errUnsupported)
		}
		p.i++
		return n, err
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case c == '#':
		return p.errorLiteral()
	case c == '"':
		return nil, fmt.Errorf("%w: text in a formula", errUnsupported)
	}
	return p.reference()
}

func (p *fparser) number() (*fnode, error) {
	start := p.i
	digits := func() {
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
	}
	digits()
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		digits()
	}
	if p.i+1 < len(p.s) && (p.s[p.i] == 'E' || p.s[p.i] == 'e') {
		p.i++
		if p.s[p.i] == '+' || p.s[p.i] == '-' {
			p.i++
		}
		digits()
	}
	d, err := decimal.NewFromString(p.s[start:p.i])
	if err != nil {
		return nil, fmt.Errorf("%w: number %q", errUnsupported, p.s[start:p.i])
	}
	return &fnode{kind: 'n', num: d}, nil
}

// errorLiteral parses #DIV/0!, #N/A, #REF! and the like.
func (p *fparser) errorLiteral() (*fnode, error) {
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(",)+-*/^ ", rune(p.s[p.i])) {
		p.i++
	}
	return &fnode{kind: 'e', name: p.s[start:p.i]}, nil
}

// reference parses a function call, or a cell or range with an optional
// sheet prefix (Sheet1!A1, '收入 总表'!B2:C9, $A:$A).
func (p *fparser) reference() (*fnode, error) {
	sheet, quoted, err := p.sheetPrefix()
	if err != nil {
		return nil, err
	}
	word := p.word()
	if !quoted && sheet == "" && p.peek() == '(' {
		return p.call(strings.ToUpper(word))
	}
	a, ok := wordRef(word)
	if !ok {
		return nil, fmt.Errorf("%w: name %q", errUnsupported, word)
	}
	n := &fnode{kind: 'c', sheet: sheet, a: a}
	if p.i < len(p.s) && p.s[p.i] == ':' {
		p.i++
		b, ok := wordRef(p.word())
		if !ok || (a.row == 0) != (b.row == 0) {
			return nil, fmt.Errorf("%w: range %q", errUnsupported, word+":…")
		}
		n.kind, n.b = 'r', b
	} else if a.row == 0 {
		return nil, fmt.Errorf("%w: name %q", errUnsupported, word)
	}
	return n, nil
}

// sheetPrefix reads 'quoted name'! or name! when one comes next.
func (p *fparser) sheetPrefix() (name string, quoted bool, err error) {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '\'' {
		var b strings.Builder
		for j := p.i + 1; j < len(p.s); j++ {
			if p.s[j] != '\'' {
				b.WriteByte(p.s[j])
				continue
			}
			if j+1 < len(p.s) && p.s[j+1] == '\'' {
				b.WriteByte('\'')
				j++
				continue
			}
			if j+1 >= len(p.s) || p.s[j+1] != '!' {
				return "", false, fmt.Errorf("%w: quoted name without !", errUnsupported)
			}
			p.i = j + 2
			return b.String(), true, nil
		}
		return "", false, fmt.Errorf("%w: unclosed quote", errUnsupported)
	}
	start := p.i
	w := p.word()
	if w != "" && p.i < len(p.s) && p.s[p.i] == '!' {
		p.i++
		return w, false, nil
	}
	p.i = start
	return "", false, nil
}

// word reads a run of name characters: letters, digits, _ . $ and any
// non-ASCII character.
func (p *fparser) word() string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c >= utf8.RuneSelf || c == '_' || c == '.' || c == '$' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i]
}

// call parses the arguments of function name, the ( next.
func (p *fparser) call(name string) (*fnode, error) {
	if _, ok := formulaFuncs[name]; !ok {
		return nil, fmt.Errorf("%w: function %s", errUnsupported, name)
	}
	p.i++ // (
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	n := &fnode{kind: 'f', name: name}
	if p.peek() == ')' {
		p.i++
		return n, nil
	}
	for {
		arg, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, arg)
		switch p.peek() {
		case ',':
			p.i++
		case ')':
			p.i++
			return n, nil
		default:
			return nil, fmt.Errorf("%w: %q in the arguments of %s", errUnsupported, p.rest(), name)
		}
	}
}

// wordRef parses a cell (A1, $B$7) or a whole column (A, $C) reference.
func wordRef(w string) (cellRef, bool) {
	ref, n := scanCellRef(w)
	return ref, n == len(w) && n > 0
}

// scanCellRef reads [$]COLUMN[$][ROW] from the start of s, returning how
// many bytes it took (0 when s does not start with a column). Row 0 means
// no row was written.
func scanCellRef(s string) (cellRef, int) {
	var ref cellRef
	i := 0
	if i < len(s) && s[i] == '$' {
		ref.absCol, i = true, i+1
	}
	start := i
	col := 0
	for i < len(s) && i-start < 3 && s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z' {
		col = col*26 + int(s[i]|0x20-'a'+1)
		i++
	}
	if i == start || col > sheetCols {
		return ref, 0
	}
	ref.col = col - 1
	end := i
	if i < len(s) && s[i] == '$' {
		ref.absRow, i = true, i+1
	}
	row, digits := 0, i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && row <= sheetRows {
		row = row*10 + int(s[i]-'0')
		i++
	}
	switch {
	case i == digits && ref.absRow:
		return ref, 0
	case i == digits:
		ref.absRow = false
		return ref, end
	case row < 1 || row > sheetRows:
		return ref, 0
	}
	ref.row = row
	return ref, i
}
