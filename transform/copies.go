package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// Tables a document prints more than once: the same table of each of the
// department's units (unitTables), or one table printed again (tableCopies).

// unitTables names, per table, the unit whose own table it is: a document
// that prints a table once for the department and again for each unit
// (部门收支总表 under 单位名称：某局, again under 某局本级 and 某中心) gives the
// units' tables memo facts with their unit as sub_unit (ofUnit), so that
// summing detail rows counts the money once.
func unitTables(reads []*tableRead) []string {
	out := make([]string, len(reads))
	for i, tr := range reads {
		if tr.Raw.ofUnit {
			out[i] = tr.Raw.UnitName
		}
	}
	return out
}

// ofUnit makes the facts of a unit's own table memo facts of that unit:
// CONVENTIONS B4's rule for a unit's row, for a unit's table.
func ofUnit(facts []dataset.Fact, unit string) {
	for k := range facts {
		facts[k].SubUnit, facts[k].RowKind = unit, dataset.KindMemo
	}
}

// tableCopies remembers the first table of each id that gave facts, to
// tell a second one read under that id (cross_table_repeat).
type tableCopies struct {
	meta   Meta
	first  map[dataset.TableID]printedTable
	checks []dataset.Check
}

// printedTable is where a table of an id was first printed, under which
// title, and what it printed (factPrint).
type printedTable struct{ page, title, print string }

func newTableCopies(meta Meta) *tableCopies {
	return &tableCopies{meta: meta, first: map[dataset.TableID]printedTable{}}
}

// again reports a table that prints again, figure for figure and under the
// same title, the first table of its id: its facts are left out, and a
// warning says so. A second table of the id under another title or with
// other figures is kept, and a warning says both count.
func (c *tableCopies) again(t *RawTable, facts []dataset.Fact) bool {
	if len(facts) == 0 {
		return false
	}
	p := printedTable{page: t.Page, title: stripTableLabel(compact(t.Title)), print: factPrint(facts)}
	first, seen := c.first[t.ID]
	if !seen {
		c.first[t.ID] = p
		return false
	}
	check := dataset.Check{DocID: c.meta.DocID, Check: dataset.CheckCrossTableRepeat, Status: dataset.Warn,
		Position: dataset.Position{Page: t.Page, Table: t.ID}}
	same := first.print == p.print && first.title == p.title
	if same {
		check.Detail = fmt.Sprintf("%s page %s: table %s prints again the table of page %s, figure for figure; its facts are left out, not counted twice",
			c.meta.Source, t.Page, t.ID, first.page)
	} else {
		check.Detail = fmt.Sprintf("%s page %s: a second table read as %s (the first on page %s, under another title or with other figures); both are kept, and whoever sums %s counts both",
			c.meta.Source, t.Page, t.ID, first.page, t.ID)
	}
	c.checks = append(c.checks, check)
	return same
}

// factPrint is what a table's facts say, apart from where they stand: two
// tables with the same print are one table printed twice.
func factPrint(facts []dataset.Fact) string {
	keys := make([]string, len(facts))
	for i, f := range facts {
		keys[i] = strings.Join([]string{string(f.Table), string(f.Flow), string(f.RowKind), f.FuncCode, f.EconCode,
			f.GovEconCode, f.Item, string(f.Column), f.AmountYuan.String(), f.SubUnit}, "\x1f")
	}
	slices.Sort(keys)
	return strings.Join(keys, "\x1e")
}
