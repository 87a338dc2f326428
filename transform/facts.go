package transform

import (
	"fmt"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// facts turns the read lines of a table into facts. Amounts that are not
// numbers become not_a_number checks instead of facts.
func (tr *tableRead) facts(meta Meta, info DocInfo) []dataset.Fact {
	t, unit := tr.Raw, tr.Unit
	var out []dataset.Fact
	for _, l := range tr.Lines {
		if l.reprint {
			continue
		}
		for _, a := range l.Amounts {
			if a.Err != nil {
				tr.Checks = append(tr.Checks, notANumber(meta, t, l, a))
				continue
			}
			table := t.ID
			if l.Table != "" {
				table = l.Table
			}
			out = append(out, dataset.Fact{
				DocID: meta.DocID, UnitName: info.UnitName, Year: info.Year, DocKind: info.DocKind,
				Province: info.Province, City: info.City, County: info.County,
				Table: table, Flow: l.Flow, RowKind: l.Kind, FuncCode: l.FuncCode, EconCode: l.EconCode, GovEconCode: l.GovEconCode,
				CodeSource: l.Source, Item: l.Item, Column: a.Col.Column,
				AmountYuan: dataset.ToYuan(a.Amount.Value, unit), UnitPublished: unit,
				Source: meta.Source, Page: l.Page, Row: l.Row, SubUnit: l.SubUnit,
			})
		}
	}
	if len(out) > 0 && unit == dataset.NoUnit {
		tr.Checks = append(tr.Checks, dataset.Check{
			DocID: meta.DocID, Check: dataset.CheckUnknownUnit, Status: dataset.Warn,
			Position: dataset.Position{Page: t.Page, Table: t.ID},
			Detail: fmt.Sprintf("%s page %s table %s: no money unit is printed with the table, in its header or elsewhere in the document; its amounts are read as 元 and unit_published is empty",
				meta.Source, t.Page, t.ID),
		})
	}
	tr.unknownHeaders(meta)
	tr.ignoredFigures(meta)
	return out
}

func notANumber(meta Meta, t *RawTable, l *line, a cellAmount) dataset.Check {
	return dataset.Check{
		DocID: meta.DocID, Check: dataset.CheckNotANumber, Item: l.Item, Status: dataset.Fail,
		Position: dataset.Position{Page: l.Page, Table: t.ID, Row: l.Row, Column: string(a.Col.Column)},
		Detail: fmt.Sprintf("%s page %s table %s row %d column %s (%s): amount %q: %v",
			meta.Source, l.Page, t.ID, l.Row, colLetter(a.Col.Col), a.Col.Column, a.Text, a.Err),
	}
}

// unknownHeaders warns once per column kept as raw:<header> that holds data.
// ignoredFigures warns of a column read as not data (notes, dates, kinds)
// whose cells are mostly amounts (figures with decimals): its header may
// have been run together with another column's, and its money would
// otherwise go unread without a word (unknown_header_ignored).
func (tr *tableRead) ignoredFigures(meta Meta) {
	for _, c := range tr.Layout.Cols {
		if c.Role != RoleIgnore || c.m.ignored != ignoredPlain {
			continue
		}
		money, filled := 0, 0
		for _, b := range tr.Raw.Body {
			t := compact(b.Text(c.Col))
			switch k := kindOf(t); {
			case k == cellBlank:
			case k == cellNumber && strings.Contains(t, "."):
				money++
				filled++
			default:
				filled++
			}
		}
		if money < 3 || 2*money < filled {
			continue
		}
		tr.Checks = append(tr.Checks, dataset.Check{
			DocID: meta.DocID, Check: dataset.CheckUnknownHeaderIgnored, Status: dataset.Warn,
			Position: dataset.Position{Page: tr.Raw.Page, Table: tr.Raw.ID},
			Detail: fmt.Sprintf("%s page %s table %s column %s: header %q is read as not data, but %d of its %d cells are amounts; they are not facts",
				meta.Source, tr.Raw.Page, tr.Raw.ID, colLetter(c.Col), c.Path, money, filled),
		})
	}
}

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
			tr.Checks = append(tr.Checks, dataset.Check{
				DocID: meta.DocID, Check: dataset.CheckUnknownHeader, Status: dataset.Warn,
				Position: dataset.Position{Page: tr.Raw.Page, Table: tr.Raw.ID, Column: string(a.Col.Column)},
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
