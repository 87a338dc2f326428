package transform

import (
	"fmt"

	"github.com/budgetetl/budgetetl/dataset"
)

// crossTables checks figures that two tables print for the same thing:
// the 类 lines of the summary against the 支出总表, and the 基本支出 total
// of the 一般公共预算 table against the 基本支出 economic table.
func (c *checker) crossTables(reads []*tableRead) {
	byID := map[dataset.TableID]*tableRead{}
	for _, tr := range reads {
		if byID[tr.Raw.ID] == nil {
			byID[tr.Raw.ID] = tr
		}
	}
	if s, e := byID[dataset.Summary], byID[dataset.Expense]; s != nil && e != nil {
		c.classLines(s, e)
		c.useLines(s, e)
	}
	if g, b := byID[dataset.GeneralBudgetFunc], byID[dataset.BasicEcon]; g != nil && b != nil {
		gl, ga := totalIn(g, dataset.Basic)
		bl, ba := totalIn(b, dataset.Total)
		if gl != nil && bl != nil {
			c.compare(dataset.CheckCrossTable, at(b, bl, dataset.Total), "基本支出", termOf(g, ga), []term{termOf(b, ba)},
				fmt.Sprintf("%s %s 基本支出 = %s %s 合计", where(g, gl), ga.Text, where(b, bl), ba.Text))
		}
	}
}

// classLines compares each 类 line of the summary's expense side with the
// 类 row of the expense table, in the total column. An expense table listed
// by unit prints a 类 once per unit (Shenzhen 支出总表 by 预算单位): where the
// first such row is not the summary's figure, the rows of all units are
// added up and compared instead.
func (c *checker) classLines(s, e *tableRead) {
	rows := map[string][]*line{}
	for _, l := range e.Lines {
		if len(l.FuncCode) == 3 && l.Kind != dataset.KindMemo && !l.reprint {
			rows[l.FuncCode] = append(rows[l.FuncCode], l)
		}
	}
	for _, l := range s.Lines {
		if l.Flow != dataset.FlowExpense || len(l.FuncCode) != 3 {
			continue
		}
		a, ok := firstTotal(l)
		rs := rows[l.FuncCode]
		if !ok || len(rs) == 0 {
			continue
		}
		var terms []term
		for _, r := range rs {
			if b, ok := firstTotal(r); ok {
				terms = append(terms, termOf(e, b))
			}
		}
		if len(terms) != len(rs) {
			continue
		}
		r, want := rs[0], termOf(s, a)
		if b, _ := firstTotal(r); len(rs) == 1 || holds(want, terms[:1]) {
			c.compare(dataset.CheckCrossTable, at(s, l, a.Col.Column), l.Item, want, terms[:1],
				fmt.Sprintf("%s %s = %s %s", where(s, l), a.Text, where(e, r), b.Text))
			continue
		}
		c.compare(dataset.CheckCrossTable, at(s, l, a.Col.Column), l.Item, want, terms,
			fmt.Sprintf("%s %s = Σ the %d %s rows of %s (one per unit)", where(s, l), a.Text, len(rs), l.FuncCode, e.Raw.ID))
	}
}

// useLines compares the summary's expense lines that name a column of the
// expense table (基本支出, 项目支出, 单位预留机动经费 in the Jiangsu 支出用途
// block) with that column of the expense table's total line.
func (c *checker) useLines(s, e *tableRead) {
	for _, l := range s.Lines {
		if l.Flow != dataset.FlowExpense || l.code() != "" || l.Kind == dataset.KindTotal {
			continue
		}
		m := columnMeaning([]string{l.Item})
		col := m.column
		if m.role != RoleAmount || col == dataset.Total {
			continue
		}
		a, ok := firstTotal(l)
		r, b := totalIn(e, col)
		if !ok || r == nil {
			continue
		}
		c.compare(dataset.CheckCrossTable, at(s, l, a.Col.Column), l.Item, termOf(s, a), []term{termOf(e, b)},
			fmt.Sprintf("%s %s %s = %s %s %s", where(s, l), l.Item, a.Text, where(e, r), col, b.Text))
	}
}

// firstTotal returns a line's amount in its first total column.
func firstTotal(l *line) (cellAmount, bool) {
	for _, a := range l.Amounts {
		if a.Col.Column == dataset.Total && a.Err == nil {
			return a, true
		}
	}
	return cellAmount{}, false
}

// totalIn returns the table's grand-total line and its amount in column col.
func totalIn(tr *tableRead, col dataset.Column) (*line, cellAmount) {
	for _, l := range tr.Lines {
		if !grandTotals[l.Item] {
			continue
		}
		for _, a := range l.Amounts {
			if a.Col.Column == col && a.Err == nil {
				return l, a
			}
		}
	}
	return nil, cellAmount{}
}
