package transform

import (
	"fmt"
	"slices"
)

// finalTables are the nine tables every 部门决算 publishes.
var finalTables = []TableID{Summary, Income, Expense, FiscalSummary, GeneralBudgetFunc, BasicEcon,
	ThreePublic, GovFundFunc, StateCapital}

// documentChecks checks the document as a whole: a 决算 that lacks one of
// its nine standard tables fails (cross_table_missing), and a table printed
// with headers but no rows and no 本表无数据 note is a warning
// (cross_table_blank): a blank where the other tables imply figures.
func documentChecks(info DocInfo, tables []*RawTable, docID, source string) []Check {
	var out []Check
	if info.DocKind == "final" {
		for _, id := range finalTables {
			if !slices.Contains(info.TablesFound, id) {
				out = append(out, Check{DocID: docID, Check: "cross_table_missing", Table: string(id), Status: Fail,
					Detail: fmt.Sprintf("%s: the 决算 table %s is not in the document (found: %s)", source, id, JoinTables(info.TablesFound))})
			}
		}
	}
	for _, t := range tables {
		if !t.Empty && len(t.Body) == 0 {
			out = append(out, Check{DocID: docID, Check: "cross_table_blank", Table: string(t.ID), Status: Warn,
				Detail: fmt.Sprintf("%s page %s table %s: printed with headers but no rows and no 本表无数据 note", source, t.Page, t.ID)})
		}
	}
	return out
}
