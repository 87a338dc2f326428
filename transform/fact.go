package transform

import "github.com/shopspring/decimal"

// Fact is one published amount: a row of facts.csv (SCHEMA.md).
type Fact struct {
	DocID         string          `csv:"doc_id"`
	UnitName      string          `csv:"unit_name"`
	Province      string          `csv:"province"`
	City          string          `csv:"city"`
	County        string          `csv:"county"`
	Year          string          `csv:"year"`
	DocKind       string          `csv:"doc_kind"`
	Table         TableID         `csv:"table"`
	Flow          string          `csv:"flow"`
	RowKind       string          `csv:"row_kind"`
	FuncCode      string          `csv:"func_code"`
	EconCode      string          `csv:"econ_code"`
	GovEconCode   string          `csv:"gov_econ_code"`
	CodeSource    string          `csv:"code_source"`
	Item          string          `csv:"item"`
	Column        Column          `csv:"column"`
	AmountYuan    decimal.Decimal `csv:"amount_yuan"`
	UnitPublished Unit            `csv:"unit_published"`
	Source        string          `csv:"source"`
	Page          string          `csv:"page"`
	Row           int             `csv:"row"`
}

// Row kinds.
const (
	KindTotal    = "total"
	KindSubtotal = "subtotal"
	KindDetail   = "detail"
	KindMemo     = "memo"
)

// Flows.
const (
	FlowIncome  = "income"
	FlowExpense = "expense"
)

// Check is one validation result: a row of checks.csv.
type Check struct {
	DocID     string `csv:"doc_id"`
	Check     string `csv:"check"`
	Table     string `csv:"table"`
	Item      string `csv:"item"`
	Expected  string `csv:"expected_yuan"`
	Actual    string `csv:"actual_yuan"`
	Diff      string `csv:"diff_yuan"`
	Tolerance string `csv:"tolerance_yuan"`
	Status    string `csv:"status"`
	Detail    string `csv:"detail"`
}

// Check statuses.
const (
	Pass = "pass"
	Fail = "fail"
	Warn = "warn"
)

// DocInfo is what transform learns about a document as a whole: a row of
// documents.csv without the run's bookkeeping.
type DocInfo struct {
	UnitName    string
	Province    string
	City        string
	County      string
	Year        string
	DocKind     string // budget or final
	Unit        Unit   // the unit most tables declare
	TablesFound []TableID
	TablesEmpty []TableID
	Template    bool // a blank template: titles and headers, no amounts
}
