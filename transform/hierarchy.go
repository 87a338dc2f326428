package transform

import (
	"maps"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// A table's rows form a tree: 类 over 款 over 项, 一、 over （一） over 1.,
// a department over its units over their projects. The reader places each
// row from evidence, strongest first:
//
//  1. structure: a code that extends the code of a row above (20805 under
//     208), an ordinal one level deeper (（一） under 一、), a 其中 row under
//     the row before it;
//  2. arithmetic, for rows that structure leaves unplaced (unit names,
//     project groups printed without codes or ordinals): the rows below a
//     total must add up to it, and a row is the parent of the rows after it
//     only when the sums require it (sumtree.go).
//
// The kind of a row follows: a total label or the row that covers the whole
// table is total, a row with children is subtotal, others are detail, and
// every row of a second breakdown (a memo block) is memo.

// assignKinds sets each line's row_kind and parent.
func (tr *tableRead) assignKinds() {
	for si, s := range tr.Layout.Sides {
		var lines []*line
		for _, l := range tr.Lines {
			if l.Side == si {
				lines = append(lines, l)
			}
		}
		tr.blockKinds(s, lines)
	}
}

func (tr *tableRead) blockKinds(s side, lines []*line) {
	kids := make([]int, len(lines)) // children per line
	parent := structuralParents(lines)
	tr.continuedRows(lines, parent)
	throughBlankHeads(lines, parent)
	tr.trimUnitBlocks(lines, parent)
	for i, p := range parent {
		if p >= 0 && len(lines[i].Amounts) > 0 { // a child printed without figures lists nothing
			kids[p]++
		}
	}
	fixed := fixedBy(parent)
	top := tr.arithmeticParents(lines, parent, kids, fixed)
	tr.unitGroups(lines, parent, kids, fixed)
	if top < 0 && onlyRow(lines) >= 0 && !tr.projectNames(s) {
		top = onlyRow(lines) // a table of one row: its total (CONVENTIONS 4, B9)
	}
	for i, p := range parent {
		if p >= 0 {
			lines[i].parent = lines[p]
		}
	}
	if top >= 0 {
		lines[top].top = true
	}
	tp := tr.Raw.ID == dataset.ThreePublic
	for i, l := range lines {
		if l.Kind != "" {
			continue // set by the reader (a memo block, items printed as columns)
		}
		switch {
		case tp && isOperatingCosts(l.Item):
			l.Table, l.Kind = dataset.OperatingCosts, dataset.KindDetail // G2
		case tp && strings.Contains(l.Item, "三公") && l.Level == 0 && !isQizhong(l.Label):
			l.Kind = dataset.KindTotal // the “三公” total row of items listed in rows (B5)
		case isTotalLabel(l.Item) || i == top:
			l.Kind = dataset.KindTotal
		case compact(l.Item) == "小计" || kids[i] > 0:
			l.Kind = dataset.KindSubtotal
		default:
			l.Kind = dataset.KindDetail
		}
	}
	partsAsMemo(tr, lines, parent)
	for _, l := range lines {
		if p := l.parent; l.underCode && p != nil && p.code() != "" {
			// an item listed under a 项 is spent under its code
			l.FuncCode, l.EconCode, l.GovEconCode, l.Source, l.class = p.FuncCode, p.EconCode, p.GovEconCode, p.Source, p.class
		}
	}
}

// partsAsMemo keeps the detail rows of a block summing to its total where
// a row names only some of its parts: when every child of a row is printed
// as 其中 and they do not add up to it in each of its columns (一般公共预算拨款
// | 其中：专项资金列入部门预算的项目), the row is detail and those parts are
// memo (SCHEMA row_kind). Parts that add up to their row stay its detail
// rows (“三公”经费 | 其中：（一）…（三）).
func partsAsMemo(tr *tableRead, lines []*line, parent []int) {
	kids := map[int][]*line{}
	for i, p := range parent {
		if p >= 0 && len(lines[i].Amounts) > 0 {
			kids[p] = append(kids[p], lines[i])
		}
	}
	// deepest first (a row's parts come after it), so that a part of a
	// part is memo under a part that is memo too
	rows := slices.Sorted(maps.Keys(kids))
	slices.Reverse(rows)
	for _, p := range rows {
		ks := kids[p]
		if lines[p].Kind != dataset.KindSubtotal || !allQizhong(ks) || partsAddUp(tr, lines[p], ks) {
			continue
		}
		lines[p].Kind = dataset.KindDetail
		for _, k := range ks {
			if k.Kind == dataset.KindDetail {
				k.Kind = dataset.KindMemo
			}
		}
	}
}

// allQizhong reports whether every line is printed as 其中.
func allQizhong(ls []*line) bool {
	for _, l := range ls {
		if !isQizhong(l.Label) {
			return false
		}
	}
	return true
}

// partsAddUp reports whether the parts add up to the row in every column
// where the row prints an amount.
func partsAddUp(tr *tableRead, row *line, parts []*line) bool {
	if tr.transposed { // items as columns: each line is one cell of the row
		var terms []term
		for _, p := range parts {
			if p.Amounts[0].Err == nil {
				terms = append(terms, termOf(tr, p.Amounts[0]))
			}
		}
		a := row.Amounts[0]
		return a.Err != nil || holds(termOf(tr, a), terms)
	}
	for _, a := range row.Amounts {
		if a.Err != nil {
			continue
		}
		terms := termsAt(tr, parts, a.Col.Col)
		if len(terms) == 0 && !a.Amount.Value.IsZero() || len(terms) > 0 && !holds(termOf(tr, a), terms) {
			return false
		}
	}
	return true
}

// throughBlankHeads gives the rows that structure puts under a row printed
// without figures (a unit named over its purchases, none of its own) to
// that row's own parent: it adds up nothing, and its rows add up with their
// siblings. An item named under a coded row keeps it: it takes its code.
func throughBlankHeads(lines []*line, parent []int) {
	for k, l := range lines {
		if l.underCode {
			continue
		}
		for p := parent[k]; p >= 0 && len(lines[p].Amounts) == 0; p = parent[k] {
			parent[k] = parent[p]
		}
	}
}

// fixedBy marks the lines structure places: under a row, or over rows.
func fixedBy(parent []int) []bool {
	fixed := make([]bool, len(parent))
	for i, p := range parent {
		if p >= 0 {
			fixed[i], fixed[p] = true, true
		}
	}
	return fixed
}

// onlyRow is the index of the one line of a block that prints amounts,
// unless that line is labelled as a part (a code, an ordinal), or -1.
func onlyRow(lines []*line) int {
	only := -1
	for i, l := range lines {
		if len(l.Amounts) == 0 {
			continue
		}
		if only >= 0 || l.code() != "" || l.Level > 0 || isTotalLabel(l.Item) {
			return -1
		}
		only = i
	}
	return only
}

// isOperatingCosts reports the 行政经费 / 机关运行经费 row of a combined
// “三公” table (CONVENTIONS G2).
func isOperatingCosts(item string) bool {
	s := compact(item)
	return s == "行政经费" || s == "机关运行经费" || strings.HasPrefix(s, "行政经费（") || strings.HasPrefix(s, "机关运行经费（")
}

// structuralParents places lines by codes, ordinals and 其中: parent[i] is
// the index of line i's parent, -1 when structure says nothing.
func structuralParents(lines []*line) []int {
	parent := make([]int, len(lines))
	lastPlain := -1 // the last line that is not a 其中 line
	lastUnit := -1  // the last line printing a unit's code
	for i, l := range lines {
		parent[i] = -1
		if isTotalLabel(l.Item) {
			lastPlain, lastUnit = -1, -1
			continue
		}
		if l.unitCode != "" {
			parent[i], lastPlain, lastUnit = unitParent(lines, i), i, i
			continue
		}
		part := isQizhong(l.Label) && lastPlain >= 0
		switch {
		case part:
			parent[i] = lastPlain
		case l.underCode:
			parent[i] = codedAbove(lines, i)
		case l.from > 1:
			// in a chain of name columns the names place a row; a code
			// beside them (经济科目) describes it
			parent[i] = depthParent(lines, i)
		case l.code() != "":
			parent[i] = codeParent(lines, i)
		case l.Level > 0:
			parent[i] = ordinalParent(lines, i)
		}
		// a row without a unit code under a unit row is the unit's: its
		// own code or ordinal places it among the unit's rows only
		if lastUnit >= 0 && parent[i] < lastUnit {
			parent[i] = lastUnit
		}
		if !part {
			lastPlain = i
		}
	}
	return parent
}

// codedAbove is the nearest line above i printing a classification code,
// stopping at a total line; -1 when none.
func codedAbove(lines []*line, i int) int {
	for j := i - 1; j >= 0; j-- {
		switch l := lines[j]; {
		case isTotalLabel(l.Item):
			return -1
		case l.code() != "" && !l.underCode:
			return j
		}
	}
	return -1
}

// unitParent places a row printing a unit's code under the nearest row
// above whose code its code extends (a department 252 over its units
// 252001 …). Rows printing the same code are not placed by it: two units
// can share one (153002 交通管理支队 | 交通警察支队), and where a unit's
// projects repeat its code the sums place them.
func unitParent(lines []*line, i int) int {
	code := lines[i].unitCode
	for j := i - 1; j >= 0; j-- {
		l := lines[j]
		switch {
		case isTotalLabel(l.Item):
			return -1
		case l.unitCode != "" && len(l.unitCode) < len(code) && strings.HasPrefix(code, l.unitCode):
			return j
		}
	}
	return -1
}

// depthParent is the nearest line above i whose name stands in a column
// left of the first that line i fills, stopping at a total line; or, when
// line i repeats the name of the nearest line in that column (a project
// named again atop a continuation page beside its next item), that line.
func depthParent(lines []*line, i int) int {
	at := lines[i]
	for j := i - 1; j >= 0; j-- {
		switch l := lines[j]; {
		case isTotalLabel(l.Item):
			return -1
		case l.depth > 0 && l.depth < at.from:
			return j
		case at.fromName != "" && l.depth == at.from:
			if l.Label == at.fromName {
				return j
			}
			at = &line{from: at.from} // another group: look above it only
		}
	}
	return -1
}

// isQizhong reports a row printed as part of the row above (其中：…).
func isQizhong(label string) bool {
	return strings.HasPrefix(compact(label), "其中")
}

// codeParent is the nearest line above i whose code the code of line i
// extends, within the same classification.
func codeParent(lines []*line, i int) int {
	code := lines[i].code()
	for j := i - 1; j >= 0; j-- {
		if isTotalLabel(lines[j].Item) {
			return -1
		}
		pc := lines[j].code()
		if pc != "" && len(pc) < len(code) && strings.HasPrefix(code, pc) && lines[j].class == lines[i].class {
			return j
		}
	}
	// an ordinal-numbered line above with no code (一、部门预算 over coded
	// class rows) groups it too
	if lines[i].Level > 0 {
		return ordinalParent(lines, i)
	}
	return -1
}

// ordinalParent is the nearest line above i with a shallower ordinal, or an
// unnumbered line heading the numbered run (上年结转结余 | 一、… 二、…),
// stopping at a total line.
func ordinalParent(lines []*line, i int) int {
	level := lines[i].Level
	for j := i - 1; j >= 0; j-- {
		l := lines[j]
		switch {
		case isTotalLabel(l.Item):
			return -1
		case isQizhong(l.Label):
			continue
		case l.depth > lines[i].depth && lines[i].depth > 0:
			continue // a name in a deeper column heads no numbered run
		case l.Level > 0 && l.Level < level:
			return j
		case l.Level == 0 && l.code() == "":
			if siblingAbove(lines, j, level) {
				continue // a part of the numbered row above (一、财政拨款 | 一般公共预算), not the head of the run
			}
			if j == i-1 || allNumberedBetween(lines, j, i, level) {
				return j
			}
			return -1
		}
	}
	return -1
}

// siblingAbove reports whether a line above j, since the last total, is
// numbered at level: the numbered run began before line j.
func siblingAbove(lines []*line, j, level int) bool {
	for k := j - 1; k >= 0 && !isTotalLabel(lines[k].Item); k-- {
		if lines[k].Level == level {
			return true
		}
	}
	return false
}

// allNumberedBetween reports whether every line strictly between j and i is
// numbered at least as deep as level (the siblings and their children).
func allNumberedBetween(lines []*line, j, i, level int) bool {
	for k := j + 1; k < i; k++ {
		if lines[k].Level < level && !isQizhong(lines[k].Label) {
			return false
		}
	}
	return true
}

// key is a line's amount in the block's first amount column, the one the
// sums are tested on; ok is false when the line prints none there.
func (tr *tableRead) key(l *line, col int) (term, bool) {
	a, ok := amountIn(l, col)
	if !ok {
		return term{}, false
	}
	return termOf(tr, a), true
}

// keyColumn is the block's total column, else its first amount column;
// -1 when it has none.
func keyColumn(s side) int {
	if a, ok := keyAmount(s); ok {
		return a.Col
	}
	return -1
}

// keyAmount is the column keyColumn names.
func keyAmount(s side) (colInfo, bool) {
	for _, a := range s.Amounts {
		if a.Column == dataset.Total {
			return a, true
		}
	}
	if len(s.Amounts) > 0 {
		return s.Amounts[0], true
	}
	return colInfo{}, false
}

// arithmeticParents places the lines structure left unplaced by the sums
// the table promises: the lines under a top total (合计) must add up to it,
// and a table without one may open with a row covering all the others (a
// unit's row, a 项目类型 row). It records the parents it finds in kids and
// returns the index of a first line found to be the table's total, or -1.
func (tr *tableRead) arithmeticParents(lines []*line, parent, kids []int, fixed []bool) int {
	if len(lines) < 2 {
		return -1
	}
	s := tr.Layout.Sides[lines[0].Side]
	col := keyColumn(s)
	if col < 0 || !hasUnplaced(lines, fixed) {
		return -1
	}
	start, top := 0, -1
	var target term
	switch t, ok := tr.key(lines[0], col); {
	case !ok:
		return -1
	case isTotalLabel(lines[0].Item):
		start, target = 1, t
	case !fixed[0] && lines[0].Level == 0 && !anyTotal(lines):
		start, target = 1, t
		if !tr.projectNames(s) {
			// a row covering the whole table with no 合计 above it is
			// the table's total (CONVENTIONS 4, P6); under a 项目名称
			// header it is the unit's own subtotal row (SCHEMA row_kind)
			top = 0
		}
	case anyTotal(lines):
		// the rows above a total at the foot of the block (一、… 二、… |
		// 本年收入合计) add up to it
		e := 0
		for e < len(lines) && !isTotalLabel(lines[e].Item) {
			e++
		}
		if t, ok := tr.key(lines[e], col); ok && e > 0 {
			// where no reading adds up the total is still checked against
			// the rows as structure places them (a document whose rows do
			// not reach its total says so in checks.csv)
			tr.parseRun(lines, 0, e, -1, t, parent, kids, fixed, false)
		}
		return -1
	default:
		return -1
	}
	end := start
	for end < len(lines) && !isTotalLabel(lines[end].Item) {
		end++
	}
	head := -1 // the line the run adds up to
	if !isTotalLabel(lines[0].Item) {
		head = 0
	}
	if tr.parseRun(lines, start, end, head, target, parent, kids, fixed, true) < 0 && top == 0 {
		return -1
	}
	return top
}

// parseRun places the lines from start to end by the sums that make them
// add up to target, under line head (-1: directly under the total); it
// returns -1 when no reading adds up, and then marks the block uncertain
// if asked to.
func (tr *tableRead) parseRun(lines []*line, start, end, head int, target term, parent, kids []int, fixed []bool, uncertain bool) int {
	col := keyColumn(tr.Layout.Sides[lines[0].Side])
	atoms := tr.atoms(lines[start:end], parent[start:end], fixed[start:end], start, col)
	tree, ok := parseSumTree(atoms, target)
	if !ok {
		// the rows do not add up under any reading: their hierarchy is not
		// known, and a total over them is not checked against a guess
		if uncertain {
			tr.uncertain = append(tr.uncertain, lines[0].Side)
		}
		return -1
	}
	for child, p := range tree {
		switch {
		case p >= 0:
			kids[atoms[p].index]++
			parent[atoms[child].index] = atoms[p].index
		case head >= 0:
			kids[head]++
			parent[atoms[child].index] = head
		}
	}
	return 0
}

// projectNames reports a block whose label column lists projects by name
// (项目名称).
func (tr *tableRead) projectNames(s side) bool {
	lab := s.label()
	if lab < 0 {
		return false
	}
	for _, p := range tr.Layout.Cols[lab].Path {
		if strings.Contains(p, "项目名称") {
			return true
		}
	}
	return false
}

// anyTotal reports a block with a total-labelled line (本年收入合计 at the
// foot of a summary side): its first line is then not the total.
func anyTotal(lines []*line) bool {
	for _, l := range lines {
		if isTotalLabel(l.Item) {
			return true
		}
	}
	return false
}

func hasUnplaced(lines []*line, fixed []bool) bool {
	for i, l := range lines {
		if !fixed[i] && l.Level == 0 && !isTotalLabel(l.Item) && len(l.Amounts) > 0 {
			return true
		}
	}
	return false
}

// atoms are the units the sums are parsed over: every line, where a line
// placed by structure under another line of the run is folded into it.
func (tr *tableRead) atoms(lines []*line, parent []int, fixed []bool, offset, col int) []sumAtom {
	var out []sumAtom
	for i, l := range lines {
		if p := parent[i]; p >= offset && p-offset < len(lines) {
			continue // a structural child: summed by its parent
		}
		a := sumAtom{index: offset + i}
		a.value, a.present = tr.key(l, col)
		a.fixed = fixed[i] || isQizhong(l.Label)
		a.level = l.Level
		out = append(out, a)
	}
	return out
}

// sumAtom is one line (with its structural children) in a sum-tree parse.
type sumAtom struct {
	index   int  // the line's index in its block
	value   term // its key amount
	present bool // the line prints a key amount
	fixed   bool // placed by structure: it may be a child, never an arithmetic parent
	level   int  // its ordinal level (一、 is 1), 0 when unnumbered
}
