package transform

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// Narrative checks: the 情况说明 of a disclosure restates the main figures
// of its tables (收入支出总计 2,995.39 万元, “三公”经费预算 0.95 万元). A few
// sentence forms are common to every province's template; each figure found
// in one is compared with the table line it restates. Figures of another
// year (2023年…总计) and sentences the forms do not cover are left alone:
// this check looks for contradictions, not for every figure.

// narrativeFact is one sentence form: where its figure sits in the tables.
type narrativeFact struct {
	name  string
	re    *regexp.Regexp
	table dataset.TableID
	line  func(tr *tableRead) (*line, dataset.Column) // the restated line; nil when the table prints none
}

// num is a figure in 万元 as narratives print it.
const num = `([0-9][0-9,]*(?:\.[0-9]+)?)万元`

var narrativeFacts = []narrativeFact{
	{"财政拨款收入支出总计", regexp.MustCompile(`财政拨款收入(?:、)?支出(?:决算|预算)?总计(?:为)?` + num), dataset.FiscalSummary, grandTotal},
	{"收入支出总计", regexp.MustCompile(`收入(?:、)?支出(?:决算|预算)?总计(?:为)?` + num), dataset.Summary, grandTotal},
	{"收入总计", regexp.MustCompile(`(?:预算|决算)?收入(?:预算|决算)?总计(?:为)?` + num), dataset.Summary, grandTotal},
	{"本年收入合计", regexp.MustCompile(`本年收入合计(?:为)?` + num), dataset.Summary, labelled("本年收入合计", dataset.FlowIncome)},
	{"本年支出合计", regexp.MustCompile(`本年支出合计(?:为)?` + num), dataset.Summary, labelled("本年支出合计", dataset.FlowExpense)},
	{"“三公”经费预算", regexp.MustCompile(`“三公”经费(?:财政拨款)?(?:支出)?(?:年初)?预算(?:数)?(?:为)?` + num), dataset.ThreePublic, threePublicBudget},
}

// yearBefore finds a year printed just before a figure's sentence form.
var yearBefore = regexp.MustCompile(`(20[0-9]{2})年(?:度)?[^0-9年]{0,24}$`)

// narrativeChecks compares the figures the narrative restates with the
// tables, for the tables the document has.
func (c *checker) narrativeChecks(reads []*tableRead, loose []string, year string) {
	byID := map[dataset.TableID]*tableRead{}
	for _, tr := range reads {
		if byID[tr.Raw.ID] == nil {
			byID[tr.Raw.ID] = tr
		}
	}
	text := narrativeText(loose)
	used := make([]bool, len(text)) // a span read by one form is not read again by a looser one
	for _, f := range narrativeFacts {
		tr := byID[f.table]
		for _, m := range f.re.FindAllStringSubmatchIndex(text, -1) {
			if used[m[0]] {
				continue
			}
			for i := m[0]; i < m[1]; i++ {
				used[i] = true
			}
			if tr == nil {
				continue // the document does not print that table
			}
			before := text[max(0, m[0]-60):m[0]]
			if y := yearBefore.FindStringSubmatch(before); y != nil && year != "" && y[1] != year {
				continue // another year's figure
			}
			if partOfTotal(before) {
				continue // 财政拨款收入预算总计: one source's total, not the document's
			}
			c.narrativeFigure(tr, f, text[m[2]:m[3]], sentence(text, m[0], m[1]))
		}
	}
}

// narrativeText joins the lines outside the tables into one text, a
// heading (第三部分…, 一、收支预算总体情况说明) ending its sentence: a line
// wraps a sentence, a heading does not run into the one after it.
func narrativeText(loose []string) string {
	var b strings.Builder
	for _, l := range loose {
		l = compact(l)
		b.WriteString(l)
		if sectionRe.MatchString(l) && !strings.ContainsAny(l, "。；，：") {
			b.WriteString("。")
		}
	}
	return b.String()
}

// partOfTotal reports a sentence form qualified by a source of money just
// before it (财政拨款 / 其他资金 / 政府性基金 收入预算总计).
func partOfTotal(before string) bool {
	for _, w := range []string{"拨款", "资金", "基金", "专户", "收入", "经营"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

// narrativeFigure records one narrative check.
func (c *checker) narrativeFigure(tr *tableRead, f narrativeFact, figure, quote string) {
	a, err := ParseAmount(figure)
	if err != nil || a.Blank {
		return
	}
	said := term{yuan: dataset.ToYuan(a.Value, dataset.WanYuan), unit: dataset.WanYuan, dec: a.Decimals}
	l, col := f.line(tr)
	var printed *cellAmount
	if l != nil {
		for i := range l.Amounts {
			if l.Amounts[i].Col.Column == col && l.Amounts[i].Err == nil {
				printed = &l.Amounts[i]
				break
			}
		}
	}
	if printed == nil && said.yuan.IsZero() && !printsFigures(tr) {
		// a table with no figures says there is none (此表如无数字则表示单位无该项支出)
		c.compare(dataset.CheckNarrative, dataset.Position{Page: tr.Raw.Page, Table: tr.Raw.ID}, f.name, said, nil,
			fmt.Sprintf("narrative %q = table %s (page %s), which prints no figures", quote, tr.Raw.ID, tr.Raw.Page))
		return
	}
	if printed == nil {
		c.checks = append(c.checks, dataset.Check{
			DocID: c.docID, Check: dataset.CheckNarrative, Position: dataset.Position{Page: tr.Raw.Page, Table: tr.Raw.ID},
			Item: f.name, Expected: dataset.Amount(said.yuan), Status: dataset.Fail,
			Detail: fmt.Sprintf("narrative %q says %s 万元; table %s (page %s) prints no %s figure", quote, figure, tr.Raw.ID, tr.Raw.Page, f.name),
		})
		return
	}
	c.compare(dataset.CheckNarrative, at(tr, l, col), f.name, said, []term{termOf(tr, *printed)},
		fmt.Sprintf("narrative %q = %s %s %s", quote, where(tr, l), l.Item, printed.Text))
}

// printsFigures reports whether any cell of the table holds an amount.
func printsFigures(tr *tableRead) bool {
	for _, l := range tr.Lines {
		for _, a := range l.Amounts {
			if a.Err == nil && !a.Amount.Blank {
				return true
			}
		}
	}
	return false
}

// grandTotal is the summary's 收入总计 line (收入合计 where no 总计 is printed).
func grandTotal(tr *tableRead) (*line, dataset.Column) {
	in, _ := sideTotals(tr, func(item string) bool { return strings.HasSuffix(item, "总计") })
	if in == nil {
		in, _ = sideTotals(tr, func(item string) bool { return item == "收入合计" })
	}
	return in, dataset.Total
}

// labelled finds the line with item label on the flow's side.
func labelled(label string, flow dataset.Flow) func(tr *tableRead) (*line, dataset.Column) {
	return func(tr *tableRead) (*line, dataset.Column) {
		for _, l := range tr.Lines {
			if l.Item == label && l.Flow == flow {
				return l, dataset.Total
			}
		}
		return nil, dataset.Total
	}
}

// threePublicBudget is the “三公” table's 合计 in its budget column (预算数
// in a 决算 table, the only column in a 预算 table).
func threePublicBudget(tr *tableRead) (*line, dataset.Column) {
	col := dataset.Total
	for _, l := range tr.Lines {
		for _, a := range l.Amounts {
			if a.Col.Column == dataset.Budget {
				col = dataset.Budget
			}
		}
	}
	for _, l := range tr.Lines {
		if l.Kind == dataset.KindTotal && l.Table == "" {
			for _, a := range l.Amounts {
				if a.Col.Column == col {
					return l, col
				}
			}
		}
	}
	return nil, col
}

// sentence quotes the text around a match, up to the sentence's ends.
func sentence(text string, start, end int) string {
	from := 0
	if i := strings.LastIndexAny(text[:start], "。；"); i >= 0 {
		from = i + len("。")
	}
	to := strings.IndexAny(text[end:], "。；，")
	if to < 0 {
		to = len(text) - end
	}
	s := text[from : end+to]
	if r := []rune(s); len(r) > 40 {
		s = "…" + string(r[len(r)-40:])
	}
	return s
}
