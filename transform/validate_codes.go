package transform

import (
	"fmt"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// The printed codes against the shipped classification lists: a code the
// lists do not hold, split code columns whose digits form no code, and a
// code printed beside a name the lists give another code.

// unknownCodes warns about printed codes that are not in the shipped lists,
// and about code columns whose digits form no code.
func (c *checker) unknownCodes(tr *tableRead) {
	for _, l := range tr.Lines {
		for _, nc := range l.noCodes {
			c.checks = append(c.checks, dataset.Check{
				DocID: c.docID, Check: dataset.CheckUnknownCode, Position: at(tr, l, ""), Item: l.Item, Status: dataset.Warn,
				Detail: fmt.Sprintf("%s: code columns print %s, which forms no code; the row takes no code from them", where(tr, l), nc),
			})
		}
		if l.Source != dataset.CodePublished {
			continue
		}
		var unknown []string
		for _, c := range []struct {
			code  string
			known func(string) bool
		}{{l.FuncCode, KnownFuncCode}, {l.EconCode, KnownEconCode}, {l.GovEconCode, KnownGovEconCode}} {
			if c.code != "" && !c.known(c.code) {
				unknown = append(unknown, c.code)
			}
		}
		if len(unknown) == 0 {
			continue
		}
		c.checks = append(c.checks, dataset.Check{
			DocID: c.docID, Check: dataset.CheckUnknownCode, Position: at(tr, l, ""), Item: l.Item, Status: dataset.Warn,
			Detail: fmt.Sprintf("%s: code %s is not in the shipped classification lists", where(tr, l), strings.Join(unknown, ", ")),
		})
	}
}

// classRowTables are the tables whose rows are classification rows: a
// row's item is the name of its printed code.
var classRowTables = map[dataset.TableID]bool{
	dataset.Expense: true, dataset.GeneralBudgetFunc: true, dataset.GeneralBudgetEcon: true,
	dataset.BasicEcon: true, dataset.BasicFunc: true, dataset.BasicEconAll: true, dataset.FiscalFunc: true,
	dataset.FiscalEcon: true, dataset.FiscalBasicEcon: true, dataset.GovFundFunc: true, dataset.StateCapital: true,
	dataset.ProjectEcon: true,
}

// codeNames warns about a classification row whose printed name is not the
// name the shipped list gives its printed code in any year (2080505 |
// 机关事业单位基本养老: a name cut short, or a code misread). The figures
// stand; whoever joins rows by code or by name should know the two
// disagree.
func (c *checker) codeNames(tr *tableRead) {
	if !classRowTables[tr.Raw.ID] {
		return
	}
	for _, l := range tr.Lines {
		if l.Source != dataset.CodePublished || l.Item == "" || isTotalLabel(l.Item) {
			continue
		}
		code := l.codeOf(l.class)
		listed, known, same := listedName(l.class, code, l.Item)
		if !known || same {
			continue
		}
		c.checks = append(c.checks, dataset.Check{
			DocID: c.docID, Check: dataset.CheckCodeName, Position: at(tr, l, ""), Item: l.Item, Status: dataset.Warn,
			Detail: fmt.Sprintf("%s: code %s is printed with the name %s; the shipped lists name it %s", where(tr, l), code, l.Item, listed),
		})
	}
}
