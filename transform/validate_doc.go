package transform

import (
	"fmt"
	"slices"

	"github.com/budgetetl/budgetetl/dataset"
)

// finalTables are the nine tables every 部门决算 publishes.
var finalTables = []dataset.TableID{dataset.Summary, dataset.Income, dataset.Expense, dataset.FiscalSummary, dataset.GeneralBudgetFunc, dataset.BasicEcon,
	dataset.ThreePublic, dataset.GovFundFunc, dataset.StateCapital}

// documentChecks checks the document as a whole: a 决算 that lacks one of
// its nine standard tables fails (cross_table_missing), unless its own
// contents list leaves that table out too (a 2019 决算 publishing eight):
// then a warning says so. A table printed with headers but no rows and no
// 本表无数据 note is a warning (cross_table_blank): a blank where the other
// tables imply figures.
func documentChecks(info DocInfo, tables []*RawTable, listed []listedTable, docID, source string) []dataset.Check {
	var out []dataset.Check
	if info.DocKind == dataset.DocFinal && len(tables) > 0 { // a narrative without tables (its tables in another file) lacks nothing
		for _, id := range finalTables {
			if slices.Contains(info.TablesFound, id) {
				continue
			}
			c := dataset.Check{DocID: docID, Check: dataset.CheckCrossTableMissing, Position: dataset.Position{Table: id}, Status: dataset.Fail,
				Detail: fmt.Sprintf("%s: the 决算 table %s is not in the document (found: %s)", source, id, dataset.JoinTables(info.TablesFound))}
			if len(listed) > 0 && !slices.ContainsFunc(listed, func(l listedTable) bool { return sameFamily(l.id, id) }) {
				c.Status, c.Position.Page = dataset.Warn, listed[0].page
				c.Detail = fmt.Sprintf("%s: the 决算 table %s is neither printed nor in the document's contents list (page %s)",
					source, id, listed[0].page)
			}
			out = append(out, c)
		}
	}
	for _, t := range tables {
		if !t.Empty && len(t.Body) == 0 {
			out = append(out, dataset.Check{DocID: docID, Check: dataset.CheckCrossTableBlank, Position: dataset.Position{Page: t.Page, Table: t.ID}, Status: dataset.Warn,
				Detail: fmt.Sprintf("%s page %s table %s: printed with headers but no rows and no 本表无数据 note", source, t.Page, t.ID)})
		}
	}
	return out
}

// unreadChecks fail each table that gave no fact although rows of its body
// print figures: its header or its rows were not understood, and its
// figures would otherwise be lost without a word (cross_table_unread).
func unreadChecks(tables []*RawTable, docID, source string) []dataset.Check {
	var out []dataset.Check
	for _, t := range tables {
		rows := 0
		for _, b := range t.Body {
			if hasNumber(b.Row) {
				rows++
			}
		}
		if rows == 0 {
			continue
		}
		out = append(out, dataset.Check{DocID: docID, Check: dataset.CheckCrossTableUnread, Position: dataset.Position{Page: t.Page, Table: t.ID}, Status: dataset.Fail,
			Detail: fmt.Sprintf("%s page %s table %s: %d rows print figures and none was read as a fact (a header or layout the reader does not understand)", source, t.Page, t.ID, rows)})
	}
	return out
}

// otherTableChecks warn of each table under a title that names no standard
// table whose rows print figures: they are not read, and say so.
func otherTableChecks(others []otherTable, docID, source string) []dataset.Check {
	var out []dataset.Check
	for _, o := range others {
		if o.figures == 0 {
			continue
		}
		out = append(out, dataset.Check{DocID: docID, Check: dataset.CheckCrossTableOther, Position: dataset.Position{Page: o.page}, Status: dataset.Warn,
			Detail: fmt.Sprintf("%s page %s: %s names no standard table; its %d rows of figures are not read", source, o.page, o.title, o.figures)})
	}
	return out
}
