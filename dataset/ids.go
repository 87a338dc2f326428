package dataset

// TableID is a canonical table id (SCHEMA.md, "Canonical table ids").
type TableID string

// The canonical table ids. BasicEconAll, BasicFunc and ProjectEcon are the
// v2 additions of corpus/cities-truth/CONVENTIONS.md; FiscalEcon and
// ExpenseEcon, this project's, are fiscal_func's and expense's tables by
// economic class (财政拨款支出明细表（按经济科目分类）, 部门支出总表（按经济分类）),
// which SCHEMA has no id for.
const (
	Summary           TableID = "summary"
	Income            TableID = "income"
	Expense           TableID = "expense"
	FiscalSummary     TableID = "fiscal_summary"
	GeneralBudgetFunc TableID = "general_budget_func"
	BasicEcon         TableID = "basic_econ"
	GeneralBudgetEcon TableID = "general_budget_econ"
	GovFundIncome     TableID = "gov_fund_income"
	GovFundFunc       TableID = "gov_fund_func"
	StateCapital      TableID = "state_capital"
	ThreePublic       TableID = "three_public"
	OperatingCosts    TableID = "operating_costs"
	Projects          TableID = "projects"
	ProjectsCarryover TableID = "projects_carryover"
	Procurement       TableID = "procurement"
	FiscalFunc        TableID = "fiscal_func"
	FiscalBasicEcon   TableID = "fiscal_basic_econ"
	BasicEconAll      TableID = "basic_econ_all"
	BasicFunc         TableID = "basic_func"
	ProjectEcon       TableID = "project_econ"
	FiscalEcon        TableID = "fiscal_econ"
	ExpenseEcon       TableID = "expense_econ"
)

// Tables lists every canonical table id in SCHEMA order.
var Tables = []TableID{Summary, Income, Expense, FiscalSummary, GeneralBudgetFunc, BasicEcon,
	GeneralBudgetEcon, GovFundIncome, GovFundFunc, StateCapital, ThreePublic, OperatingCosts, Projects,
	ProjectsCarryover, Procurement, FiscalFunc, FiscalBasicEcon, BasicEconAll, BasicFunc, ProjectEcon, FiscalEcon, ExpenseEcon}

// Column is a canonical column id (SCHEMA.md, "Canonical column ids"), or
// "raw:<header>" for a printed header that matches none of them.
type Column string

// The canonical column ids.
const (
	Total               Column = "total"
	Basic               Column = "basic"
	Project             Column = "project"
	Personnel           Column = "personnel"
	PublicFunds         Column = "public_funds"
	GeneralBudget       Column = "general_budget"
	GovFund             Column = "gov_fund"
	StateCapitalCol     Column = "state_capital"
	FiscalAppropriation Column = "fiscal_appropriation"
	SpecialAccount      Column = "special_account"
	UnitFunds           Column = "unit_funds"
	BusinessIncome      Column = "business_income"
	OperatingIncome     Column = "operating_income"
	SuperiorSubsidy     Column = "superior_subsidy"
	SubsidiaryRemit     Column = "subsidiary_remit"
	OtherIncome         Column = "other_income"
	CurrentYear         Column = "current_year"
	Carryover           Column = "carryover"
	Reserve             Column = "reserve"
	CarryForward        Column = "carry_forward"
	Budget              Column = "budget"
	Actual              Column = "actual"
)

// rawPrefix starts the id of a column whose header matched no canonical id.
const rawPrefix = "raw:"

// RawColumn is the column id of a header that matches no canonical id.
func RawColumn(header string) Column { return Column(rawPrefix + header) }

// IsRaw reports whether c is a raw:<header> column.
func (c Column) IsRaw() bool {
	return len(c) >= len(rawPrefix) && string(c[:len(rawPrefix)]) == rawPrefix
}

// RowKind is a fact's row_kind.
type RowKind string

// The row kinds. Within one table, flow and column the detail rows sum to
// the total; subtotal rows have their children listed; memo rows split a
// total the table already splits another way.
const (
	KindTotal    RowKind = "total"
	KindSubtotal RowKind = "subtotal"
	KindDetail   RowKind = "detail"
	KindMemo     RowKind = "memo"
)

// Flow is the side of a table a fact stands on.
type Flow string

// The flows.
const (
	FlowIncome  Flow = "income"
	FlowExpense Flow = "expense"
)

// DocKind says whether a document is a budget (预算) or a final account (决算).
type DocKind string

// The document kinds.
const (
	DocBudget DocKind = "budget"
	DocFinal  DocKind = "final"
)

// CodeSource says where a fact's classification code comes from.
type CodeSource string

// The code sources; a fact with no code has an empty one.
const (
	CodePublished CodeSource = "published" // printed in the document
	CodeByName    CodeSource = "name"      // looked up from the row's name
)
