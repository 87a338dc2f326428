package transform

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// childrenSums checks every row with parts against the sum of its parts
// (类 = Σ款, 款 = Σ项, a unit = Σ its projects), and every total against the
// rows at the top of the hierarchy it closes or opens (合计 = Σ类, 本年收入合计
// = Σ 一、二、…, 收入总计 = 本年收入合计 + 上年结转结余), column by column.
func (c *checker) childrenSums(tr *tableRead) {
	if tr.transposed || tr.Raw.ID == dataset.ThreePublic {
		return // three_public_sum checks them
	}
	for si := range tr.Layout.Sides {
		var lines []*line
		for _, l := range tr.Lines {
			if l.Side == si && !l.reprint {
				lines = append(lines, l)
			}
		}
		kids := map[*line][]*line{}
		for _, l := range lines {
			if l.parent != nil && len(l.Amounts) > 0 {
				kids[l.parent] = append(kids[l.parent], l)
			}
		}
		for i, l := range lines {
			switch {
			case len(kids[l]) > 0 && isQizhong(kids[l][0].Label):
				c.partLines(tr, l, kids[l])
			case len(kids[l]) > 0:
				c.sumLines(tr, l, kids[l], dataset.CheckChildrenSum)
			case isTotalLabel(l.Item):
				if parts := totalParts(lines, i); len(parts) > 0 {
					note := ""
					if slices.Contains(tr.uncertain, si) {
						// no reading of the rows adds up to the total: that
						// fails whatever the hierarchy, so it is said, with
						// the rows as structure placed them
						note = " (no reading of the rows adds up to it; summed as structure places them)"
					}
					c.sumLinesNote(tr, l, parts, dataset.CheckChildrenSum, note)
				}
			}
		}
	}
}

// unlabelledTotals warns of a detail row, first or last in its block,
// that equals the sum of the other detail rows of the block in the key
// column: a total whose label the reader did not find (合 | 计 spaced over
// two columns, printed beside the label column), which summing the details
// would count twice.
func (c *checker) unlabelledTotals(tr *tableRead) {
	if tr.transposed || tr.Raw.ID == dataset.ThreePublic {
		return // three_public_sum checks them
	}
	for si, s := range tr.Layout.Sides {
		key, ok := keyAmount(s)
		if s.Memo || !ok {
			continue
		}
		col := key.Col
		var details, block []*line
		var terms []term
		sum, tol := decimal.Zero, decimal.Zero
		for _, l := range tr.Lines {
			if l.Side == si && !l.reprint {
				block = append(block, l)
			}
			if a, ok := amountIn(l, col); ok && l.Side == si && !l.reprint && l.Kind == dataset.KindDetail {
				t := termOf(tr, a)
				details, terms = append(details, l), append(terms, t)
				sum, tol = sum.Add(t.yuan), tol.Add(t.halfUnit())
			}
		}
		if len(details) < 3 {
			continue
		}
		for i, l := range details {
			v := terms[i].yuan
			if l != block[0] && l != block[len(block)-1] || v.IsZero() || v.Add(v).Sub(sum).Abs().GreaterThan(tol) {
				continue
			}
			c.checks = append(c.checks, dataset.Check{
				DocID: c.docID, Check: dataset.CheckChildrenSumTotalRow, Position: at(tr, l, key.Column), Item: l.Item,
				Expected: dataset.Amount(v), Actual: dataset.Amount(sum.Sub(v)), Diff: dataset.Amount(v.Sub(sum.Sub(v))),
				Tolerance: dataset.Amount(tol), Status: dataset.Warn,
				Detail: fmt.Sprintf("%s: %q is a detail row, yet it equals the sum of the other %d detail rows: a total printed without its label? Summed, the details count it twice",
					where(tr, l), l.Item, len(details)-1),
			})
		}
	}
}

// totalParts are the rows a total at lines[i] adds up: at the top of its
// block, the top-level rows after it; elsewhere, the top-level rows since the
// total before it, and that total itself (收入总计 = 本年收入合计 + 上年结转).
func totalParts(lines []*line, i int) []*line {
	var parts []*line
	if i == 0 {
		for _, l := range lines[1:] {
			if isTotalLabel(l.Item) {
				break
			}
			if l.parent == nil && len(l.Amounts) > 0 {
				parts = append(parts, l)
			}
		}
		return parts
	}
	for j := i - 1; j >= 0; j-- {
		l := lines[j]
		if isTotalLabel(l.Item) {
			if len(l.Amounts) > 0 && j > 0 {
				parts = append(parts, l)
			}
			break
		}
		if l.parent == nil && !l.top && len(l.Amounts) > 0 {
			parts = append(parts, l)
		}
	}
	slices.Reverse(parts)
	return parts
}

// sumLines checks, in every amount column of parent, that it equals the sum
// of the kids' amounts in the same column.
func (c *checker) sumLines(tr *tableRead, parent *line, kids []*line, check dataset.CheckID) {
	c.sumLinesNote(tr, parent, kids, check, "")
}

// sumLinesNote is sumLines with a note ending each check's detail.
func (c *checker) sumLinesNote(tr *tableRead, parent *line, kids []*line, check dataset.CheckID, note string) {
	for _, a := range parent.Amounts {
		if a.Err != nil {
			continue
		}
		parts := termsAt(tr, kids, a.Col.Col)
		if len(parts) == 0 && a.Amount.Value.IsZero() {
			continue
		}
		where2 := "below"
		if len(kids) > 0 && kids[0].Row < parent.Row {
			where2 = "above"
		}
		c.compare(check, at(tr, parent, a.Col.Column), parent.Item, termOf(tr, a), parts,
			fmt.Sprintf("%s column %s: %s = Σ %d rows %s%s", where(tr, parent), a.Col.Column, parent.Item, len(kids), where2, note))
	}
}

// termsAt are the amounts of lines in column col, where they print one.
func termsAt(tr *tableRead, lines []*line, col int) []term {
	var out []term
	for _, l := range lines {
		if b, ok := amountIn(l, col); ok {
			out = append(out, termOf(tr, b))
		}
	}
	return out
}

// partLines checks a row against the rows printed as 其中 under it: “of
// which” names some of its parts, not always all, so the parts may not
// exceed it (一般公共预算拨款 480,544,221.62 | 其中：专项资金列入部门预算的项目
// 426,680,000.00 holds); the check says it compared an upper bound.
func (c *checker) partLines(tr *tableRead, parent *line, kids []*line) {
	for _, a := range parent.Amounts {
		if a.Err != nil {
			continue
		}
		parts := termsAt(tr, kids, a.Col.Col)
		if len(parts) == 0 {
			continue
		}
		c.compareAtMost(dataset.CheckChildrenSum, at(tr, parent, a.Col.Column), parent.Item, termOf(tr, a), parts,
			fmt.Sprintf("%s column %s: %s ≥ Σ %d 其中 rows below (of which: a part)", where(tr, parent), a.Col.Column, parent.Item, len(kids)))
	}
}

// balance checks 收入总计 = 支出总计 in two-sided summary tables; a table
// whose bottom lines are 收入合计 | 支出合计 (Jiangsu) balances those.
func (c *checker) balance(tr *tableRead) {
	if tr.Raw.ID != dataset.Summary && tr.Raw.ID != dataset.FiscalSummary {
		return
	}
	in, out := sideTotals(tr, func(item string) bool { return strings.HasSuffix(item, "总计") })
	if in == nil || out == nil {
		in, out = sideTotals(tr, func(item string) bool { return item == "收入合计" || item == "支出合计" })
	}
	if in == nil || out == nil {
		return
	}
	a, b := in.Amounts[0], out.Amounts[0]
	c.compare(dataset.CheckBalance, at(tr, in, a.Col.Column), in.Item+" = "+out.Item, termOf(tr, a), []term{termOf(tr, b)},
		fmt.Sprintf("%s: %s %s = %s %s", tr.Raw.ID, in.Item, a.Text, out.Item, b.Text))
}

// sideTotals returns the first income and expense total lines with a
// readable amount whose item is wanted.
func sideTotals(tr *tableRead, wanted func(string) bool) (in, out *line) {
	for _, l := range tr.Lines {
		if l.Kind != dataset.KindTotal || !wanted(l.Item) || len(l.Amounts) == 0 || l.Amounts[0].Err != nil {
			continue
		}
		if l.Flow == dataset.FlowIncome && in == nil {
			in = l
		} else if l.Flow == dataset.FlowExpense && out == nil {
			out = l
		}
	}
	return in, out
}

// blockSums checks a summary that breaks its expense down twice (功能分类
// and 支出用途 side by side): each block's rows add up to the year's
// expense total (当年支出小计, 本年支出合计), wherever that is printed.
func (c *checker) blockSums(tr *tableRead) {
	memo := false
	for _, s := range tr.Layout.Sides {
		memo = memo || s.Memo
	}
	if !memo {
		return
	}
	var total *line
	for _, l := range tr.Lines {
		if l.Flow == dataset.FlowExpense && yearTotalRe.MatchString(l.Item) && len(l.Amounts) > 0 && l.Amounts[0].Err == nil {
			total = l
			break
		}
	}
	if total == nil {
		return
	}
	for si, s := range tr.Layout.Sides {
		if s.Flow != dataset.FlowExpense {
			continue
		}
		var parts []term
		for _, l := range tr.Lines {
			if l.Side != si || l.carry || l.Kind == dataset.KindTotal || l.Level > 1 || strings.Contains(l.Item, "结转") || len(l.Amounts) == 0 || l.Amounts[0].Err != nil {
				continue
			}
			parts = append(parts, termOf(tr, l.Amounts[0]))
		}
		if len(parts) == 0 {
			continue
		}
		block := "功能分类"
		if s.Memo {
			block = "支出用途"
		}
		c.compare(dataset.CheckChildrenSum, at(tr, total, total.Amounts[0].Col.Column), total.Item, termOf(tr, total.Amounts[0]), parts,
			fmt.Sprintf("%s: %s %s = Σ %d %s rows", where(tr, total), total.Item, total.Amounts[0].Text, len(parts), block))
	}
}

// yearTotalRe matches the label of a year's expense total.
var yearTotalRe = regexp.MustCompile(`^(?:当年|本年)支出(?:小计|合计)$`)

// threePublic checks the “三公” total against its three items, and 公务用车
// 购置及运行费 against 购置费 + 运行费, in the table's rows.
func (c *checker) threePublic(tr *tableRead) {
	if tr.Raw.ID != dataset.ThreePublic {
		return
	}
	if tr.transposed {
		c.threePublicColumns(tr)
		return
	}
	var own []*line // the “三公” lines (not 行政经费 written as operating_costs)
	for _, l := range tr.Lines {
		if l.Table == "" {
			own = append(own, l)
		}
	}
	for i, l := range own {
		if l.Kind != dataset.KindTotal && l.Kind != dataset.KindSubtotal {
			continue
		}
		kids := directChildren(own[i+1:], l)
		if len(kids) == 0 && l.Kind == dataset.KindTotal {
			kids = topLines(own[:i]) // a 合计 printed under its items
		}
		if len(kids) > 0 {
			c.sumLines(tr, l, kids, dataset.CheckThreePublicSum)
		}
	}
}

// directChildren are the lines right under l among the lines after it: the
// shallowest ordinal level that follows, until a line as shallow as l (or,
// under a total, until the next total).
func directChildren(after []*line, l *line) []*line {
	var kids []*line
	depth := -1
	for _, k := range after {
		if k.Kind == dataset.KindTotal || (l.Kind != dataset.KindTotal && k.Level <= l.Level) {
			break
		}
		if depth < 0 {
			depth = k.Level
		}
		if k.Level == depth {
			kids = append(kids, k)
		}
	}
	return kids
}

// topLines are the shallowest lines among lines (no totals).
func topLines(lines []*line) []*line {
	depth := -1
	for _, l := range lines {
		if l.Kind != dataset.KindTotal && (depth < 0 || l.Level < depth) {
			depth = l.Level
		}
	}
	var top []*line
	for _, l := range lines {
		if l.Kind != dataset.KindTotal && l.Level == depth {
			top = append(top, l)
		}
	}
	return top
}
