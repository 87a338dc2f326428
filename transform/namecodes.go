package transform

import (
	"strconv"

	"github.com/budgetetl/budgetetl/dataset"
)

// Rows printed by name only get the code of that name under their printed
// parent (CONVENTIONS rule 5): 行政运行 under 政府办公厅（室）及相关机构事务
// under 一、一般公共服务支出 is 2010301. The name is looked up in the reference
// lists, else among the code-name pairs the same document prints elsewhere.

// docCodes are the code-name pairs a document prints, by classification and
// parent code.
type docCodes map[classKind]map[string]string

// collect records the printed pairs of a table.
func (d docCodes) collect(tr *tableRead) {
	for _, l := range tr.Lines {
		if l.Source != dataset.CodePublished || l.Item == "" {
			continue
		}
		for c, code := range map[classKind]string{classFunc: l.FuncCode, classEcon: l.EconCode, classGovEcon: l.GovEconCode} {
			if code == "" || c != l.class {
				continue
			}
			if d[c] == nil {
				d[c] = map[string]string{}
			}
			d[c][codeKey(parentCode(code), NormalizeName(l.Item))] = code
		}
	}
}

// parentCode is the code one level up: 2010301 → 20103, 20103 → 201, 201 → "".
func parentCode(code string) string {
	if len(code) <= 3 {
		return ""
	}
	return code[:len(code)-2]
}

// lookupCode finds the code of name under parent in classification c.
func (d docCodes) lookupCode(c classKind, name, parent string, year int) (string, bool) {
	var code string
	var ok bool
	switch c {
	case classFunc:
		if parent == "" {
			code, ok = FuncClassCode(name, year)
		} else {
			code, ok = codeListsOnce().fn.lookup(parent, NormalizeName(name), year)
		}
	case classEcon:
		code, ok = EconCode(name, parent, year)
	case classGovEcon:
		code, ok = GovEconCode(name, parent)
		if ok && parent == "" && len(code) > 3 {
			ok = false // a 款 found by name alone is placed by its class row
		}
	}
	if !ok {
		code, ok = d[c][codeKey(parent, NormalizeName(name))]
	}
	return code, ok
}

// maxDepth is how many levels a classification has (类/款/项).
func maxDepth(c classKind) int {
	if c == classFunc {
		return 3
	}
	return 2
}

// assignCodes codes the rows of each block printed without codes, by name,
// in the classification the block lists.
func (tr *tableRead) assignCodes(year int, doc docCodes) {
	for si, s := range tr.Layout.Sides {
		c := tr.nameClass(s)
		if c == classNone {
			continue
		}
		var stack []string // the codes of the current row's ancestors
		for _, l := range tr.Lines {
			if l.Side != si || isTotalLabel(l.Item) {
				continue
			}
			if code := l.codeOf(c); code != "" {
				stack = prefixes(code)
				continue
			}
			name := l.Item
			if l.chain {
				name = CleanItem(l.className)
			}
			if l.Code != "" || name == "" {
				continue
			}
			for d := min(len(stack), maxDepth(c)-1); d >= 0; d-- {
				parent := ""
				if d > 0 {
					parent = stack[d-1]
				}
				if code, ok := doc.lookupCode(c, name, parent, year); ok {
					l.setCode(c, code, dataset.CodeByName)
					stack = prefixes(code)
					break
				}
			}
		}
	}
}

// codeOf is the line's code in classification c.
func (l *line) codeOf(c classKind) string {
	switch c {
	case classFunc:
		return l.FuncCode
	case classEcon:
		return l.EconCode
	case classGovEcon:
		return l.GovEconCode
	}
	return ""
}

// prefixes lists a code's ancestors and itself: 2010301 → 201, 20103, 2010301.
func prefixes(code string) []string {
	var out []string
	for n := 3; n <= len(code); n += 2 {
		out = append(out, code[:n])
	}
	return out
}

// nameClass is the classification whose names a block lists without codes:
// the class its label header names, else the table's (an economic table,
// the function side of a summary). Blocks that print a code column have
// their codes.
func (tr *tableRead) nameClass(s side) classKind {
	for _, sl := range s.Slots {
		if sl.hasCode() {
			return classNone
		}
	}
	for _, sl := range s.Slots {
		if sl.class != classNone {
			return sl.class
		}
	}
	id := tr.Raw.ID
	switch {
	case econTables[id]:
		return classEcon
	case (id == dataset.Summary || id == dataset.FiscalSummary) && s.Flow == dataset.FlowExpense && !s.Memo:
		return classFunc
	}
	return classNone
}

// econTables print 部门经济分类 rows.
var econTables = map[dataset.TableID]bool{dataset.BasicEcon: true, dataset.GeneralBudgetEcon: true,
	dataset.FiscalBasicEcon: true, dataset.OperatingCosts: true, dataset.BasicEconAll: true, dataset.ProjectEcon: true,
	dataset.FiscalEcon: true, dataset.ExpenseEcon: true}

// yearOf reads a 4-digit year.
func yearOf(s string) int {
	y, _ := strconv.Atoi(s)
	return y
}
