package transform

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// line is one side of one body row, read: its label, codes and amounts.
type line struct {
	Row         int // 1-based body row
	Page        string
	Label       string // as printed, compacted, its code split off
	Item        string // CleanItem(Label)
	Code        string // the first classification code printed on the row
	Level       int    // ordinal level of the label (一、=1 …), 0 when none
	Amounts     []cellAmount
	Side        int
	Table       dataset.TableID // set when the cell belongs to another table (机关运行经费 in a 三公 table)
	Flow        dataset.Flow
	Kind        dataset.RowKind
	FuncCode    string
	EconCode    string
	GovEconCode string
	Source      dataset.CodeSource // code_source
	SubUnit     string             // the unit of a memo row in a table listed by unit (B4)
	reprint     bool               // a total or carry row printed again in a further block: not a fact
	carry       bool               // under the total that closes its side (结转下年): not a part of it
	spill       string             // the end of the row above's label, printed in this row's cell
	parent      *line              // the row this one is a part of (hierarchy.go), nil at the top
	top         bool               // the first row, found to cover the whole table
	class       classKind          // the classification of Code
	// depth is the column of the row's name among a chain of name columns
	// (1 the first), from the first it fills; 0 when the table has one.
	depth, from int
	fromName    string // the name in column from, when the row is named deeper
	// chain marks a row of a table of chained name columns; className is
	// the name it prints in a classification's column there (经济科目), the
	// one its code is looked up by, not its label (a project's name).
	chain     bool
	className string
	unitCode  string // the code printed in a 单位编码 column (252, 252001)
	// underCode marks a row named only in a plain name column right of a
	// coded classification (项目名称 beside 功能分类科目): an item of the
	// coded row above it, whose code it takes
	underCode bool
	serial    string // the text of the side's 序号 column
	// noCodes are the digits printed in code columns that form no code
	// (20310 | 02: a quantity run into its 类), kept for a warning
	noCodes []string
}

// code is the line's classification code that places it in its table's
// hierarchy: the first one printed (or looked up).
func (l *line) code() string {
	switch {
	case l.class == classFunc || (l.class == classNone && l.FuncCode != ""):
		return l.FuncCode
	case l.class == classEcon || (l.class == classNone && l.EconCode != ""):
		return l.EconCode
	}
	return l.GovEconCode
}

// setCode records a code of class c, published or looked up by name.
func (l *line) setCode(c classKind, code string, src dataset.CodeSource) {
	switch c {
	case classFunc:
		l.FuncCode = code
	case classEcon:
		l.EconCode = code
	case classGovEcon:
		l.GovEconCode = code
	default:
		return
	}
	if l.class == classNone {
		l.class = c
	}
	if l.Source == "" || src == dataset.CodePublished {
		l.Source = src
	}
}

type cellAmount struct {
	Col    colInfo
	Text   string
	Amount Amount
	Err    error
}

// tableRead is a table read into lines, with the problems met.
type tableRead struct {
	split     map[[2]int]*[3]string // the last split code parts printed, by block and slot
	uncertain []int                 // blocks whose rows' hierarchy the sums could not settle
	Raw       *RawTable
	Unit      dataset.Unit // the table's unit, or the document's when it prints none
	Layout    layout
	Lines     []*line
	Checks    []dataset.Check // not_a_number, unknown_header, unknown_code
	// transposed marks a table read with items as columns.
	transposed bool
}

var ordinalRe = regexp.MustCompile(`^(?:([一二三四五六七八九十百]+)[、.．]|[（(]([一二三四五六七八九十]+)[)）]|([0-9]+)[.．、](?:[^0-9]|$)|[（(]([0-9]+)[)）]|([①-⑳]))`)

// ordinalLevel is the depth of a label's ordinal prefix: 一、 is 1,
// （一） 2, 1. 3, （1） 4, ① 5; 0 without one.
func ordinalLevel(label string) int {
	s := strings.TrimPrefix(strings.TrimPrefix(compact(label), "其中："), "其中:")
	m := ordinalRe.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	for i := 1; i <= 5; i++ {
		if m[i] != "" {
			return i
		}
	}
	return 0
}

// isTotalLabel reports a row label that totals its table or side
// (vocab.go: totalEndings, sideTotalLabels).
func isTotalLabel(item string) bool {
	return endsTotal(item) || sideTotalLabels[compact(item)]
}

// endsTotal reports a label that ends with 合计 or 总计 (vocab.go:
// totalEndings).
func endsTotal(item string) bool {
	s := compact(item)
	for _, e := range totalEndings {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

// readTable reads the body rows of a table into lines. docUnit is the unit
// of a table that declares none.
func readTable(t *RawTable, docUnit dataset.Unit, year int) *tableRead {
	tr := &tableRead{Raw: t, Unit: t.Unit, Layout: buildLayout(t, year)}
	if tr.Unit == dataset.NoUnit {
		tr.Unit = docUnit
	}
	if itemsAsColumns(t, tr.Layout) {
		tr.readTransposed(year)
		tr.transposed = true
		return tr
	}
	n := 0
	groups := make([]string, len(tr.Layout.Sides))
	for _, b := range t.Body {
		if rowText(b.Row) == "" {
			continue
		}
		n++
		for si := range tr.Layout.Sides {
			if l := tr.readSide(si, b, n, &groups[si]); l != nil {
				tr.Lines = append(tr.Lines, l)
			}
		}
	}
	tr.labelLoneRow()
	tr.serialLevels()
	tr.joinSpills()
	tr.markReprints()
	tr.stackedSides()
	return tr
}

// stackedSides gives their flows to the rows of a summary printed in one
// block, its income rows above its expense rows (项目 | 预算数: 一、收入 …
// 本年收入合计, then 二、支出 … 本年支出合计): the rows after the income
// total are expense from the first that names 支出. Only a block that
// prints both totals is read so.
func (tr *tableRead) stackedSides() {
	id := tr.Raw.ID
	if id != dataset.Summary && id != dataset.FiscalSummary || len(tr.Layout.Sides) != 1 {
		return
	}
	incomeTotal, expenseTotal := -1, -1
	for i, l := range tr.Lines {
		switch s := compact(l.Item); {
		case isTotalLabel(s) && strings.Contains(s, "收入") && incomeTotal < 0:
			incomeTotal = i
		case isTotalLabel(s) && strings.Contains(s, "支出") && incomeTotal >= 0:
			expenseTotal = i
		}
	}
	if incomeTotal < 0 || expenseTotal < 0 {
		return
	}
	// the expense rows are a side of their own, as in a 收 | 支 table, so
	// that each side's sums stay within it
	expense := tr.Layout.Sides[0]
	expense.Flow = dataset.FlowExpense
	tr.Layout.Sides = append(tr.Layout.Sides, expense)
	tr.Layout.Sides[0].Flow = dataset.FlowIncome
	side := 0
	for i, l := range tr.Lines {
		if i > incomeTotal && side == 0 && strings.Contains(l.Item, "支出") {
			side = 1
		}
		l.Side, l.Flow = side, tr.Layout.Sides[side].Flow
	}
}

// joinSpills gives the end of a wrapped name back to the row above it on
// the same side (其他城乡社区公共设施 + 支出).
func (tr *tableRead) joinSpills() {
	last := map[int]*line{}
	for _, l := range tr.Lines {
		if p := last[l.Side]; l.spill != "" && p != nil {
			p.Label += l.spill
			p.Item = CleanItem(p.Label)
		}
		last[l.Side] = l
	}
}

// markReprints marks what a memo block prints again of the first expense
// block: its totals (本年支出合计, 支出总计 in every block of a 4-block
// summary) and the carry rows between them (结转下年, 未安排支出的实户资金),
// one fact each, from the first expense block (CONVENTIONS X3). A total only
// a memo block prints (当年支出小计 spanning the blocks, its figure in the
// last) stays, and so does a memo block's own top row (一、部门预算).
func (tr *tableRead) markReprints() {
	tr.markCarries()
	totals := map[string]bool{}  // the first expense block's totals
	carried := map[string]bool{} // and its carry rows
	for _, l := range tr.Lines {
		if s := tr.Layout.Sides[l.Side]; s.Memo || s.Flow != dataset.FlowExpense || len(l.Amounts) == 0 {
			continue
		}
		if isTotalLabel(l.Item) {
			totals[l.Item] = true
		} else if l.carry {
			carried[l.Item] = true
		}
	}
	for _, l := range tr.Lines {
		if !tr.Layout.Sides[l.Side].Memo {
			continue
		}
		if isTotalLabel(l.Item) {
			l.reprint = totals[l.Item]
		} else if l.carry && carried[l.Item] && l.FuncCode == "" && l.EconCode == "" && l.GovEconCode == "" {
			l.reprint = true
		}
	}
}

// markCarries marks the rows of a summary's side printed under a total that
// closes the side's rows (结转下年 under 本年支出合计): not parts of it.
func (tr *tableRead) markCarries() {
	if len(tr.Layout.Sides) < 2 {
		return
	}
	opened := map[int]bool{}
	closed := map[int]bool{}
	for _, l := range tr.Lines {
		switch {
		case isTotalLabel(l.Item):
			closed[l.Side] = closed[l.Side] || opened[l.Side]
		case closed[l.Side] && l.Item != "":
			l.carry = true
		}
		opened[l.Side] = true
	}
}

// labelLoneRow names the one body row of a table printed without a label
// column (the Jiangsu 支出预算总表: 合计 | 基本支出 | 项目支出 | … over one
// row of amounts): it is the table's total.
func (tr *tableRead) labelLoneRow() {
	if len(tr.Lines) != 1 {
		return
	}
	l := tr.Lines[0]
	s := tr.Layout.Sides[l.Side]
	if len(s.Slots) > 0 || l.Label != "" || len(l.Amounts) == 0 {
		return
	}
	l.Label, l.Item, l.Kind = "合计", "合计", dataset.KindTotal
}

// readSide reads one side of body row b (the n-th); group holds the side's
// last group label, for tables with two label columns.
func (tr *tableRead) readSide(si int, b BodyRow, n int, group *string) *line {
	s := tr.Layout.Sides[si]
	l := &line{Row: n, Page: b.Page, Side: si, Flow: s.Flow}
	named := -1 // the slot the label comes from
	for i, sl := range s.Slots {
		t := readSlot(b.Row, sl, tr.lastSplit(si, i))
		code, name := t.code, t.name
		if t.noCode != "" {
			l.noCodes = append(l.noCodes, t.noCode)
		}
		if t.spill != "" && i == 0 {
			l.spill = t.spill
		}
		if t.overEnd != "" {
			if named < 0 || named != i-1 || s.Slots[named].label != sl.code-1 {
				code = "" // no name beside the code column the characters could end
			} else {
				l.Label += t.overEnd
			}
		}
		if i == 0 || l.Label == "" {
			l.Label = name
			if name != "" {
				named = i
			}
		}
		if code == "" {
			continue
		}
		if l.Code == "" {
			l.Code = code
		}
		if c := classOfCode(code); c != classNone {
			l.setCode(c, code, dataset.CodePublished)
		}
	}
	if named >= 0 {
		l.takeTrailingCode(s, s.Slots[named].class)
	}
	if n, code, ok := tr.codeInSerial(b.Row, si); ok && l.Code == "" {
		l.serial, l.Code = n, code // 2 301: the row's number and its code, the columns not ruled apart
		if c := classOfCode(code); c != classNone {
			l.setCode(c, code, dataset.CodePublished)
		}
	}
	if named > 0 && l.Code == "" && s.Slots[0].hasCode() && s.Slots[0].class != classNone &&
		s.Slots[named].class == classNone && !s.Slots[named].hasCode() {
		l.underCode = true
	}
	if lab := s.label(); lab >= 0 && l.Label == "" {
		l.Label = labelFromLeft(b.Row, lab)
	}
	if names := s.nameCols(); names != nil {
		chainLabel(b.Row, names, s.classNameDepths(names), l, group)
		if l.Label == "" {
			tr.unnamedLink(b.Row, si, len(names), l)
		}
	} else if s.SubLabel >= 0 {
		l.Label, l.Kind = twoLevelLabel(l.Label, compact(b.Text(s.SubLabel)), group)
	}
	if l.Label == "" {
		l.Label = spanningLabel(b.Row, s)
	}
	if l.Label == "" && len(tr.Layout.Sides) == 1 {
		l.Label = totalBeside(b.Row, s)
	}
	if n, kind := tr.runIn(si, b.Row); n != "" && strings.HasPrefix(l.Label, n) {
		l.Label = strings.TrimSpace(l.Label[len(n):])
		if kind == ignoredSerial {
			l.serial = n
		} else {
			l.unitCode = n
		}
	}
	if lead := tr.overflowLeft(b.Row, si, named); lead != "" && l.Label != "" {
		l.Label = lead + l.Label
	}
	l.Item = CleanItem(l.Label)
	l.Level = ordinalLevel(l.Label)
	if s.Memo && l.Kind == "" && !isTotalLabel(l.Item) {
		l.Kind = dataset.KindMemo
	}
	texts, spilled := spreadMerged(b.Row, s)
	if l.Label == "" && spilled != "" {
		l.Label = spilled
		l.Item, l.Level = CleanItem(l.Label), ordinalLevel(l.Label)
		spilled = ""
	}
	if l.Label != "" && len(s.Amounts) > 0 {
		first := s.Amounts[0].Col
		if spilled != "" && leftmostAmount(s) {
			// spread apart from its figure; the end of the label all the same
			// (其他社会保障和就业支 | 出 1090.22)
			texts[first] = spilled + texts[first]
		}
		if end, num, ok := labelOverflow(texts[first]); ok {
			texts[first] = num
			l.Label += end
			l.Item = CleanItem(l.Label)
		}
	}
	for _, c := range s.Amounts {
		text := texts[c.Col]
		a, err := ParseAmount(text)
		if err == nil && a.Blank {
			continue
		}
		if cell, _ := b.Cell(c.Col); cell.Problem != "" {
			err = errors.New(cell.Problem)
		}
		l.Amounts = append(l.Amounts, cellAmount{Col: c, Text: text, Amount: a, Err: err})
	}
	tr.unknownColumns(s, texts, l)
	if t := compact(tr.ignoredText(b.Row, si, ignoredUnitCode)); l.unitCode == "" && len(t) <= unitCodeDigits && allDigits(t) {
		l.unitCode = t
	}
	if t := tr.ignoredText(b.Row, si, ignoredSerial); l.serial == "" && !strings.ContainsAny(t, " \t") {
		l.serial = t // one token: not a number run together with a code beside it (2 205)
	}
	if l.Label == "" && l.Code == "" && len(l.Amounts) == 0 {
		return nil
	}
	return l
}

// widerFigures gives a figure whose cell starts left of the amount columns
// and spans over one of them (合 计 | 1,024,807.171785 over the blank 部门经济
// column and the 合计 column: a figure wider than its column, printed
// right-aligned, reaches into the column left of it) to the rightmost amount
// column it covers, when that one is blank.
func widerFigures(r extract.Row, cols []int, texts map[int]string) {
	for _, c := range r.Cells {
		if c.Span < 2 || slices.Contains(cols, c.Col) || !LooksLikeAmount(c.Text) {
			continue
		}
		for col := c.Col + c.Span - 1; col > c.Col; col-- {
			if t, ok := texts[col]; ok {
				if t == "" {
					texts[col] = c.Text
				}
				break
			}
		}
	}
}

// spreadMerged returns the texts of a side's amount columns on row r. A
// cell holding several numbers where the cells right of it are blank is
// the text of those cells run together (a grid whose text touches its
// rules: 936647884.3 43536866.11): each number goes to its column, and a
// label run into the first of them (合计 936647884.3 …) is returned.
func spreadMerged(r extract.Row, s side) (map[int]string, string) {
	cols := make([]int, 0, len(s.Amounts)+len(s.Unknowns))
	for _, c := range s.Amounts {
		cols = append(cols, c.Col)
	}
	for _, c := range s.Unknowns {
		cols = append(cols, c.Col)
	}
	slices.Sort(cols)
	texts := map[int]string{}
	for _, col := range cols {
		texts[col] = r.Text(col)
	}
	widerFigures(r, cols, texts)
	label := ""
	for i, col := range cols {
		parts := strings.Fields(texts[col])
		if len(parts) < 2 {
			continue
		}
		lead := ""
		if kindOf(parts[0]) != cellNumber && i == 0 && hasHan(parts[0]) {
			lead, parts = parts[0], parts[1:]
		}
		if !allNumbers(parts) || i+len(parts) > len(cols) || !blankAfter(texts, cols[i+1:i+len(parts)]) {
			continue
		}
		label = lead
		for k, p := range parts {
			texts[cols[i+k]] = p
		}
	}
	return texts, label
}

// leftmostAmount reports whether the side's first amount column is left of
// its unexplained ones, so that text spread from the first of them
// (spreadMerged) was printed in the amount cell beside the label.
func leftmostAmount(s side) bool {
	for _, c := range s.Unknowns {
		if c.Col < s.Amounts[0].Col {
			return false
		}
	}
	return true
}

func allNumbers(parts []string) bool {
	for _, p := range parts {
		if k := kindOf(p); k != cellNumber && k != cellCode {
			return false
		}
	}
	return true
}

func blankAfter(texts map[int]string, cols []int) bool {
	for _, c := range cols {
		if strings.TrimSpace(texts[c]) != "" {
			return false
		}
	}
	return true
}

// unknownColumns keeps amounts under headers that matched no canonical id as
// raw columns, so nothing printed is dropped.
func (tr *tableRead) unknownColumns(s side, texts map[int]string, l *line) {
	for _, c := range s.Unknowns {
		text := texts[c.Col]
		a, err := ParseAmount(text)
		if err != nil || a.Blank {
			continue
		}
		l.Amounts = append(l.Amounts, cellAmount{Col: c, Text: text, Amount: a})
	}
}
