package transform

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

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
	tr := &tableRead{Raw: t, Unit: t.Unit, Layout: buildLayout(t)}
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
	return tr
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
		code, name, spill, noCode := readSlot(b.Row, sl, tr.lastSplit(si, i))
		if noCode != "" {
			l.noCodes = append(l.noCodes, noCode)
		}
		if spill != "" && i == 0 {
			l.spill = spill
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
	if n, kind := tr.runIn(si, b.Row); n != "" && strings.HasPrefix(l.Label, n) {
		l.Label = strings.TrimSpace(l.Label[len(n):])
		if kind == ignoredSerial {
			l.serial = n
		} else {
			l.unitCode = n
		}
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
	}
	if l.Label != "" && len(s.Amounts) > 0 {
		first := s.Amounts[0].Col
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
		if kindOf(parts[0]) != cellNumber && i == 0 && label == "" && hasHan(parts[0]) {
			label, parts = parts[0], parts[1:]
		}
		if !allNumbers(parts) || i+len(parts) > len(cols) || !blankAfter(texts, cols[i+1:i+len(parts)]) {
			continue
		}
		for k, p := range parts {
			texts[cols[i+k]] = p
		}
	}
	return texts, label
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

// lastSplit holds the split code parts last printed in a block's slot.
func (tr *tableRead) lastSplit(side, slot int) *[3]string {
	if tr.split == nil {
		tr.split = map[[2]int]*[3]string{}
	}
	k := [2]int{side, slot}
	if tr.split[k] == nil {
		tr.split[k] = &[3]string{}
	}
	return tr.split[k]
}

// readSlot reads one classification of a row: its code (a code column,
// split 类|款|项 columns joined, or the code of a code-name cell) and its
// name; noCode is the text of split code columns whose digits form no
// code.
func readSlot(r extract.Row, sl slot, last *[3]string) (code, name, spill, noCode string) {
	code, noCode = readCode(r, sl, last)
	if sl.label >= 0 {
		name = compact(r.Text(sl.label))
	}
	if m := spillRe.FindStringSubmatch(name); m != nil {
		// 支出2120803-城市建设支出: the end of the row above's wrapped name
		// printed before this row's code
		spill, name = m[1], name[len(m[1]):]
	}
	if c, n, ok := splitCodeName(name); ok && !sl.units {
		name = n
		if code == "" {
			code = c
		}
	}
	if c, n, ok := splitCodeName(code); ok {
		code = c
		if name == "" {
			name = n
		}
	}
	if code != "" && !codeRe.MatchString(code) {
		if name == "" {
			name = code // a label printed in the code column (合计 across 类|款|项)
		}
		code = ""
	}
	return code, name, spill, noCode
}

// takeTrailingCode moves a code printed at the end of the line's label to
// the classification it belongs to, when the side has a code column for it
// that is blank on this row and the label's own classification is another
// (30215 | 会议费50202 | | 会议费: the 部门经济 name run into the 政府经济 code,
// the columns not ruled apart).
func (l *line) takeTrailingCode(s side, own classKind) {
	m := trailingCodeRe.FindStringSubmatch(l.Label)
	if m == nil {
		return
	}
	c := classOfCode(m[2])
	if c == classNone || c == own || l.codeOf(c) != "" {
		return
	}
	for _, sl := range s.Slots {
		if sl.class == c && sl.hasCode() {
			l.setCode(c, m[2], dataset.CodePublished)
			if l.Code == "" {
				l.Code = m[2]
			}
			l.Label = m[1]
			return
		}
	}
}

// trailingCodeRe matches a name followed by a classification code.
var trailingCodeRe = regexp.MustCompile(`^(.*\p{Han}[）)]?)\s*([0-9]{3}(?:[0-9]{2}){0,2})$`)

// spillRe matches a code-name cell that starts with a few characters of the
// wrapped name of the row above (支出2120803-城市建设支出).
var spillRe = regexp.MustCompile(`^(\p{Han}{1,6})[0-9]{3}(?:[0-9]{2}){0,2}[-－—]\p{Han}`)

// labelFromLeft returns the text of a cell that starts left of column col
// and spans over it: a total label printed across the blocks of a
// three-block summary (当年支出小计 over 功能分类 and 支出用途).
func labelFromLeft(r extract.Row, col int) string {
	for _, c := range r.Cells {
		if c.Col < col && col < c.Col+c.Span && !LooksLikeAmount(c.Text) {
			return compact(c.Text)
		}
	}
	return ""
}

// twoLevelLabel reads a label printed in two columns, group | sub-item (the
// Jiangsu 收入预算总表): the sub-item names the row, a 小计 takes its
// group's name and is a subtotal, and a label spanning both columns (收入总计)
// stands for itself. group is the last group seen on this side.
func twoLevelLabel(main, sub string, group *string) (label string, kind dataset.RowKind) {
	if main != "" {
		*group = main
	}
	switch {
	case sub == "":
		return main, ""
	case sub == "小计" && *group != "":
		return *group, dataset.KindSubtotal
	}
	return sub, ""
}

// overflowAmountRe is what an overflowing cell holds once the label's
// characters are taken out: one amount.
var overflowAmountRe = regexp.MustCompile(`^-?[0-9][0-9,]*(?:\.[0-9]+)?$`)

// labelOverflow splits the text of a block's first amount cell when a
// label too long for its narrow column ran on into it (对事业单位经常性补 |
// 助1839311.66, Xi'an): the characters go back to the label and the rest
// is the amount. The characters may be printed over the digits, and then
// come out between them (服务保 | 障中18心39311.66: 障中心 and 1839311.66;
// 基本建 | 0设.0)0: 设) and 0.00). At most four (eight when they are
// printed over the figure from its first digit: 专项资金列入 |
// 0部.0门0预算的项目), not an amount in brackets
// ((1,234.00) is negative), and not all after the digits: a unit or a note
// printed after an amount (1,234.00元) is no label's end.
func labelOverflow(text string) (end, amount string, ok bool) {
	s := compact(text)
	var chars, digits strings.Builder
	n, han, before := 0, false, false // characters, one of them Han, one before the last digit
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || strings.ContainsRune("（）()", r):
			chars.WriteRune(r)
			n++
			han = han || unicode.Is(unicode.Han, r)
		default:
			digits.WriteRune(r)
			before = before || n > 0
		}
	}
	bracketed := !han && (strings.HasPrefix(s, "(") || strings.HasPrefix(s, "（"))
	over := s != "" && s[0] >= '0' && s[0] <= '9' // printed over the figure from its first digit on
	if n == 0 || n > 4 && !(over && n <= 8) || bracketed || !before || !overflowAmountRe.MatchString(digits.String()) {
		return "", "", false
	}
	return chars.String(), digits.String(), true
}

// chainLabel names a row of a table whose names run over several columns
// from general to specific (names, left to right): the row is its most
// specific name (CONVENTIONS X8: the 采购项目 text), at the depth of the
// column that holds it, and under the nearest row above printed in a column
// left of the leftmost it fills (a row naming a project and an item is an
// item of that project, whose own row is not printed). 小计 in a deeper
// column is the subtotal of the group in the first.
func chainLabel(r extract.Row, names []int, classDepths map[int]int, l *line, group *string) {
	from, to := -1, -1
	for i, col := range names {
		if compact(r.Text(col)) != "" {
			if from < 0 {
				from = i
			}
			to = i
		}
	}
	l.chain = true
	for col, d := range classDepths {
		if t := compact(r.Text(col)); t != "" {
			l.className = t
		}
		if compact(r.Text(col)) != "" && (from < 0 || d-1 < from) {
			l.from = d // the row's own name is the classification's (its slot gave the label)
			if to < 0 {
				l.depth = d
			}
		}
	}
	if to < 0 {
		return
	}
	text := compact(r.Text(names[to]))
	if from == 0 {
		*group = compact(r.Text(names[0]))
	}
	if to > 0 && text == "小计" && *group != "" {
		l.Label, l.Kind = *group, dataset.KindSubtotal
		return
	}
	l.Label, l.depth = text, to+1
	if l.from == 0 || from+1 < l.from {
		l.from = from + 1
	}
	if from < to {
		l.fromName = compact(r.Text(names[from]))
	}
}

// ignoredText is the trimmed text on row r of the side's first column of
// the kind (单位编码, 序号), a column not read as data.
func (tr *tableRead) ignoredText(r extract.Row, si int, kind ignoredKind) string {
	for _, c := range tr.Layout.Cols {
		if c.Side == si && c.m.ignored == kind {
			if t := strings.TrimSpace(r.Text(c.Col)); t != "" {
				return t
			}
		}
	}
	return ""
}

// codeInSerial reads a 序号 cell that holds the row's number and then a
// code (2 301) where the side's first classification has a code column of
// its own: the code was printed into the number's column, not ruled apart.
func (tr *tableRead) codeInSerial(r extract.Row, si int) (string, string, bool) {
	s := tr.Layout.Sides[si]
	if len(s.Slots) == 0 || !s.Slots[0].hasCode() {
		return "", "", false
	}
	n, code, ok := leadingNumber(tr.ignoredText(r, si, ignoredSerial), serialDigits)
	if !ok || !codeRe.MatchString(code) {
		return "", "", false
	}
	return n, code, true
}

// The longest numbers a 序号 and a 单位编码 column print.
const (
	serialDigits   = 4
	unitCodeDigits = 12
)

// leadingNumber splits text into the number of at most longest digits it
// starts with and the words after the space that follows it (2 301,
// 204001 西安市社会科学院); ok is false when text does not start so or
// nothing follows.
func leadingNumber(text string, longest int) (n, rest string, ok bool) {
	n, rest, ok = strings.Cut(strings.TrimSpace(text), " ")
	rest = strings.TrimSpace(rest)
	if !ok || !allDigits(n) || len(n) > longest || rest == "" {
		return "", "", false
	}
	return n, rest, true
}

// runIn is the text of a not-data column printed at the front of a row's
// label cell when the side's label column is headed by that column's word
// too (序号 over 项目: 1 一、部门预算; 单位编码 单位名称: 204001 西安市社会科学院):
// the columns were not ruled apart. It must be a number standing apart
// from the words by a space, so a label that begins with a figure
// (2026年…) keeps it.
func (tr *tableRead) runIn(si int, r extract.Row) (string, ignoredKind) {
	lab := tr.Layout.Sides[si].label()
	if lab < 0 || tr.Layout.Cols[lab].m.runIn == ignoredPlain {
		return "", ignoredPlain
	}
	kind, longest := tr.Layout.Cols[lab].m.runIn, unitCodeDigits
	if kind == ignoredSerial {
		longest = serialDigits
	}
	n, _, ok := leadingNumber(r.Text(lab), longest)
	if !ok {
		return "", ignoredPlain
	}
	return n, kind
}

// serialLevels takes the ordinals of a 序号 column as the rows' levels when
// its numbers are ordinals, not a count of the rows: some are Chinese
// numerals or bracketed (一 | 1 | 2 | 二 | 1 …), or the numbering starts
// again from 1 within a page (a count may start again on each page).
// A row whose label prints an ordinal keeps that one.
func (tr *tableRead) serialLevels() {
	for si := range tr.Layout.Sides {
		var lines []*line
		ordinals, prev, page := false, -1, ""
		for _, l := range tr.Lines {
			if l.Side != si || l.serial == "" || isTotalLabel(l.Item) {
				continue
			}
			lines = append(lines, l)
			n, err := strconv.Atoi(l.serial)
			switch {
			case err != nil:
				ordinals = ordinals || serialLevel(l.serial) > 0
			case n == 1 && prev >= 1 && l.Page == page:
				ordinals = true // numbered again from 1 on one page, not a count kept per page
			default:
				prev, page = n, l.Page
			}
		}
		if !ordinals {
			continue
		}
		for _, l := range lines {
			if l.Level == 0 {
				l.Level = serialLevel(l.serial)
			}
		}
	}
}

// serialLevel is the level of an ordinal printed alone in a 序号 cell: 一 as
// 一、, 1 as 1., bracketed ones as printed; 0 for anything else.
func serialLevel(s string) int {
	if n := ordinalLevel(s); n > 0 {
		return n
	}
	switch {
	case strings.Trim(s, "0123456789") == "":
		return ordinalLevel(s + ".")
	case strings.Trim(s, "一二三四五六七八九十") == "":
		return ordinalLevel(s + "、")
	}
	return 0
}

// unnamedLink labels a row of a chain of names that fills none of them
// but a text column beside them (分散自行组织 | 20.00 under a project, its
// item's name not printed): the row is an item of the group above, named by
// that text, so that its amount is neither without a label nor outside its
// group's sum.
func (tr *tableRead) unnamedLink(r extract.Row, si, depth int, l *line) {
	for _, c := range tr.Layout.Cols {
		if c.Side != si || c.Role != RoleIgnore {
			continue
		}
		if t := compact(r.Text(c.Col)); t != "" && !LooksLikeAmount(t) {
			l.Label, l.depth, l.from = t, depth, depth
			return
		}
	}
}

// spanningLabel finds a label printed across the code columns of a side
// (合计 over 类|款|项), where the label column itself is blank.
func spanningLabel(r extract.Row, s side) string {
	for _, sl := range s.Slots {
		for _, col := range append([]int{sl.code}, sl.split[:]...) {
			if col < 0 {
				continue
			}
			if t := compact(r.Text(col)); t != "" && !codeRe.MatchString(t) && !isCodePart(t) {
				return t
			}
		}
	}
	return ""
}

func isCodePart(t string) bool {
	switch len(t) {
	case 1:
		return t[0] >= '0' && t[0] <= '9'
	case 2:
		return t[0] >= '0' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9'
	}
	return false
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

// readCode reads the printed classification code of a slot: one code
// column, or split 类|款|项 columns joined (208 05 05 → 2080505). Split
// columns whose 类 is not three digits though a 款 or 项 follows it form
// no code (20310 | 02, a quantity run into the 类 of a table without
// rules): the code is "" and noCode their text.
func readCode(r extract.Row, sl slot, last *[3]string) (code, noCode string) {
	if sl.code >= 0 {
		return compact(r.Text(sl.code)), ""
	}
	var parts [3]string
	for i, col := range sl.split {
		if col < 0 {
			continue
		}
		part := compact(r.Text(col))
		if i > 0 && len(part) == 1 && part[0] >= '0' && part[0] <= '9' {
			// 款 and 项 are two digits; a sheet that stored them as
			// numbers prints 02 as 2.
			part = "0" + part
		}
		parts[i] = part
	}
	inheritSplit(&parts, last)
	if allDigits(parts[0]) && len(parts[0]) != 3 && (allDigits(parts[1]) || allDigits(parts[2])) {
		return "", strings.Join(slices.DeleteFunc(parts[:], func(p string) bool { return p == "" }), " | ")
	}
	return parts[0] + parts[1] + parts[2], ""
}

// inheritSplit fills the 类 (and 款) a split code leaves blank below the row
// that printed them (201 | | 信访事务 … | 40 | 信访事务: 20140), and
// remembers the parts printed.
func inheritSplit(parts, last *[3]string) {
	for i := range parts {
		if !allDigits(parts[i]) && parts[i] != "" {
			return // a label across the code columns (合计)
		}
	}
	if parts[0] == "" && (parts[1] != "" || parts[2] != "") {
		parts[0] = last[0]
		if parts[1] == "" && parts[2] != "" {
			parts[1] = last[1]
		}
	}
	if parts[0] != "" {
		if parts[0] != last[0] || parts[1] == "" {
			last[1] = ""
		}
		last[0] = parts[0]
	}
	if parts[1] != "" {
		last[1] = parts[1]
	}
}
