package transform

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// “三公” tables are mostly printed with items as columns (合计 | 因公出国（境）费
// | 公务用车购置及运行费 [小计 | 购置费 | 运行费] | 公务接待费) and give one fact per
// item: item is the column header as printed. The header may split each
// item by fund source (一般公共预算 | 政府性基金预算 …, CONVENTIONS 2) or by
// period (当年预算 | 上年结转结余, P3), or print last year and the change
// beside this year (上年 | 当年 | 增减, X11): only this year's money is a
// fact. Rows may be years (2025年 | 2026年 | 增减变化金额: only the budget
// year's row) or units (合计, then one row per unit: the further unit rows
// are memo with the unit's name in sub_unit, B4; 合计 printed after the
// units is the department's row all the same).

// itemsAsColumns reports whether a table prints its items as columns.
func itemsAsColumns(t *RawTable, l layout) bool {
	if t.ID != dataset.ThreePublic {
		return false
	}
	items := 0
	for _, c := range l.Cols {
		for _, p := range c.Path {
			if isThreePublicItem(p) && !strings.Contains(p, "三公") {
				items++
				break
			}
		}
	}
	return items >= 2
}

// tpColumn is what the header path of one amount column of an
// items-as-columns table says.
type tpColumn struct {
	item   string
	kind   dataset.RowKind
	depth  int
	column dataset.Column
	skip   bool // another year's money or a change: not a fact
}

// readTransposed reads each amount cell of an items-as-columns table as its
// own line, named by its column header; rows are chosen by year and unit.
func (tr *tableRead) readTransposed(year int) {
	labels := tr.firstAmountColumn()
	type labelled struct {
		year   int
		unit   string
		change bool
	}
	rows := make([]labelled, len(tr.Raw.Body))
	kinds := map[dataset.Column]bool{} // rows labelled 预算数 and 决算数 (B6, as rows)
	earliest, latest := 0, 0           // the years the rows compare
	for i, b := range tr.Raw.Body {
		y, u, c := rowLabels(b, labels)
		rows[i] = labelled{y, u, c}
		kinds[rowBudgetActual(u)] = true
		if y != 0 {
			if earliest == 0 || y < earliest {
				earliest = y
			}
			latest = max(latest, y)
		}
	}
	if year == 0 && earliest < latest {
		year = latest // a document that prints no year of its own: the later of the years compared is the budget's
	}
	cols := tr.transposedColumns(year)
	byKind := map[dataset.Column]map[int]tpColumn{dataset.Budget: cols, dataset.Actual: cols}
	if kinds[dataset.Budget] && kinds[dataset.Actual] {
		byKind[dataset.Budget], byKind[dataset.Actual] = withColumn(cols, dataset.Budget), withColumn(cols, dataset.Actual)
	}
	n, dept, unit := 0, "", ""
	for _, r := range rows {
		if isTotalLabel(r.unit) {
			dept = r.unit // 合计 printed last, under the units: each unit row is memo
			break
		}
	}
	for i, b := range tr.Raw.Body {
		if !hasFigureFrom(b.Row, labels) {
			if n > 0 {
				break // the printed rows are read; what follows is prose
			}
			continue
		}
		n++
		rowYear, rowUnit, change := rows[i].year, rows[i].unit, rows[i].change
		if col := rowBudgetActual(rowUnit); col != "" {
			tr.readTransposedRow(b, n, byKind[col], "")
			continue // a row of budget or actual figures, not a unit's
		}
		if rowUnit != "" {
			unit = rowUnit
		}
		if dept == "" {
			dept = unit
		}
		if change || (rowYear != 0 && year != 0 && rowYear != year) {
			continue
		}
		subUnit := ""
		if unit != dept && !isTotalLabel(unit) {
			subUnit = unit
		}
		tr.readTransposedRow(b, n, cols, subUnit)
	}
}

// rowBudgetActual is the column a row label names: budget for 预算数 (年初预算数,
// 全年预算数), actual for 决算数; empty for any other label.
func rowBudgetActual(label string) dataset.Column {
	switch w := parseHeader(label); {
	case label == "":
		return ""
	case w.actual && w.text == label:
		return dataset.Actual
	case (w.budget || label == "预算数") && w.text == label:
		return dataset.Budget
	}
	return ""
}

// withColumn is cols with every column of total money written as col: a
// row of 决算数 beside a row of 预算数.
func withColumn(cols map[int]tpColumn, col dataset.Column) map[int]tpColumn {
	out := make(map[int]tpColumn, len(cols))
	for k, tc := range cols {
		if tc.column == dataset.Total {
			tc.column = col
		}
		out[k] = tc
	}
	return out
}

// readTransposedRow turns one printed row into lines, one per amount cell.
func (tr *tableRead) readTransposedRow(b BodyRow, n int, cols map[int]tpColumn, subUnit string) {
	for _, c := range b.Cells {
		tc, ok := cols[c.Col]
		if !ok || tc.skip {
			continue
		}
		a, err := ParseAmount(c.Text)
		if err == nil && a.Blank {
			continue
		}
		info := tr.Layout.Cols[c.Col]
		l := &line{Row: n, Page: b.Page, Label: tc.item, Item: CleanItem(tc.item), Flow: dataset.FlowExpense,
			Kind: tc.kind, Level: tc.depth, SubUnit: subUnit}
		if strings.Contains(tc.item, "机关运行") {
			l.Table, l.Item, l.Kind = dataset.OperatingCosts, "机关运行经费", dataset.KindDetail
		}
		if subUnit != "" {
			l.Kind = dataset.KindMemo
		}
		info.Column = tc.column
		if c.Problem != "" {
			err = errors.New(c.Problem)
		}
		l.Amounts = []cellAmount{{Col: info, Text: c.Text, Amount: a, Err: err}}
		tr.Lines = append(tr.Lines, l)
	}
}

// hasNumber reports a row with a number in it (0, -0.40, 33.18).
func hasNumber(r extract.Row) bool {
	for _, c := range r.Cells {
		if kindOf(c.Text) == cellNumber {
			return true
		}
	}
	return false
}

// hasFigureFrom reports whether row r prints an amount in a column from
// col on. Whole numbers count: 50000 in a table in 元 is an amount there,
// though alone it looks like a code (hasNumber).
func hasFigureFrom(r extract.Row, col int) bool {
	for _, c := range r.Cells {
		if a, err := ParseAmount(c.Text); c.Col >= col && err == nil && !a.Blank {
			return true
		}
	}
	return false
}

// firstAmountColumn is where the amounts start: the cells left of it label
// the row (unit, year).
func (tr *tableRead) firstAmountColumn() int {
	for _, c := range tr.Layout.Cols {
		if c.Role == RoleAmount || c.Role == RoleSkip || c.Role == RoleUnknown || c.Role == RoleCode && tpItemHeader(c.Path) {
			return c.Col // an item's header is no column id: unknown (“三公”经费合计)
		}
	}
	return len(tr.Layout.Cols)
}

// tpItemHeader reports a header path that names a “三公” item or total: the
// column holds its amounts, though whole numbers in 元 (30000) look like
// codes to the content of its cells.
func tpItemHeader(path []string) bool {
	return slices.ContainsFunc(path, func(p string) bool { return isThreePublicItem(p) || tpTotal(p) })
}

var rowYearRe = regexp.MustCompile(`^(20[0-9]{2})年?(?:度)?(?:预算数?|决算数?)?$`)

// rowLabels reads a row's year (2026年), unit name and whether it prints a
// change (增减变化金额) from its label cells.
func rowLabels(b BodyRow, amounts int) (year int, unit string, change bool) {
	for _, c := range b.Cells {
		if c.Col >= amounts {
			break
		}
		t := compact(c.Text)
		switch {
		case t == "":
		case rowYearRe.MatchString(t):
			year, _ = strconv.Atoi(rowYearRe.FindStringSubmatch(t)[1])
		case strings.Contains(t, "增减") || strings.Contains(t, "变化") || strings.Contains(t, "增长"):
			change = true
		case !isCodePart(t) && !codeRe.MatchString(t) && kindOf(t) != cellNumber:
			unit = t
		}
	}
	return year, unit, change
}

// transposedColumns reads every amount column's header path.
func (tr *tableRead) transposedColumns(year int) map[int]tpColumn {
	grand := ""       // a total heading the items' header paths
	totalled := false // some column is headed 合计 or 总计, wherever in its path
	for _, c := range tr.Layout.Cols {
		if len(c.Path) > 0 && tpTotal(c.Path[0]) && grand == "" {
			grand = c.Path[0]
		}
		totalled = totalled || slices.ContainsFunc(c.Path, tpTotal)
	}
	comparison := false
	var budget, actual bool // 预算数 and 决算数 over the items or under them (B6)
	for _, c := range tr.Layout.Cols {
		comparison = comparison || c.Role == RoleSkip
		for _, p := range c.Path {
			w := parseHeader(p)
			budget = budget || (w.known() && (w.budget || w.text == "预算数"))
			actual = actual || (w.known() && w.actual)
		}
	}
	budgetActual := budget && actual
	out := map[int]tpColumn{}
	for _, c := range tr.Layout.Cols {
		if c.Role == RoleLabel || c.Role == RoleCode && !tpItemHeader(c.Path) || c.Role == RoleIgnore || c.Role == RoleQuantity || len(c.Path) == 0 {
			continue
		}
		tc := transposedItem(c.Path, year, grand, totalled, budgetActual)
		if comparison && tc.column == dataset.CurrentYear {
			tc.column = dataset.Total // 当年 beside 上年 and 增减 only says which year (X11)
		}
		out[c.Col] = tc
	}
	partsOfLeft(tr.Layout.Cols, out)
	return out
}

// partsOfLeft places a column headed 其中：… under the nearest column left
// of it, at its depth, that is not one (公务用车购置及运行费 | 其中：公务用车购置费
// | 其中：公务用车运行费): one level deeper, and that column a subtotal.
func partsOfLeft(cols []colInfo, out map[int]tpColumn) {
	left := map[int]int{} // by depth, the last column not headed 其中
	for _, c := range cols {
		tc, ok := out[c.Col]
		if !ok || tc.skip {
			continue
		}
		if !strings.HasPrefix(tc.item, "其中") {
			if tc.kind != dataset.KindTotal {
				left[tc.depth] = c.Col
			}
			continue
		}
		p, ok := left[tc.depth]
		if !ok {
			continue
		}
		parent := out[p]
		if parent.kind == dataset.KindDetail {
			parent.kind = dataset.KindSubtotal
			out[p] = parent
		}
		tc.depth = parent.depth + 1
		out[c.Col] = tc
	}
}

// isThreePublicCore reports the three items a “三公” total covers (会议费 and
// 培训费 printed beside them are not among them).
func isThreePublicCore(item string) bool {
	return strings.Contains(item, "因公出国") || strings.Contains(item, "公务接待") || strings.Contains(item, "公务用车")
}

// tpTotal reports a header that totals the table (合计, 总计, “三公”经费合计).
func tpTotal(p string) bool {
	s := compact(p)
	return s == "合计" || s == "总计" || (strings.Contains(s, "三公") && strings.HasSuffix(s, "合计"))
}

// transposedItem reads a column's header path: the item it names, the row
// kind, the column id (a fund, a period, budget/actual, else total) and
// whether the column is another year's money or a change.
func transposedItem(path []string, year int, grand string, totalled, budgetActual bool) tpColumn {
	tc := tpColumn{column: dataset.Total, kind: dataset.KindDetail}
	var items []string // the item parts of the path, top to bottom
	for _, p := range path {
		p = headerUnitRe.ReplaceAllString(p, "") // 公务接待费（元）: the unit is the table's (headerUnit)
		w := parseHeader(p)
		item := isThreePublicItem(p)
		switch {
		case w.known() && (w.prior || w.change):
			tc.skip = true
		case w.year != 0 && year != 0 && w.year != year && !item:
			tc.skip = true // 2025年预算数 beside 2026年预算数
		case w.known() && isFund(w.column) && !item:
			tc.column = w.column
		case w.known() && (w.current || w.carry) && w.column == "" && !w.total && !item:
			tc.column = dataset.CurrentYear
			if w.carry {
				tc.column = dataset.Carryover
			}
		case w.known() && !item && (w.budget || w.actual || w.text == "预算数" || w.text == "决算数"):
			if budgetActual {
				tc.column = dataset.Budget
				if w.actual {
					tc.column = dataset.Actual
				}
			}
		case w.known() && w.year != 0 && w.text == "":
			// a bare 2026年 over the items
		default:
			items = append(items, p)
		}
	}
	if len(items) == 0 {
		return tc
	}
	tc.item, tc.depth = items[len(items)-1], len(items)-1
	switch s := compact(tc.item); {
	case s == "小计" && len(items) == 2 && !totalled && strings.Contains(items[0], "三公"):
		// the 小计 of a “三公” group over every item, in a table with no
		// 合计, is the table's total, at the depth of the items beside it
		tc.item, tc.kind = items[0], dataset.KindTotal
	case s == "小计" && len(items) > 1:
		tc.item, tc.depth, tc.kind = items[len(items)-2], len(items)-2, dataset.KindSubtotal
	case s == "小计" && grand != "":
		// a period group's own 小计 is its “三公” total (P3)
		tc.item, tc.depth, tc.kind = grand, 0, dataset.KindTotal
	case tpTotal(s) || s == "小计":
		tc.kind = dataset.KindTotal
	case strings.Contains(s, "三公") && grand == "":
		tc.kind = dataset.KindTotal // the table's “三公” total (预算总额)
	case strings.Contains(s, "三公"):
		tc.kind = dataset.KindSubtotal
	}
	return tc
}

// threePublicColumns checks a “三公” table printed with items as columns:
// 合计 = the items beside it, and each 小计 group = the items under it, per
// column (total, or budget and actual).
func (c *checker) threePublicColumns(tr *tableRead) {
	type group struct {
		row    int
		column dataset.Column
	}
	byCol := map[group][]*line{}
	var keys []group
	for _, l := range tr.Lines {
		if l.Table == "" && len(l.Amounts) == 1 && l.Amounts[0].Err == nil {
			k := group{l.Row, l.Amounts[0].Col.Column}
			if byCol[k] == nil {
				keys = append(keys, k)
			}
			byCol[k] = append(byCol[k], l)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if keys[i].row != keys[j].row {
			return keys[i].row < keys[j].row
		}
		return keys[i].column < keys[j].column
	})
	for _, k := range keys {
		lines := byCol[k]
		for _, parent := range lines {
			var kids []*line
			for _, k := range lines {
				if k != parent && k.Level == parent.Level+boolInt(parent.Kind == dataset.KindSubtotal) && k.Kind != dataset.KindTotal && (parent.Kind == dataset.KindTotal || k.Level > parent.Level) &&
					(!strings.Contains(parent.Item, "三公") || isThreePublicCore(k.Item)) {
					kids = append(kids, k)
				}
			}
			if parent.Kind == dataset.KindDetail || len(kids) == 0 {
				continue
			}
			c.sumTransposed(tr, parent, kids)
		}
	}
}

func (c *checker) sumTransposed(tr *tableRead, parent *line, kids []*line) {
	want := parent.Amounts[0]
	var parts []term
	for _, k := range kids {
		parts = append(parts, termOf(tr, k.Amounts[0]))
	}
	c.compare(dataset.CheckThreePublicSum, at(tr, parent, want.Col.Column), parent.Item, termOf(tr, want), parts,
		fmt.Sprintf("%s column %s: %s = Σ %d items", where(tr, parent), want.Col.Column, parent.Item, len(kids)))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
