package transform

import "strings"

// Tables printed with items as columns (the “三公” tables:
// 合计 | 因公出国（境）费 | 公务用车购置及运行费 [小计 | 购置费 | 运行费] | 公务接待费)
// give one fact per item: item is the column header as printed, row 1.

// itemsAsColumns reports whether a table prints its items as columns.
func itemsAsColumns(t *RawTable, l layout) bool {
	if t.ID != ThreePublic {
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
		if rowText(b.Row) == "" {
			continue
		}
		n++
		for _, c := range b.Cells {
			a, err := ParseAmount(c.Text)
			if err == nil && a.Blank {
				continue
			}
			info := tr.Layout.Cols[c.Col]
			item, column, kind := transposedItem(info.Path)
			l := &line{Row: n, Page: b.Page, Label: item, Item: CleanItem(item), Flow: FlowExpense, Kind: kind}
			if strings.Contains(item, "机关运行") {
				l.Table, l.Item, l.Kind = OperatingCosts, "机关运行经费", KindDetail
			}
			info.Column = column
			if p := cellProblem(b.Row, c.Col); p != "" {
				err = errString(p)
			}
			l.Amounts = []cellAmount{{Col: info, Text: c.Text, Amount: a, Err: err}}
			tr.Lines = append(tr.Lines, l)
		}
	}
}

// transposedItem reads a column's header path: the item it names, the
// column id (total, or budget/actual under 预算数/决算数) and the row kind.
func transposedItem(path []string) (item string, column Column, kind string) {
	column, kind = Total, KindDetail
	rest := path
	if n := len(rest); n > 0 {
		switch NormalizeHeader(rest[n-1]) {
		case "预算数", "年初预算数", "全年预算数":
			column, rest = Budget, rest[:n-1]
		case "决算数":
			column, rest = Actual, rest[:n-1]
		}
	}
	if len(rest) == 0 {
		return "", column, kind
	}
	item = rest[len(rest)-1]
	switch compact(item) {
	case "小计":
		kind = KindSubtotal
		if len(rest) > 1 {
			item = rest[len(rest)-2]
		}
	case "合计":
		kind = KindTotal
	}
	if strings.Contains(item, "三公") && kind == KindDetail {
		kind = KindSubtotal
	}
	return item, column, kind
}

type errString string

func (e errString) Error() string { return string(e) }
