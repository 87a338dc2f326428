package transform

import (
	"strconv"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// econTables print 部门经济分类 rows; funcTables print 功能分类 codes.
var (
	econTables = map[dataset.TableID]bool{dataset.BasicEcon: true, dataset.GeneralBudgetEcon: true, dataset.FiscalBasicEcon: true, dataset.OperatingCosts: true}
	funcTables = map[dataset.TableID]bool{dataset.Income: true, dataset.Expense: true, dataset.GeneralBudgetFunc: true, dataset.GovFundFunc: true,
		dataset.StateCapital: true, dataset.FiscalFunc: true, dataset.Summary: true, dataset.FiscalSummary: true, dataset.Procurement: true}
)

// assignCodes gives each line without a printed code the code of its
// name, looked up in the reference lists: economic classes and their 款 in
// economic tables, function classes on a summary's expense side.
func (tr *tableRead) assignCodes(year int) {
	id := tr.Raw.ID
	econClass := ""
	for _, l := range tr.Lines {
		switch {
		case l.Code != "":
			if l.EconCode != "" && len(l.EconCode) == 3 {
				econClass = l.EconCode
			}
		case econTables[id] && !isTotalLabel(l.Item):
			if c, ok := EconClassOf(l.Item, year); ok {
				econClass = c
				l.setCode(classEcon, c, dataset.CodeByName)
			} else if c, ok := EconCode(l.Item, econClass, year); ok {
				l.setCode(classEcon, c, dataset.CodeByName)
			}
		case (id == dataset.Summary || id == dataset.FiscalSummary) && l.Flow == dataset.FlowExpense && l.Level <= 1:
			if c, ok := FuncClassCode(l.Item, year); ok {
				l.setCode(classFunc, c, dataset.CodeByName)
			}
		}
	}
}

// assignKinds sets each line's row_kind: totals by label, subtotals where
// the rows that follow are its children (longer codes, deeper ordinals, the
// unit's own row in a project table), detail otherwise.
func (tr *tableRead) assignKinds(unitName string) {
	for i, l := range tr.Lines {
		if l.Kind != "" {
			continue // set by the reader (items printed as columns)
		}
		next := tr.nextOnSide(i)
		switch {
		case isTotalLabel(l.Item):
			l.Kind = dataset.KindTotal
		case compact(l.Item) == "小计":
			l.Kind = dataset.KindSubtotal
		case next != nil && hasChildren(l, next):
			l.Kind = dataset.KindSubtotal
		case (tr.Raw.ID == dataset.Projects || tr.Raw.ID == dataset.ProjectsCarryover) && unitName != "" && l.Item == unitName:
			l.Kind = dataset.KindSubtotal
		default:
			l.Kind = dataset.KindDetail
		}
	}
}

func (tr *tableRead) nextOnSide(i int) *line {
	for _, n := range tr.Lines[i+1:] {
		if n.Side == tr.Lines[i].Side {
			return n
		}
	}
	return nil
}

// hasChildren reports whether next is a child row of l.
func hasChildren(l, next *line) bool {
	if code, nc := l.code(), next.code(); code != "" && nc != "" {
		return len(nc) > len(code) && strings.HasPrefix(nc, code)
	}
	if l.Level == 0 && next.Level == 0 {
		return false
	}
	if l.Level == 0 {
		return next.Level > 0 && !isTotalLabel(next.Item)
	}
	return next.Level > l.Level
}

// yearOf reads a 4-digit year.
func yearOf(s string) int {
	y, _ := strconv.Atoi(s)
	return y
}
