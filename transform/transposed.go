package transform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// Tables printed with items as columns (the “三公” tables:
// 合计 | 因公出国（境）费 | 公务用车购置及运行费 [小计 | 购置费 | 运行费] | 公务接待费)
// give one fact per item: item is the column header as printed, row 1.

// itemsAsColumns reports whether a table prints its items as columns.
func itemsAsColumns(t *RawTable, l layout) bool {
	if t.ID != dataset.ThreePublic {
		return false
	}
	items := 0
	for _, c := range l.Cols {
		for _, p := range c.Path {
			if isThreePublicItem(p) && !strings.Contains(p, "三公") {
				items++
				break
			}
		}
	}
	return items >= 2
}

// readTransposed reads each amount cell of an items-as-columns table as its
// own line, named by its column header.
func (tr *tableRead) readTransposed() {
	n := 0
	for _, b := range tr.Raw.Body {
		if !hasAmount(b.Row) {
			if n > 0 {
				break // the one printed data row is read; what follows is prose
			}
			continue
		}
		n++
		for _, c := range b.Cells {
			a, err := ParseAmount(c.Text)
			if err == nil && a.Blank {
				continue
			}
			info := tr.Layout.Cols[c.Col]
			item, column, kind, depth := transposedItem(info.Path)
			l := &line{Row: n, Page: b.Page, Label: item, Item: CleanItem(item), Flow: dataset.FlowExpense, Kind: kind, Level: depth}
			if strings.Contains(item, "机关运行") {
				l.Table, l.Item, l.Kind = dataset.OperatingCosts, "机关运行经费", dataset.KindDetail
			}
			info.Column = column
			if c.Problem != "" {
				err = errors.New(c.Problem)
			}
			l.Amounts = []cellAmount{{Col: info, Text: c.Text, Amount: a, Err: err}}
			tr.Lines = append(tr.Lines, l)
		}
	}
}

// transposedItem reads a column's header path: the item it names, the
// column id (total, or budget/actual under 预算数/决算数) and the row kind.
func transposedItem(path []string) (item string, column dataset.Column, kind dataset.RowKind, depth int) {
	column, kind = dataset.Total, dataset.KindDetail
	rest := path
	if n := len(rest); n > 0 {
		switch w := parseHeader(rest[n-1]); {
		case w.text == "预算数" || (w.budget && w.known()):
			column, rest = dataset.Budget, rest[:n-1]
		case w.actual && w.known():
			column, rest = dataset.Actual, rest[:n-1]
		}
	}
	if len(rest) == 0 {
		return "", column, kind, 0
	}
	item, depth = rest[len(rest)-1], len(rest)-1
	switch compact(item) {
	case "小计":
		kind = dataset.KindSubtotal
		if len(rest) > 1 {
			item, depth = rest[len(rest)-2], len(rest)-2
		}
	case "合计":
		kind = dataset.KindTotal
	}
	if strings.Contains(item, "三公") && kind == dataset.KindDetail {
		kind = dataset.KindSubtotal
	}
	return item, column, kind, depth
}

// threePublicColumns checks a “三公” table printed with items as columns:
// 合计 = the items beside it, and each 小计 group = the items under it, per
// column (total, or budget and actual).
func (c *checker) threePublicColumns(tr *tableRead) {
	byCol := map[dataset.Column][]*line{}
	for _, l := range tr.Lines {
		if l.Table == "" && len(l.Amounts) == 1 && l.Amounts[0].Err == nil {
			col := l.Amounts[0].Col.Column
			byCol[col] = append(byCol[col], l)
		}
	}
	for _, lines := range byCol {
		for _, parent := range lines {
			var kids []*line
			for _, k := range lines {
				if k != parent && k.Level == parent.Level+boolInt(parent.Kind == dataset.KindSubtotal) && k.Kind != dataset.KindTotal && (parent.Kind == dataset.KindTotal || k.Level > parent.Level) {
					kids = append(kids, k)
				}
			}
			if parent.Kind == dataset.KindDetail || len(kids) == 0 {
				continue
			}
			c.sumTransposed(tr, parent, kids)
		}
	}
}

func (c *checker) sumTransposed(tr *tableRead, parent *line, kids []*line) {
	want := parent.Amounts[0]
	var parts []term
	for _, k := range kids {
		parts = append(parts, termOf(tr, k.Amounts[0]))
	}
	c.compare(dataset.CheckThreePublicSum, at(tr, parent, want.Col.Column), parent.Item, termOf(tr, want), parts,
		fmt.Sprintf("%s column %s: %s = Σ %d items", where(tr, parent), want.Col.Column, parent.Item, len(kids)))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
