package transform

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// colInfo is what the header block and the body cells say about one column.
type colInfo struct {
	Col    int
	Role   Role
	Column dataset.Column // for amounts
	Class  classKind      // for code and label columns
	Path   []string       // header texts, top to bottom
	Side   int            // the block the column belongs to
	m      colMeaning
}

// slot is one classification printed on a row: its code (one column, split
// 类|款|项 columns, or the code part of a code-name cell) and its name. A row
// may print several (功能 | 部门经济 | 政府经济); the first slot's name is
// the row's item (CONVENTIONS B2).
type slot struct {
	class classKind
	code  int    // the code column; -1 when none
	split [3]int // split 类, 款, 项 columns; -1 when absent
	label int    // the name column; -1 when none
	// units marks a name column headed 单位编码 as well (单位编码 单位名称 in
	// one cell): a number before a name there is a unit's code, not a
	// classification code.
	units bool
}

func newSlot(class classKind) slot {
	return slot{class: class, code: -1, split: [3]int{-1, -1, -1}, label: -1}
}

func (s slot) hasCode() bool { return s.code >= 0 || s.split != [3]int{-1, -1, -1} }

// side is one block of columns: the whole of a one-block table, or one of
// the side-by-side blocks of a 收 | 支 table.
type side struct {
	Flow     dataset.Flow
	Memo     bool // a second breakdown of the same expense (支出用途, 经济分类 beside 功能分类)
	Slots    []slot
	SubLabel int // a second label column right of the first (group | sub-item); -1 when none
	Amounts  []colInfo
	Unknowns []colInfo // amount-position columns whose header no word explains
}

// label is the column of the row's label; -1 when none.
func (s side) label() int {
	for _, sl := range s.Slots {
		if sl.label >= 0 {
			return sl.label
		}
	}
	return -1
}

// nameCols are the side's columns of plain names, left to right, when it
// has more than one: a chain of names from general to specific (采购品目大类
// | 专项名称 | 采购物品名称, group | sub-item), where the column a row's name
// stands in is its depth. Columns of a classification or beside codes are
// not plain names.
func (s side) nameCols() []int {
	var cols []int
	for _, sl := range s.Slots {
		if sl.label >= 0 && sl.class == classNone && !sl.hasCode() {
			cols = append(cols, sl.label)
		}
	}
	if s.SubLabel >= 0 {
		cols = append(cols, s.SubLabel)
	}
	if len(cols) < 2 {
		return nil
	}
	slices.Sort(cols)
	return cols
}

// classNameDepths maps the side's name columns of a classification printed
// without codes (经济科目 between 专项名称 and 采购物品名称) to the depth of the
// plain name column left of them: a row naming only its 经济科目 is one more
// row of the project above it, at the project's depth.
func (s side) classNameDepths(names []int) map[int]int {
	depths := map[int]int{}
	for _, sl := range s.Slots {
		if sl.label < 0 || sl.class == classNone || sl.hasCode() {
			continue
		}
		d := 0
		for _, c := range names {
			if c < sl.label {
				d++
			}
		}
		depths[sl.label] = max(d, 1)
	}
	return depths
}

// layout is the column structure of a table.
type layout struct {
	Cols  []colInfo
	Sides []side
}

// headerPath returns the header texts above column col, top to bottom,
// reading merged cells (spans) as covering every column they span, with
// the lowest cells of one column that are pieces of one wrapped cell
// joined (joinWrapped).
func headerPath(header []extract.Row, col int) []string {
	var path []string
	var narrow []bool // the piece covers this column only
	for _, r := range header {
		for _, c := range r.Cells {
			span := max(c.Span, 1)
			if c.Col <= col && col < c.Col+span {
				if t := compact(c.Text); t != "" && (len(path) == 0 || path[len(path)-1] != t) {
					path = append(path, t)
					narrow = append(narrow, span == 1)
				}
				break
			}
		}
	}
	return joinWrapped(path, narrow)
}

// mendOverflow gives back to its cell the text a header cell runs over a
// rule into the next cell of its row: a ruled grid whose header text is
// wider than its cells prints 预算数政 | 府预算支出经济科目（按大类） for 预算数 |
// 政府预算支出经济科目（按大类）. Up to two runes move across the edge of two
// adjacent cells, either way, when the move leaves fewer runes that no
// header word explains; cells whose words all read stay as they are. Two
// cells that each hold one rune of a spaced-out word become one cell over
// both (spacedWord). The rows are copied where a cell changes.
func mendOverflow(header []extract.Row) []extract.Row {
	out, copied := header, false
	for ri, r := range header {
		cells, changed := r.Cells, false
		for i := 0; i+1 < len(cells); i++ {
			a, b := cells[i], cells[i+1]
			if b.Col != a.Col+max(a.Span, 1) {
				continue
			}
			if word, ok := spacedWord(compact(a.Text), compact(b.Text)); ok {
				if !changed {
					cells, changed = slices.Clone(r.Cells), true
				}
				cells[i].Text, cells[i].Span = word, max(a.Span, 1)+max(b.Span, 1)
				cells = slices.Delete(cells, i+1, i+2)
				i--
				continue
			}
			ta, tb, ok := moveOverflow(compact(a.Text), compact(b.Text))
			if !ok {
				continue
			}
			if !changed {
				cells, changed = slices.Clone(r.Cells), true
			}
			cells[i].Text, cells[i+1].Text = ta, tb
		}
		if changed {
			if !copied {
				out, copied = slices.Clone(header), true
			}
			out[ri].Cells = cells
		}
	}
	return out
}

// spacedWord joins two one-rune cells that are one header word printed with
// its characters spaced out over a group of columns (支      出 over the
// expense blocks of a summary), which the grid splits between two of them:
// neither rune is a word alone, together they are one.
func spacedWord(a, b string) (string, bool) {
	if utf8.RuneCountInString(a) != 1 || utf8.RuneCountInString(b) != 1 || !hasHan(a) || !hasHan(b) {
		return "", false
	}
	if parseHeader(a).known() || parseHeader(b).known() {
		return "", false
	}
	if w := parseHeader(a + b); w.known() {
		return a + b, true
	}
	return "", false
}

// moveOverflow returns a and b with up to two runes moved across their
// edge, the move leaving the fewest unexplained runes, when that is fewer
// than before.
func moveOverflow(a, b string) (string, string, bool) {
	unexplained := func(s string) int { return utf8.RuneCountInString(parseHeader(s).residue) }
	best := unexplained(a) + unexplained(b)
	if best == 0 {
		return a, b, false
	}
	ra, rb := []rune(a), []rune(b)
	bestA, bestB, moved := a, b, false
	for k := 1; k <= 2; k++ {
		for _, c := range [][2]string{
			{string(ra[:max(len(ra)-k, 0)]), string(ra[max(len(ra)-k, 0):]) + b}, // a's tail to b
			{a + string(rb[:min(k, len(rb))]), string(rb[min(k, len(rb)):])},     // b's head to a
		} {
			if c[0] == "" || c[1] == "" {
				continue
			}
			if n := unexplained(c[0]) + unexplained(c[1]); n < best {
				best, bestA, bestB, moved = n, c[0], c[1], true
			}
		}
	}
	return bestA, bestB, moved
}

// joinWrapped joins the pieces of a header cell wrapped over lines, which a
// table without rules prints as separate header rows in one column
// (事业单位 / 经营支出, 政府性基金 / 预算拨款, 一般公共 / 预算). Only the run of
// one-column pieces at the bottom of the path can be one cell (a group
// spans several columns), and it is joined when a piece is a fragment (words
// no vocabulary word explains) or when together the pieces name a column
// the leaf alone does not.
func joinWrapped(path []string, narrow []bool) []string {
	n := len(path)
	start := n
	for start > 0 && narrow[start-1] {
		start--
	}
	for ; start <= n-2; start++ {
		run := path[start:]
		if wrappedPieces(run) {
			return append(append([]string(nil), path[:start]...), strings.Join(run, ""))
		}
	}
	return path
}

// wrappedPieces reports whether a run of one-column header pieces reads as
// one wrapped cell.
func wrappedPieces(run []string) bool {
	joined := parseHeader(strings.Join(run, ""))
	fragment := false
	for _, p := range run {
		if w := parseHeader(p); !w.known() {
			fragment = true
		}
	}
	if fragment {
		// the pieces must not be whole headers of their own with an
		// unknown group above a known leaf (其他资金 > 事业收入)
		leaf := parseHeader(run[len(run)-1])
		return !(leaf.known() && leaf.column != "" && !joined.known())
	}
	leaf := parseHeader(run[len(run)-1])
	names := joined.column != "" || joined.current || joined.carry || joined.role != RoleUnknown
	generic := leaf.column == "" && !leaf.current && !leaf.carry && leaf.role == RoleUnknown
	return joined.known() && names && generic
}

// buildLayout reads the header block of a table into column roles, checks
// them against what the body cells hold, and splits the columns into
// blocks.
func buildLayout(t *RawTable, year int) layout {
	width := 0
	for _, r := range t.Header {
		width = max(width, r.Width())
	}
	for _, b := range t.Body {
		width = max(width, b.Width())
	}
	var l layout
	header := mendOverflow(t.Header)
	for col := 0; col < width; col++ {
		path := headerPath(header, col)
		m := columnMeaning(path)
		l.Cols = append(l.Cols, colInfo{Col: col, Role: m.role, Column: m.column, Class: m.class, Path: path, m: m})
	}
	contentRoles(t, l.Cols)
	unheadedLabels(t, l.Cols)
	scopeGroups(l.Cols)
	budgetActual(l.Cols)
	otherYears(l.Cols, year)
	l.Sides = splitSides(t.ID, l.Cols)
	for i := range l.Sides {
		currentAsTotal(&l.Sides[i])
		uniqueColumns(&l.Sides[i])
	}
	return l
}

// otherYears makes the amount columns of another year than the budget's
// not facts (CONVENTIONS 1 / X11: 2025年预算数 beside 2026年预算数), when a
// column of the budget year stands in the table too: a table whose only
// year is another keeps it, the year being more likely misread than the
// table all comparison.
func otherYears(cols []colInfo, year int) {
	if year == 0 || !slices.ContainsFunc(cols, func(c colInfo) bool { return c.Role == RoleAmount && c.m.year == year }) {
		return
	}
	for i, c := range cols {
		if c.Role == RoleAmount && c.m.year != 0 && c.m.year != year {
			cols[i].Role, cols[i].Column = RoleSkip, ""
		}
	}
}

// unheadedLabels makes a column with no header a second label column when
// it stands right of a label column and its body cells hold words, not
// amounts (项目名称 | (blank) | 金额 over group | sub-item labels).
func unheadedLabels(t *RawTable, cols []colInfo) {
	for i := 1; i < len(cols); i++ {
		if len(cols[i].Path) > 0 || cols[i-1].Role != RoleLabel || cols[i].Role != RoleUnknown {
			continue
		}
		words, amounts := 0, 0
		for _, b := range t.Body {
			text := b.Text(i)
			switch {
			case text == "":
			case LooksLikeAmount(text):
				amounts++
			default:
				words++
			}
		}
		if words > 0 && amounts == 0 {
			cols[i].Role = RoleLabel
		}
	}
}

// scopeGroups undoes an id read off a group that only says whose money a
// table or a side shows: 合计 under 财政拨款支出 spanning the side's 项目
// column too, or under 一般公共预算支出 beside 基本支出 and 项目支出, is the
// total, not fiscal_appropriation or general_budget. A fund group's 小计
// beside the funds under it (财政拨款: 小计 | 一般公共预算 | 政府性基金)
// keeps the fund.
func scopeGroups(cols []colInfo) {
	for i := range cols {
		c := &cols[i]
		if c.Role != RoleAmount || !c.m.fromGroup || len(c.Path) < 2 || c.Column.IsRaw() ||
			c.Column == dataset.Carryover || c.Column == dataset.CurrentYear {
			continue
		}
		group := c.Path[:len(c.Path)-1]
		scope := false
		for _, s := range cols {
			if s.Col == c.Col || !hasPrefix(s.Path, group) {
				continue
			}
			labels := s.Role == RoleLabel || s.Role == RoleCode || (s.Role >= RoleCodeClass && s.Role <= RoleCodeXiang)
			spending := isFund(c.Column) && len(s.Path) == len(c.Path) && isSpendingType(s.Column)
			scope = scope || labels || spending
		}
		if scope {
			c.Column, c.m.fromGroup = dataset.Total, false
		}
	}
}

func isFund(c dataset.Column) bool {
	switch c {
	case dataset.GeneralBudget, dataset.GovFund, dataset.StateCapitalCol, dataset.FiscalAppropriation:
		return true
	}
	return false
}

func isSpendingType(c dataset.Column) bool {
	switch c {
	case dataset.Basic, dataset.Project, dataset.Personnel, dataset.PublicFunds:
		return true
	}
	return false
}

// budgetActual renames 预算数/决算数 columns to budget/actual when a table
// prints both (决算 tables); alone, each is the table's total.
func budgetActual(cols []colInfo) {
	var budget, actual []int
	for i, c := range cols {
		if c.Role != RoleAmount {
			continue
		}
		switch {
		case c.m.budget:
			budget = append(budget, i)
		case c.m.actual:
			actual = append(actual, i)
		}
	}
	if len(budget) == 0 || len(actual) == 0 {
		return
	}
	for _, i := range budget {
		cols[i].Column = dataset.Budget
	}
	for _, i := range actual {
		cols[i].Column = dataset.Actual
	}
}

// currentAsTotal makes the current-year group's 合计 the block's total when
// the block prints no total of its own (本年收入: 合计 | 一般公共预算 … beside
// a lone 上年结转 column).
func currentAsTotal(s *side) {
	for _, a := range s.Amounts {
		if a.Column == dataset.Total {
			return
		}
	}
	for i, a := range s.Amounts {
		if a.Column == dataset.CurrentYear && a.m.fromGroup {
			s.Amounts[i].Column = dataset.Total
			return
		}
	}
}

// uniqueColumns keeps one column per id within a block: the column that
// names its id itself wins over one that takes it from a group, then the
// leftmost; the others are raw:<header path> (CONVENTIONS rule 6: never two
// columns of one table with one id).
func uniqueColumns(s *side) {
	first := map[dataset.Column]int{}
	for i, a := range s.Amounts {
		j, seen := first[a.Column]
		if !seen {
			first[a.Column] = i
			continue
		}
		loser := i
		if s.Amounts[j].m.fromGroup && !a.m.fromGroup {
			loser, first[a.Column] = j, i
		}
		s.Amounts[loser].Column = dataset.RawColumn(strings.Join(s.Amounts[loser].Path, "/"))
		s.Amounts[loser].Role = RoleUnknown
	}
}

// splitSides groups columns into blocks. A label or code column after
// amount columns starts a new block.
func splitSides(id dataset.TableID, cols []colInfo) []side {
	flow := dataset.FlowExpense
	if id == dataset.Income || id == dataset.GovFundIncome {
		flow = dataset.FlowIncome
	}
	two := twoSided(id, cols)
	sides := []side{newSide(flow)}
	for _, c := range cols {
		cur := &sides[len(sides)-1]
		names := c.Role == RoleLabel || c.Role == RoleCode || c.Role == RoleCodeClass
		if names && len(cur.Amounts)+len(cur.Unknowns) > 0 {
			if two {
				sides[0].Flow = dataset.FlowIncome
			}
			sides = append(sides, newSide(dataset.FlowExpense))
			cur = &sides[len(sides)-1]
			// 收入 | 支出 by 功能分类 | 支出 by 支出用途 or 经济分类: every
			// block after the first expense block breaks the same
			// expense down again.
			cur.Memo = two && len(sides) > 2
		}
		c.Side = len(sides) - 1
		cur.add(c)
	}
	return sides
}

// twoSided reports whether a table's blocks are income and expense (收支
// tables), rather than blocks of one list printed side by side (the 决算
// 基本支出 table).
func twoSided(id dataset.TableID, cols []colInfo) bool {
	switch id {
	case dataset.Summary, dataset.FiscalSummary:
		return true
	}
	for _, c := range cols {
		if c.m.flow == dataset.FlowIncome {
			return true
		}
		for _, p := range c.Path {
			if strings.Contains(p, "收入") {
				return true
			}
		}
	}
	return false
}

func newSide(flow dataset.Flow) side {
	return side{Flow: flow, SubLabel: -1}
}

func (s *side) add(c colInfo) {
	switch c.Role {
	case RoleLabel:
		s.addLabel(c)
	case RoleCode:
		if n := len(s.Slots); n == 0 || s.Slots[n-1].hasCode() || s.Slots[n-1].label >= 0 {
			s.Slots = append(s.Slots, newSlot(c.Class))
		}
		sl := &s.Slots[len(s.Slots)-1]
		sl.code = c.Col
		if sl.class == classNone {
			sl.class = c.Class
		}
	case RoleCodeClass, RoleCodeKuan, RoleCodeXiang:
		part := int(c.Role - RoleCodeClass)
		if n := len(s.Slots); n == 0 || s.Slots[n-1].split[part] >= 0 || s.Slots[n-1].label >= 0 || s.Slots[n-1].code >= 0 {
			s.Slots = append(s.Slots, newSlot(c.Class))
		}
		sl := &s.Slots[len(s.Slots)-1]
		sl.split[part] = c.Col
		if sl.class == classNone {
			sl.class = c.Class
		}
	case RoleAmount:
		s.Amounts = append(s.Amounts, c)
	case RoleUnknown:
		if len(c.Path) > 0 {
			s.Unknowns = append(s.Unknowns, c)
		}
	}
}

// addLabel attaches a label column to the slot before it, or starts one;
// an unheaded label right of the first label is its sub-item column.
func (s *side) addLabel(c colInfo) {
	n := len(s.Slots)
	switch {
	case n > 0 && s.Slots[n-1].label < 0 && len(s.Amounts) == 0:
		s.Slots[n-1].label, s.Slots[n-1].units = c.Col, c.m.runIn == ignoredUnitCode
		if s.Slots[n-1].class == classNone {
			s.Slots[n-1].class = c.Class
		}
		return
	case n > 0 && s.SubLabel < 0 && len(c.Path) == 0 && c.Col == s.Slots[n-1].label+1 && len(s.Amounts) == 0:
		s.SubLabel = c.Col
		return
	case n > 0 && s.SubLabel < 0 && c.Class == classNone && c.Col == s.Slots[n-1].label+1 && len(s.Amounts) == 0 && !s.Slots[n-1].hasCode():
		s.SubLabel = c.Col // group | sub-item under one label header
		return
	}
	sl := newSlot(c.Class)
	sl.label, sl.units = c.Col, c.m.runIn == ignoredUnitCode
	s.Slots = append(s.Slots, sl)
}

// Explain describes how the reader understands a table's columns, one line
// per column: its role, canonical id or class, block and header path. It
// backs `budgetetl inspect`.
func Explain(t *RawTable) []string {
	l := buildLayout(t, 0)
	var out []string
	for _, s := range l.Sides {
		for _, c := range s.Amounts {
			out = append(out, fmt.Sprintf("col %d block %d %s %s: %s", c.Col, c.Side, roleName(c.Role), c.Column, strings.Join(c.Path, " > ")))
		}
		for _, c := range s.Unknowns {
			out = append(out, fmt.Sprintf("col %d block %d unknown %s: %s", c.Col, c.Side, c.Column, strings.Join(c.Path, " > ")))
		}
		for _, sl := range s.Slots {
			out = append(out, fmt.Sprintf("slot %s code %d split %v label %d", className(sl.class), sl.code, sl.split, sl.label))
		}
	}
	for _, c := range l.Cols {
		if c.Role != RoleAmount && c.Role != RoleUnknown {
			out = append(out, fmt.Sprintf("col %d block %d %s %s: %s", c.Col, c.Side, roleName(c.Role), className(c.Class), strings.Join(c.Path, " > ")))
		}
	}
	sort.Strings(out)
	return out
}

func roleName(r Role) string {
	return [...]string{"unknown", "amount", "label", "code", "class", "kuan", "xiang", "ignore", "quantity", "skip"}[r]
}

func className(c classKind) string {
	return [...]string{"-", "func", "econ", "gov_econ"}[c]
}
