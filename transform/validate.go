package transform

import (
	"fmt"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// checker accumulates the checks of one document.
type checker struct {
	docID  string
	checks []dataset.Check
}

// validate runs every check family over the tables of one document.
func validate(reads []*tableRead, docID string) []dataset.Check {
	c := &checker{docID: docID}
	for _, tr := range reads {
		c.checks = append(c.checks, tr.Checks...)
		c.columnSums(tr)
		c.childrenSums(tr)
		c.unlabelledTotals(tr)
		c.balance(tr)
		c.blockSums(tr)
		c.threePublic(tr)
		c.unknownCodes(tr)
		c.codeNames(tr)
	}
	c.crossTables(reads)
	return c.checks
}

// term is one printed amount taking part in a check.
type term struct {
	yuan decimal.Decimal
	unit dataset.Unit
	dec  int
}

func termOf(tr *tableRead, a cellAmount) term {
	u := tr.Unit
	return term{yuan: dataset.ToYuan(a.Amount.Value, u), unit: u, dec: a.Amount.Decimals}
}

// halfUnit is half a unit of the last printed digit, in 元.
func (t term) halfUnit() decimal.Decimal {
	return decimal.New(5, int32(-t.dec-1)).Mul(t.unit.Factor())
}

// compare records expected (the printed total) against actual (the sum of
// its addends) with the SCHEMA tolerance: half a unit of the last printed
// digit per addend.
func (c *checker) compare(check dataset.CheckID, pos dataset.Position, item string, want term, parts []term, detail string) {
	c.record(check, pos, item, want, parts, detail, false)
}

// compareAtMost records a check that parts add up to no more than want,
// within the SCHEMA tolerance.
func (c *checker) compareAtMost(check dataset.CheckID, pos dataset.Position, item string, want term, parts []term, detail string) {
	c.record(check, pos, item, want, parts, detail, true)
}

// record adds a check of want against the sum of parts: equal within the
// tolerance, or, atMost, not exceeded beyond it.
func (c *checker) record(check dataset.CheckID, pos dataset.Position, item string, want term, parts []term, detail string, atMost bool) {
	sum, tol := decimal.Zero, decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p.yuan)
		tol = tol.Add(p.halfUnit())
	}
	if len(parts) == 1 && !atMost { // the same figure printed twice: each may be rounded
		tol = tol.Add(want.halfUnit())
	}
	diff := want.yuan.Sub(sum)
	status := dataset.Pass
	if (!atMost && diff.Abs().GreaterThan(tol)) || (atMost && diff.LessThan(tol.Neg())) {
		status = dataset.Fail
	}
	c.checks = append(c.checks, dataset.Check{
		DocID: c.docID, Check: check, Position: pos, Item: item,
		Expected: dataset.Amount(want.yuan), Actual: dataset.Amount(sum), Diff: dataset.Amount(diff),
		Tolerance: dataset.Amount(tol), Status: status, Detail: detail,
	})
}

// at is the position of line l of table tr, in column col (empty for a
// check of the whole row).
func at(tr *tableRead, l *line, col dataset.Column) dataset.Position {
	return dataset.Position{Page: l.Page, Table: tr.Raw.ID, Row: l.Row, Column: string(col)}
}

func where(tr *tableRead, l *line) string {
	return fmt.Sprintf("%s page %s row %d", tr.Raw.ID, l.Page, l.Row)
}

// amountIn returns the amount of line l in column col.
func amountIn(l *line, col int) (cellAmount, bool) {
	for _, a := range l.Amounts {
		if a.Col.Col == col && a.Err == nil {
			return a, true
		}
	}
	return cellAmount{}, false
}

// columnSums checks 合计 = Σ the columns it totals, on every row.
func (c *checker) columnSums(tr *tableRead) {
	if tr.transposed {
		return // items as columns: three_public_sum checks them
	}
	for _, s := range tr.Layout.Sides {
		for _, tot := range s.Amounts {
			if tot.Column != dataset.Total || len(tot.Path) == 0 {
				continue
			}
			parts := partColumns(s, tot)
			raws := rawSiblings(s, tot)
			if len(parts)+len(raws) < 2 {
				continue
			}
			c.columnSum(tr, tot, parts, raws)
		}
	}
}

// columnSum checks one total column on every row. Where the canonical
// columns beside it do not add up to it, the raw columns beside them (其他资金,
// 事业单位经营支出 printed as columns of their own) are tried too, and the
// reading whose identity holds is kept: the arithmetic says what a column
// whose header no word explains is.
func (c *checker) columnSum(tr *tableRead, tot colInfo, parts, raws []colInfo) {
	for _, l := range tr.Lines {
		want, ok := amountIn(l, tot.Col)
		if !ok {
			continue
		}
		used := parts
		terms := termsIn(tr, l, parts)
		if len(raws) > 0 && (len(terms) == 0 || !holds(termOf(tr, want), terms)) {
			if all := append(append([]colInfo(nil), parts...), raws...); holds(termOf(tr, want), termsIn(tr, l, all)) || len(parts) < 2 {
				used, terms = all, termsIn(tr, l, all)
			}
		}
		if len(terms) == 0 && want.Amount.Value.IsZero() || len(used) < 2 {
			continue
		}
		names := make([]string, len(used))
		for i, p := range used {
			names[i] = string(p.Column)
		}
		c.compare(dataset.CheckColumnSum, at(tr, l, ""), l.Item, termOf(tr, want), terms,
			fmt.Sprintf("%s: %s = %s", where(tr, l), tot.Column, strings.Join(names, " + ")))
	}
}

// termsIn are a line's amounts in the given columns.
func termsIn(tr *tableRead, l *line, cols []colInfo) []term {
	var terms []term
	for _, p := range cols {
		if a, ok := amountIn(l, p.Col); ok {
			terms = append(terms, termOf(tr, a))
		}
	}
	return terms
}

// holds reports whether parts add up to want within the SCHEMA tolerance.
func holds(want term, parts []term) bool {
	sum, tol := decimal.Zero, decimal.Zero
	for _, p := range parts {
		sum, tol = sum.Add(p.yuan), tol.Add(p.halfUnit())
	}
	if len(parts) == 1 {
		tol = tol.Add(want.halfUnit())
	}
	return want.yuan.Sub(sum).Abs().LessThanOrEqual(tol)
}

// rawSiblings are the raw amount columns beside a total's parts, under the
// same group (总计 | 资金来源: 一般公共预算资金 · 其他资金 counts the group's
// columns too) and not printed as 其中 (a part of a part).
func rawSiblings(s side, tot colInfo) []colInfo {
	parent := tot.Path[:len(tot.Path)-1]
	var out []colInfo
	for _, u := range s.Unknowns {
		if len(u.Path) <= len(parent) || !hasPrefix(u.Path, parent) {
			continue
		}
		if under := u.Path[len(u.Path)-1]; strings.HasPrefix(under, "其中") {
			continue
		}
		out = append(out, u)
	}
	for _, a := range s.Amounts {
		if a.Column.IsRaw() && a.Col != tot.Col && len(a.Path) > len(parent) && hasPrefix(a.Path, parent) {
			out = append(out, a)
		}
	}
	return out
}

// partColumns are the amount columns that a total column sums: its siblings
// under the same header group. A sub-group with its own 小计 counts once,
// and a 其中 column after a part is part of that part (partOfPart).
func partColumns(s side, tot colInfo) []colInfo {
	parent := tot.Path[:len(tot.Path)-1]
	var cand []colInfo
	for _, a := range s.Amounts {
		if a.Col != tot.Col && len(a.Path) > len(parent) && hasPrefix(a.Path, parent) && a.Column != dataset.Budget && a.Column != dataset.Actual && a.Column != dataset.Total && !a.Column.IsRaw() &&
			!partOfPart(s, a) {
			cand = append(cand, a)
		}
	}
	var parts []colInfo
	for _, a := range cand {
		if sub := subtotalOf(cand, a, len(parent)); sub >= 0 && sub != a.Col {
			continue
		}
		parts = append(parts, a)
	}
	return parts
}

// partOfPart reports a 其中 column right of an amount column that is no
// total (财政拨款收入 | 其中：一般公共预算拨款): part of that column, no addend.
// Right of the total (小计 | 其中：基本支出 | 项目支出) 其中 opens the parts.
func partOfPart(s side, a colInfo) bool {
	if !isQizhong(a.Path[len(a.Path)-1]) {
		return false
	}
	prev := -1
	for i, b := range s.Amounts {
		if b.Col < a.Col && (prev < 0 || b.Col > s.Amounts[prev].Col) {
			prev = i
		}
	}
	return prev >= 0 && s.Amounts[prev].Column != dataset.Total
}

// subtotalOf returns the column of the 小计/合计 of a's group one level below
// depth, or -1 when a's group has none.
func subtotalOf(cand []colInfo, a colInfo, depth int) int {
	if len(a.Path) <= depth+1 {
		return -1
	}
	group := a.Path[:depth+1]
	for _, b := range cand {
		leaf := b.Path[len(b.Path)-1]
		if len(b.Path) == depth+2 && hasPrefix(b.Path, group) && (leaf == "小计" || leaf == "合计") {
			return b.Col
		}
	}
	return -1
}

func hasPrefix(path, prefix []string) bool {
	if len(prefix) > len(path) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}
