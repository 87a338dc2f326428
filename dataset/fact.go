package dataset

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Fact is one published amount: a row of facts.csv.
type Fact struct {
	DocID         string // first 16 hex digits of the SHA-256 of the source's bytes
	UnitName      string
	Province      string
	City          string
	County        string
	Year          string
	DocKind       DocKind
	Table         TableID
	Flow          Flow
	RowKind       RowKind
	FuncCode      string // 支出功能分类, 3/5/7 digits
	EconCode      string // 部门预算支出经济分类
	GovEconCode   string // 政府预算支出经济分类
	CodeSource    CodeSource
	Item          string // the row label as published, ordinal prefixes dropped
	Column        Column
	AmountYuan    decimal.Decimal // exact, in 元
	UnitPublished Unit
	Source        string
	Page          string // 1-based PDF page, or the sheet name
	Row           int    // 1-based data row within the table
	SubUnit       string // the 单位 of a memo row in a table listed by unit (v2)
}

// FactColumns are the columns of facts.csv, in contract order.
var FactColumns = []string{"doc_id", "unit_name", "province", "city", "county", "year", "doc_kind",
	"table", "flow", "row_kind", "func_code", "econ_code", "gov_econ_code", "code_source", "item",
	"column", "amount_yuan", "unit_published", "source", "page", "row", "sub_unit"}

// Record returns the fact's values as text, in the order of FactColumns.
func (f Fact) Record() []string {
	return []string{f.DocID, f.UnitName, f.Province, f.City, f.County, f.Year, string(f.DocKind),
		string(f.Table), string(f.Flow), string(f.RowKind), f.FuncCode, f.EconCode, f.GovEconCode,
		string(f.CodeSource), f.Item, string(f.Column), f.AmountYuan.String(), string(f.UnitPublished),
		f.Source, f.Page, strconv.Itoa(f.Row), f.SubUnit}
}

// Position is where the fact was printed.
func (f Fact) Position() Position {
	return Position{Source: f.Source, Page: f.Page, Table: f.Table, Row: f.Row, Column: string(f.Column)}
}
