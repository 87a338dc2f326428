package extract

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Computing the formulas a workbook saved without their results (some
// generators write =B7+B8 and no value), bounded so that no workbook can
// make it run long or deep: a formula cell may rest on a chain of at most
// maxFormulaDepth formula cells, and one workbook's formulas may read at
// most maxFormulaWork cells between them. A formula that cannot be computed
// within them, or that uses what is not computed here, leaves its cell
// without text, with a Problem and a Note that say why.

const (
	maxFormulaDepth = 64
	maxFormulaWork  = 2_000_000
)

// Limits met while computing, found (wrapped) in the Notes' reasons.
var (
	errFormulaDepth  = fmt.Errorf("a chain of formulas deeper than %d cells", maxFormulaDepth)
	errFormulaBudget = fmt.Errorf("the workbook's formulas read more than %d cells", maxFormulaWork)
	errFormulaCycle  = errors.New("a circular reference")
)

// formulaFuncs are the functions computed.
var formulaFuncs = map[string]bool{"SUM": true, "MIN": true, "MAX": true, "ABS": true, "ROUND": true}

// Kinds of gridCell.
const (
	valNumber byte = iota + 1
	valText
	valError
	valFormula
)

// sheetGrid is a sheet's non-empty cells as formula operands, ordered by row
// then column.
type sheetGrid struct {
	name  string
	cells []gridCell
}

// gridCell is one operand cell.
type gridCell struct {
	row, col int32 // 1-based row, 0-based column
	kind     byte
	raw      string       // a number as written, or an error value
	f        *pendingCell // kind valFormula
}

// pendingCell is a formula saved without its result.
type pendingCell struct {
	sheet, row, col int // sheet index, 1-based row, 0-based column
	xf              int
	text            string
	shared          bool // one of a shared formula group, whose cells share the parsed text
	dRow, dCol      int  // offset from the master cell of its shared formula
	state           byte
	value           decimal.Decimal
	err             error
}

// Formula cell states.
const (
	formulaNew byte = iota
	formulaBusy
	formulaDone
)

// sortGrid orders the cells of a sheet read out of order; of two at one
// place the later read wins, as on the page.
func sortGrid(g *sheetGrid) {
	slices.SortStableFunc(g.cells, func(a, b gridCell) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	out := g.cells[:0]
	for _, c := range g.cells {
		if n := len(out); n > 0 && out[n-1].row == c.row && out[n-1].col == c.col {
			out[n-1] = c
			continue
		}
		out = append(out, c)
	}
	g.cells = out
}

// search is the index of the first cell at or after (row, col).
func (g *sheetGrid) search(row, col int) int {
	i, _ := slices.BinarySearchFunc(g.cells, [2]int{row, col}, func(c gridCell, k [2]int) int {
		return cmp.Or(cmp.Compare(int(c.row), k[0]), cmp.Compare(int(c.col), k[1]))
	})
	return i
}

// computeFormulas computes every formula saved without a result and puts
// its text, or its Problem, in its cell.
func (r *xlsxReader) computeFormulas(doc *Document) {
	e := &evaluator{grids: r.grids, sheets: map[string]int{}, parsed: map[string]*fnode{}, work: maxFormulaWork}
	for i, g := range r.grids {
		e.sheets[strings.ToLower(g.name)] = i
	}
	for _, g := range r.grids {
		for _, c := range g.cells {
			if c.kind != valFormula {
				continue
			}
			f := c.f
			v, err := e.cell(f, 0)
			cell := formulaTarget(&doc.Pages[f.sheet], f)
			if cell == nil {
				continue
			}
			if err != nil {
				cell.Problem = fmt.Sprintf("formula =%s has no saved result and cannot be computed: %v", f.text, err)
				r.notes.add("formula", Note{Page: g.name, Row: f.row, Col: f.col, Detail: cell.Problem})
				continue
			}
			cell.Text = formatNumber(v.InexactFloat64(), r.format(f.xf), r.wb.date1904)
		}
	}
}

// formulaTarget is the cell of the page that waits for f's result.
func formulaTarget(page *Page, f *pendingCell) *Cell {
	row := findRow(page, f.row)
	if row == nil {
		return nil
	}
	i, ok := slices.BinarySearchFunc(row.Cells, f.col, func(c Cell, col int) int { return cmp.Compare(c.Col, col) })
	if !ok {
		return nil
	}
	return &row.Cells[i]
}

// evaluator computes formula cells, each once.
type evaluator struct {
	grids  []*sheetGrid
	sheets map[string]int    // sheet index by lower-cased name
	parsed map[string]*fnode // shared formulas by text
	work   int               // cells that may still be read
}

func (e *evaluator) spend(n int) error {
	if e.work -= n; e.work < 0 {
		return errFormulaBudget
	}
	return nil
}

// cell is the value of formula cell f, reached through depth formula cells.
func (e *evaluator) cell(f *pendingCell, depth int) (decimal.Decimal, error) {
	switch {
	case f.state == formulaDone || f.err != nil:
		return f.value, f.err
	case f.state == formulaBusy:
		return decimal.Zero, errFormulaCycle
	case depth > maxFormulaDepth:
		return decimal.Zero, errFormulaDepth // f itself may still be computed from a shorter chain
	}
	n, err := e.parse(f.text, f.shared)
	if err == nil {
		f.state = formulaBusy
		f.value, err = e.eval(n, f, depth)
	}
	if errors.Is(err, errFormulaDepth) && depth > 0 {
		f.state = formulaNew
		return decimal.Zero, err
	}
	f.state, f.err = formulaDone, err
	return f.value, err
}

// parse parses a formula's text, once for all the cells of a shared
// formula (each other cell is computed once, and keeps only its value).
func (e *evaluator) parse(text string, shared bool) (*fnode, error) {
	if n, ok := e.parsed[text]; ok {
		return n, nil
	}
	if err := e.spend(len(text)/16 + 1); err != nil {
		return nil, err
	}
	n, err := parseFormula(text)
	if err == nil && shared {
		e.parsed[text] = n
	}
	return n, err
}

// eval is the value of node n of formula cell f.
func (e *evaluator) eval(n *fnode, f *pendingCell, depth int) (decimal.Decimal, error) {
	if err := e.spend(1); err != nil {
		return decimal.Zero, err
	}
	switch n.kind {
	case 'n':
		return n.num, nil
	case 'e':
		return decimal.Zero, fmt.Errorf("it gives %s", n.name)
	case 'c':
		g, err := e.grid(n, f)
		if err != nil {
			return decimal.Zero, err
		}
		a := shift(n.a, f)
		if !inSheet(a, false) {
			return decimal.Zero, errRef
		}
		i := g.search(a.row, a.col)
		if i == len(g.cells) || int(g.cells[i].row) != a.row || int(g.cells[i].col) != a.col {
			return decimal.Zero, nil // a blank cell reads as 0
		}
		return e.operand(&g.cells[i], depth)
	case 'r':
		return decimal.Zero, fmt.Errorf("%w: a range outside a function", errUnsupported)
	case 'f':
		return e.call(n, f, depth)
	case 'u', '%':
		v, err := e.eval(n.args[0], f, depth)
		if n.kind == 'u' {
			return v.Neg(), err
		}
		return v.Div(decimal.NewFromInt(100)), err
	}
	return e.arithmetic(n, f, depth)
}

func (e *evaluator) arithmetic(n *fnode, f *pendingCell, depth int) (decimal.Decimal, error) {
	a, err := e.eval(n.args[0], f, depth)
	if err != nil {
		return a, err
	}
	b, err := e.eval(n.args[1], f, depth)
	if err != nil {
		return b, err
	}
	switch n.kind {
	case '+':
		return a.Add(b), nil
	case '-':
		return a.Sub(b), nil
	case '*':
		return a.Mul(b), nil
	case '/':
		if b.IsZero() {
			return decimal.Zero, errors.New("it gives #DIV/0!")
		}
		return a.Div(b), nil
	}
	p := math.Pow(a.InexactFloat64(), b.InexactFloat64())
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return decimal.Zero, errors.New("it gives #NUM!")
	}
	return decimal.NewFromFloat(p), nil
}

// call computes a function.
func (e *evaluator) call(n *fnode, f *pendingCell, depth int) (decimal.Decimal, error) {
	switch n.name {
	case "SUM":
		return e.sum(n, f, depth)
	case "MIN", "MAX":
		return e.minMax(n, f, depth)
	case "ABS":
		return e.abs(n, f, depth)
	}
	return e.round(n, f, depth)
}

// errRef is the error of a reference moved off the sheet.
var errRef = errors.New("it gives #REF!")

// inSheet reports whether a shifted reference still points into the sheet
// (a whole column keeps row 0).
func inSheet(r cellRef, whole bool) bool {
	rowOK := r.row >= 1 && r.row <= sheetRows
	if whole {
		rowOK = r.row == 0
	}
	return r.col >= 0 && r.col < sheetCols && rowOK
}

// operand is the value of a referenced cell: a number, a formula's result.
func (e *evaluator) operand(c *gridCell, depth int) (decimal.Decimal, error) {
	switch c.kind {
	case valNumber:
		return decimal.NewFromString(c.raw)
	case valFormula:
		return e.cell(c.f, depth+1)
	case valError:
		return decimal.Zero, fmt.Errorf("it refers to a cell holding %s", c.raw)
	}
	return decimal.Zero, errors.New("it gives #VALUE! (text used as a number)")
}

// grid is the sheet a reference of formula f points into.
func (e *evaluator) grid(n *fnode, f *pendingCell) (*sheetGrid, error) {
	if n.sheet == "" {
		return e.grids[f.sheet], nil
	}
	i, ok := e.sheets[strings.ToLower(n.sheet)]
	if !ok {
		return nil, fmt.Errorf("it refers to sheet %q, which the workbook does not have", n.sheet)
	}
	return e.grids[i], nil
}

// shift moves the relative parts of a reference by the offset of f from the
// master cell of its shared formula.
func shift(r cellRef, f *pendingCell) cellRef {
	if !r.absCol {
		r.col += f.dCol
	}
	if !r.absRow && r.row > 0 {
		r.row += f.dRow
	}
	return r
}

// numbers calls fn with every number argument n of a function gives: the
// numbers of its ranges (text and blanks left out, as Excel does) and its
// other arguments.
func (e *evaluator) numbers(n *fnode, f *pendingCell, depth int, fn func(decimal.Decimal)) error {
	for _, arg := range n.args {
		if arg.kind != 'r' && arg.kind != 'c' {
			v, err := e.eval(arg, f, depth)
			if err != nil {
				return err
			}
			fn(v)
			continue
		}
		if err := e.scanRange(arg, f, depth, fn); err != nil {
			return err
		}
	}
	return nil
}

// scanRange calls fn with the value of every number and formula cell of a
// range (or of one cell), visiting only the cells the sheet holds.
func (e *evaluator) scanRange(n *fnode, f *pendingCell, depth int, fn func(decimal.Decimal)) error {
	g, err := e.grid(n, f)
	if err != nil {
		return err
	}
	a, b := shift(n.a, f), shift(n.b, f)
	if n.kind == 'c' {
		b = a
	}
	if whole := n.a.row == 0; !inSheet(a, whole) || !inSheet(b, whole) {
		return errRef
	}
	r0, r1 := min(a.row, b.row), max(a.row, b.row)
	c0, c1 := min(a.col, b.col), max(a.col, b.col)
	if r0 == 0 { // whole columns
		r0, r1 = 1, sheetRows
	}
	for i := g.search(r0, c0); i < len(g.cells); {
		if err := e.spend(1); err != nil {
			return err
		}
		c := &g.cells[i]
		switch row, col := int(c.row), int(c.col); {
		case row > r1:
			return nil
		case col < c0:
			i = g.search(row, c0)
		case col > c1:
			i = g.search(row+1, c0)
		default:
			i++
			if c.kind == valText {
				continue
			}
			v, err := e.operand(c, depth)
			if err != nil {
				return err
			}
			fn(v)
		}
	}
	return nil
}

func (e *evaluator) sum(n *fnode, f *pendingCell, depth int) (decimal.Decimal, error) {
	total := decimal.Zero
	err := e.numbers(n, f, depth, func(v decimal.Decimal) { total = total.Add(v) })
	return total, err
}

func (e *evaluator) minMax(n *fnode, f *pendingCell, depth int) (decimal.Decimal, error) {
	var best *decimal.Decimal
	err := e.numbers(n, f, depth, func(v decimal.Decimal) {
		if best == nil || n.name == "MIN" && v.LessThan(*best) || n.name == "MAX" && v.GreaterThan(*best) {
			best = &v
		}
	})
	if best == nil {
		return decimal.Zero, err
	}
	return *best, err
}

func (e *evaluator) abs(n *fnode, f *pendingCell, depth int) (decimal.Decimal, error) {
	if len(n.args) != 1 {
		return decimal.Zero, errors.New("ABS takes one argument")
	}
	v, err := e.eval(n.args[0], f, depth)
	return v.Abs(), err
}

func (e *evaluator) round(n *fnode, f *pendingCell, depth int) (decimal.Decimal, error) {
	if len(n.args) != 2 {
		return decimal.Zero, errors.New("ROUND takes two arguments")
	}
	v, err := e.eval(n.args[0], f, depth)
	if err != nil {
		return v, err
	}
	places, err := e.eval(n.args[1], f, depth)
	if err != nil {
		return v, err
	}
	if !places.IsInteger() || places.Abs().GreaterThan(decimal.NewFromInt(30)) {
		return decimal.Zero, errors.New("ROUND to an odd number of places")
	}
	return v.Round(int32(places.IntPart())), nil
}
