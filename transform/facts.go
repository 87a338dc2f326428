package transform

import "fmt"

// facts turns the read lines of a table into facts. Amounts that are not
// numbers become not_a_number checks instead of facts.
func (tr *tableRead) facts(meta Meta, info DocInfo) []Fact {
	t, unit := tr.Raw, tr.Unit
	var out []Fact
	for _, l := range tr.Lines {
		for _, a := range l.Amounts {
			if a.Err != nil {
				tr.Checks = append(tr.Checks, notANumber(meta, t, l, a))
				continue
			}
			table := t.ID
			if l.Table != "" {
				table = l.Table
			}
			out = append(out, Fact{
				DocID: meta.DocID, UnitName: info.UnitName, Year: info.Year, DocKind: info.DocKind,
				Province: info.Province, City: info.City, County: info.County,
				Table: table, Flow: l.Flow, RowKind: l.Kind, FuncCode: l.FuncCode, EconCode: l.EconCode,
				CodeSource: l.Source, Item: l.Item, Column: a.Col.Column,
				AmountYuan: ToYuan(a.Amount.Value, unit), UnitPublished: unit,
				Source: meta.Source, Page: l.Page, Row: l.Row,
			})
		}
	}
	tr.unknownHeaders(meta)
	return out
}

func notANumber(meta Meta, t *RawTable, l *line, a cellAmount) Check {
	return Check{
		DocID: meta.DocID, Check: "not_a_number", Table: string(t.ID), Item: l.Item,
		Status: Fail,
		Detail: fmt.Sprintf("%s page %s table %s row %d column %s (%s): amount %q: %v",
			meta.Source, l.Page, t.ID, l.Row, colLetter(a.Col.Col), a.Col.Column, a.Text, a.Err),
	}
}

// unknownHeaders warns once per column kept as raw:<header> that holds data.
func (tr *tableRead) unknownHeaders(meta Meta) {
	if tr.transposed {
		return // items printed as columns: their headers are the items
	}
	seen := map[int]bool{}
	for _, l := range tr.Lines {
		for _, a := range l.Amounts {
			if a.Col.Role != RoleUnknown || seen[a.Col.Col] {
				continue
			}
			seen[a.Col.Col] = true
			tr.Checks = append(tr.Checks, Check{
				DocID: meta.DocID, Check: "unknown_header", Table: string(tr.Raw.ID), Status: Warn,
				Detail: fmt.Sprintf("%s page %s table %s column %s: header %q matches no canonical column; kept as %s",
					meta.Source, tr.Raw.Page, tr.Raw.ID, colLetter(a.Col.Col), a.Col.Path, a.Col.Column),
			})
		}
	}
}

// colLetter names a 0-based column the way spreadsheets do (0 → A).
func colLetter(col int) string {
	s := ""
	for n := col + 1; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}
