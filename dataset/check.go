package dataset

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Check is one validation result: a row of checks.csv. Its Position says
// where the check stands (page or sheet, table, row, column) as data; Source
// is not a column of checks.csv, since doc_id names the document.
type Check struct {
	DocID string
	Check CheckID
	Position
	Item      string
	Expected  decimal.NullDecimal // the printed figure, in 元
	Actual    decimal.NullDecimal // what its parts add up to, in 元
	Diff      decimal.NullDecimal // Expected − Actual
	Tolerance decimal.NullDecimal // the 尾差 allowed
	Status    CheckStatus
	Detail    string // one line for a reader: what was compared, where
}

// CheckStatus is a check's outcome.
type CheckStatus string

// The check statuses.
const (
	Pass CheckStatus = "pass"
	Fail CheckStatus = "fail"
	Warn CheckStatus = "warn"
)

// CheckID names a check. SCHEMA.md fixes the families an id starts with;
// ids with a suffix refine a family.
type CheckID string

// The check ids.
const (
	CheckColumnSum            CheckID = "column_sum"             // 合计 = 基本 + 项目 …, per row
	CheckChildrenSum          CheckID = "children_sum"           // 类 = Σ款 = Σ项, total = Σ类
	CheckChildrenSumTotalRow  CheckID = "children_sum_total_row" // a detail row equal to the sum of the other details: a total without its label?
	CheckBalance              CheckID = "balance"                // 收入总计 = 支出总计
	CheckCrossTable           CheckID = "cross_table"            // the same figure in two tables
	CheckCrossTableMissing    CheckID = "cross_table_missing"    // a 决算 lacks one of its nine tables
	CheckCrossTableBlank      CheckID = "cross_table_blank"      // a table printed with headers and no rows
	CheckCrossTableUnread     CheckID = "cross_table_unread"     // a table whose rows print figures, none of them read
	CheckCrossTableOther      CheckID = "cross_table_other"      // a table under a title that names no standard table, its figures not read
	CheckCrossTableRepeat     CheckID = "cross_table_repeat"     // a second table of one id: the same figures (left out) or others (kept)
	CheckThreePublicSum       CheckID = "three_public_sum"       // “三公” total = its items
	CheckNarrative            CheckID = "narrative"              // a figure in the text against the tables
	CheckUnknownHeader        CheckID = "unknown_header"         // a header kept as raw:<text>
	CheckUnknownHeaderIgnored CheckID = "unknown_header_ignored" // a column read as not data whose cells are amounts
	CheckUnknownCode          CheckID = "unknown_code"           // a printed code not in the shipped lists
	CheckCodeName             CheckID = "code_name"              // a printed code beside a name the shipped lists give another code
	CheckNotANumber           CheckID = "not_a_number"           // text in an amount cell
	CheckUnknownUnit          CheckID = "unknown_unit"           // a table that declares no money unit: amounts read as 元
	CheckReaderNote           CheckID = "reader_note"            // a problem the file reader met that did not stop it
	CheckRegionConflict       CheckID = "region_conflict"        // --province/--city/--county against what the document says
)

// CheckColumns are the columns of checks.csv, in contract order; page, row
// and column (v2) come last.
var CheckColumns = []string{"doc_id", "check", "table", "item", "expected_yuan", "actual_yuan",
	"diff_yuan", "tolerance_yuan", "status", "detail", "page", "row", "column"}

// Record returns the check's values as text, in the order of CheckColumns;
// an unset amount or row is empty.
func (c Check) Record() []string {
	row := ""
	if c.Row > 0 {
		row = strconv.Itoa(c.Row)
	}
	return []string{c.DocID, string(c.Check), string(c.Table), c.Item, nullText(c.Expected),
		nullText(c.Actual), nullText(c.Diff), nullText(c.Tolerance), string(c.Status), c.Detail,
		c.Page, row, c.Column}
}

func nullText(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

// Amount wraps a decimal as a set NullDecimal.
func Amount(d decimal.Decimal) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: d, Valid: true}
}
