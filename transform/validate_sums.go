package transform

import (
	"fmt"
	"strings"
)

// childrenSums checks 类 = Σ款, 款 = Σ项 and 合计 = Σ类 in tables whose rows
// carry classification codes, column by column.
func (c *checker) childrenSums(tr *tableRead) {
	for si := range tr.Layout.Sides {
		var coded []*line
		var total *line
		for _, l := range tr.Lines {
			if l.Side != si {
				continue
			}
			if l.code() != "" {
				coded = append(coded, l)
			} else if total == nil && grandTotals[l.Item] {
				total = l
			}
		}
		for i, l := range coded {
			if kids := children(coded[i+1:], l.code()); len(kids) > 0 {
				c.sumLines(tr, l, kids, "children_sum")
			}
		}
		if total != nil {
			if top := topLevel(coded); len(top) > 0 {
				c.sumLines(tr, total, top, "children_sum")
			}
		}
	}
}

// grandTotals are the labels of a table's overall total row.
var grandTotals = map[string]bool{"合计": true, "总计": true, "本年支出合计": true, "本年收入合计": true,
	"支出合计": true, "收入合计": true}

// children returns the lines directly below code among the lines after it.
func children(after []*line, code string) []*line {
	var kids []*line
	depth := 0
	for _, k := range after {
		kc := k.code()
		if !strings.HasPrefix(kc, code) || len(kc) <= len(code) {
			break
		}
		if depth == 0 {
			depth = len(kc)
		}
		if len(kc) == depth {
			kids = append(kids, k)
		}
	}
	return kids
}

// topLevel returns the lines with the shortest codes (the 类 rows).
func topLevel(coded []*line) []*line {
	min := 0
	for _, l := range coded {
		if n := len(l.code()); min == 0 || n < min {
			min = n
		}
	}
	var top []*line
	for _, l := range coded {
		if len(l.code()) == min {
			top = append(top, l)
		}
	}
	return top
}

// sumLines checks, in every amount column of parent, that it equals the sum
// of the kids' amounts in the same column.
func (c *checker) sumLines(tr *tableRead, parent *line, kids []*line, check string) {
	for _, a := range parent.Amounts {
		if a.Err != nil {
			continue
		}
		var parts []term
		for _, k := range kids {
			if b, ok := amountIn(k, a.Col.Col); ok {
				parts = append(parts, termOf(tr, b))
			}
		}
		if len(parts) == 0 && a.Amount.Value.IsZero() {
			continue
		}
		c.compare(check, tr, parent.Item, termOf(tr, a), parts,
			fmt.Sprintf("%s column %s: %s = Σ %d rows below", where(tr, parent), a.Col.Column, parent.Item, len(kids)))
	}
}

// balance checks 收入总计 = 支出总计 in two-sided summary tables.
func (c *checker) balance(tr *tableRead) {
	if tr.Raw.ID != Summary && tr.Raw.ID != FiscalSummary {
		return
	}
	var in, out *line
	for _, l := range tr.Lines {
		if l.Kind != KindTotal || !strings.HasSuffix(l.Item, "总计") {
			continue
		}
		if l.Flow == FlowIncome && in == nil {
			in = l
		} else if l.Flow == FlowExpense && out == nil {
			out = l
		}
	}
	if in == nil || out == nil || len(in.Amounts) == 0 || len(out.Amounts) == 0 {
		return
	}
	a, b := in.Amounts[0], out.Amounts[0]
	if a.Err != nil || b.Err != nil {
		return
	}
	c.compare("balance", tr, in.Item+" = "+out.Item, termOf(tr, a), []term{termOf(tr, b)},
		fmt.Sprintf("%s: %s %s = %s %s", tr.Raw.ID, in.Item, a.Text, out.Item, b.Text))
}

// threePublic checks the “三公” total against its three items, and 公务用车
// 购置及运行费 against 购置费 + 运行费, in the table's rows.
func (c *checker) threePublic(tr *tableRead) {
	if tr.Raw.ID != ThreePublic {
		return
	}
	if tr.transposed {
		c.threePublicColumns(tr)
		return
	}
	var total *line
	var top []*line
	for i, l := range tr.Lines {
		switch {
		case l.Kind == KindTotal:
			total = l
		case l.Level == 0:
			top = append(top, l)
		}
		if l.Kind == KindSubtotal {
			var kids []*line
			for _, k := range tr.Lines[i+1:] {
				if k.Level <= l.Level {
					break
				}
				kids = append(kids, k)
			}
			c.sumLines(tr, l, kids, "three_public_sum")
		}
	}
	if total != nil && len(top) > 0 {
		c.sumLines(tr, total, top, "three_public_sum")
	}
}

// unknownCodes warns about printed codes that are not in the shipped lists.
func (c *checker) unknownCodes(tr *tableRead) {
	for _, l := range tr.Lines {
		if l.Source != "published" {
			continue
		}
		known := (l.FuncCode != "" && KnownFuncCode(l.FuncCode)) || (l.EconCode != "" && KnownEconCode(l.EconCode))
		if known {
			continue
		}
		c.checks = append(c.checks, Check{
			DocID: c.docID, Check: "unknown_code", Table: string(tr.Raw.ID), Item: l.Item, Status: Warn,
			Detail: fmt.Sprintf("%s: code %s%s is not in the shipped classification lists", where(tr, l), l.FuncCode, l.EconCode),
		})
	}
}
