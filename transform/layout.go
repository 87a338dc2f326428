package transform

import (
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// colInfo is what the header block says about one column.
type colInfo struct {
	Col    int
	Role   Role
	Column dataset.Column // for amounts
	Path   []string       // header texts, top to bottom
	Side   int            // 0 left (income) or 1 right (expense) in two-sided tables
}

// side is one half of a two-sided table (or the whole of a one-sided one).
type side struct {
	Flow     dataset.Flow
	Label    int  // column of the row label; -1 when none
	SubLabel int  // a second label column right of Label (group | sub-item); -1 when none
	Memo     bool // a second breakdown of the same expense (支出用途 beside 功能分类)
	Code     int  // column of a single code column; -1 when none
	Split    [3]int
	Amounts  []colInfo
	Unknowns []colInfo // amount-position columns whose header matched nothing
}

// layout is the column structure of a table.
type layout struct {
	Cols  []colInfo
	Sides []side
}

// headerPath returns the header texts above column col, top to bottom,
// reading merged cells (spans) as covering every column they span.
func headerPath(header []extract.Row, col int) []string {
	var path []string
	for _, r := range header {
		for _, c := range r.Cells {
			span := c.Span
			if span < 1 {
				span = 1
			}
			if c.Col <= col && col < c.Col+span {
				if t := compact(c.Text); t != "" && (len(path) == 0 || path[len(path)-1] != t) {
					path = append(path, t)
				}
				break
			}
		}
	}
	return path
}

// joinWrappedLeaf joins the last pieces of a header path when the upper
// ones mean nothing alone and together they name a column: a header cell
// wrapped over lines, which a table without rules prints as separate header
// rows (一般公共 / 预算 → 一般公共预算, 政府性 / 基金预 / 算 → 政府性基金预算).
func joinWrappedLeaf(path []string) []string {
	n := len(path)
	for k := 2; k <= min(4, n); k++ {
		if role, _ := MapHeader(path[n-k]); role != RoleUnknown {
			break // a piece that means something is a header of its own
		}
		joined := strings.Join(path[n-k:], "")
		if role, _ := MapHeader(joined); role != RoleUnknown && role != RoleGroup {
			return append(append([]string(nil), path[:n-k]...), joined)
		}
	}
	return path
}

// classify decides a column's role from its header path: the lowest header
// that says something wins; a 小计 under a named group takes the group's id.
func classify(path []string) (Role, dataset.Column) {
	if len(path) == 0 {
		return RoleUnknown, ""
	}
	role, col := MapHeader(path[len(path)-1])
	if role == RoleAmount && col == dataset.Total && compact(path[len(path)-1]) == "小计" {
		for i := len(path) - 2; i >= 0; i-- {
			if r, c := MapHeader(path[i]); r == RoleAmount && c != dataset.Total {
				return r, c
			}
		}
	}
	if role == RoleGroup || role == RoleUnknown {
		for i := len(path) - 2; i >= 0; i-- {
			if r, c := MapHeader(path[i]); r == RoleAmount || r == RoleLabel || r == RoleCode {
				if role == RoleUnknown && r == RoleAmount {
					break // a named sub-column of an amount group: keep it raw
				}
				return r, c
			}
		}
	}
	return role, col
}

// buildLayout reads the header block of a table into column roles and
// splits two-sided tables (收入 | 支出) into their sides.
func buildLayout(t *RawTable) layout {
	width := 0
	for _, r := range t.Header {
		width = max(width, r.Width())
	}
	for _, b := range t.Body {
		width = max(width, b.Width())
	}
	var l layout
	for col := 0; col < width; col++ {
		path := joinWrappedLeaf(headerPath(t.Header, col))
		role, column := classify(path)
		l.Cols = append(l.Cols, colInfo{Col: col, Role: role, Column: column, Path: path})
	}
	unheadedLabels(t, l.Cols)
	budgetActual(l.Cols)
	l.Sides = splitSides(t.ID, l.Cols)
	return l
}

// unheadedLabels makes a column with no header a second label column when
// it stands right of a label column and its body cells hold words, not
// amounts (项目名称 | (blank) | 金额 over group | sub-item labels).
func unheadedLabels(t *RawTable, cols []colInfo) {
	for i := 1; i < len(cols); i++ {
		if len(cols[i].Path) > 0 || cols[i-1].Role != RoleLabel {
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

// budgetActual renames 预算数/决算数 columns to budget/actual when a table
// prints both (决算 tables); alone, each is the table's total.
func budgetActual(cols []colInfo) {
	var budget, actual []int
	for i, c := range cols {
		if len(c.Path) == 0 || c.Role != RoleAmount {
			continue
		}
		switch NormalizeHeader(c.Path[len(c.Path)-1]) {
		case "预算数", "年初预算数", "全年预算数":
			budget = append(budget, i)
		case "决算数":
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

// splitSides groups columns into sides. A second label column with amount
// columns before it starts the right-hand (expense) side.
func splitSides(id dataset.TableID, cols []colInfo) []side {
	flow := dataset.FlowExpense
	if id == dataset.Income || id == dataset.GovFundIncome {
		flow = dataset.FlowIncome
	}
	sides := []side{newSide(flow)}
	for _, c := range cols {
		cur := &sides[len(sides)-1]
		startsSide := (c.Role == RoleLabel || c.Role == RoleCode || c.Role == RoleCodeClass) &&
			len(cur.Amounts)+len(cur.Unknowns) > 0
		if startsSide {
			two := twoSided(id, cols)
			if two {
				sides[0].Flow = dataset.FlowIncome
			}
			sides = append(sides, newSide(dataset.FlowExpense))
			cur = &sides[len(sides)-1]
			// 收入 | 支出 by 功能分类 | 支出 by 支出用途 (Jiangsu): the third
			// block breaks the same expense down again.
			cur.Memo = two && len(sides) > 2
		}
		c.Side = len(sides) - 1
		cur.add(c)
	}
	return sides
}

// twoSided reports whether a table's halves are income and expense (收支
// tables), rather than two blocks of the same list (the 决算 基本支出 table).
func twoSided(id dataset.TableID, cols []colInfo) bool {
	switch id {
	case dataset.Summary, dataset.FiscalSummary:
		return true
	}
	for _, c := range cols {
		for _, p := range c.Path {
			if strings.Contains(p, "收入") {
				return true
			}
		}
	}
	return false
}

func newSide(flow dataset.Flow) side {
	return side{Flow: flow, Label: -1, SubLabel: -1, Code: -1, Split: [3]int{-1, -1, -1}}
}

func (s *side) add(c colInfo) {
	switch c.Role {
	case RoleLabel:
		switch {
		case s.Label < 0:
			s.Label = c.Col
		case s.SubLabel < 0 && c.Col == s.Label+1 && len(s.Amounts) == 0:
			s.SubLabel = c.Col
		}
	case RoleCode:
		if s.Code < 0 {
			s.Code = c.Col
		}
	case RoleCodeClass:
		s.Split[0] = c.Col
	case RoleCodeKuan:
		s.Split[1] = c.Col
	case RoleCodeXiang:
		s.Split[2] = c.Col
	case RoleAmount:
		s.Amounts = append(s.Amounts, c)
	case RoleUnknown:
		if len(c.Path) > 0 {
			s.Unknowns = append(s.Unknowns, c)
		}
	}
}
