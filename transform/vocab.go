package transform

import (
	"github.com/budgetetl/budgetetl/dataset"
)

// The vocabulary of budget tables: every word the reader knows, in one
// place. Entries are parts that headers, titles and row labels are made of,
// not whole strings, so that a new wording of known parts needs no new entry.
// A comment names a region where a word was first met when only some
// regions print it.

// termKind is what a header word says about its column.
type termKind uint8

const (
	termFiller   termKind = iota // says nothing by itself (拨款, 资金, 其中)
	termTotal                    // a total or an undivided amount (合计, 小计, 预算数, 金额)
	termColumn                   // names a canonical column (基本支出 → basic)
	termCurrent                  // the current year's money (当年预算, 本年收入)
	termCarry                    // money carried over from last year (上年结转结余)
	termPrior                    // a prior year's figures, not this year's (上年, 上年预算数)
	termChange                   // a change between years (增减, 增减变化情况)
	termBudget                   // the budget beside the actual in a 决算 (年初预算数)
	termActual                   // the actual in a 决算 (决算数)
	termLabel                    // the row label (项目, 科目名称, 单位名称)
	termCode                     // a classification code column (科目编码)
	termIgnore                   // printed but not data (行次, 栏次, 序号, 备注)
	termUnitCode                 // a unit's code (单位编码): not data, but it places the unit's rows
	termSerial                   // a row's number (序号): not data, unless its numbers are ordinals
	termQuantity                 // a count, never money (数量, 人数)
	termFunc                     // the 支出功能分类 classification
	termEcon                     // the 部门预算支出经济分类 classification
	termGovEcon                  // the 政府预算支出经济分类 classification
	termIncome                   // the income side (收入)
	termExpense                  // the expense side (支出)
)

// headerTerm is one word of the header vocabulary.
type headerTerm struct {
	word   string
	kind   termKind
	column dataset.Column // for termColumn
}

// headerTerms are matched longest first at each position of a header's
// text (spaces, a leading year and 其中： removed first).
var headerTerms = []headerTerm{
	// Totals and undivided amounts. 本年收入合计 and 支出总计 are whole
	// totals although they hold period and side words.
	{"合计", termTotal, ""}, {"总计", termTotal, ""}, {"小计", termTotal, ""}, {"金额", termTotal, ""},
	{"预算数", termTotal, ""}, {"预算", termTotal, ""}, {"合计数", termTotal, ""}, {"预算金额", termTotal, ""},
	{"总额", termTotal, ""}, {"总数", termTotal, ""}, {"数额", termTotal, ""}, {"预算总额", termTotal, ""},
	{"本年收入合计", termTotal, ""}, {"本年支出合计", termTotal, ""}, {"收入合计", termTotal, ""},
	{"支出合计", termTotal, ""}, {"收入总计", termTotal, ""}, {"支出总计", termTotal, ""},
	{"本年预算数", termTotal, ""}, {"预算安排", termTotal, ""}, {"收入预算", termTotal, ""},
	{"支出预算", termTotal, ""}, {"本年支出", termTotal, ""},
	{"机关运行经费", termTotal, ""}, // the one amount of a 机关运行经费 table

	// Spending types.
	{"基本支出", termColumn, dataset.Basic},
	{"项目支出", termColumn, dataset.Project},
	{"专项业务经费", termColumn, dataset.Project}, // Xi'an (CONVENTIONS X1)
	{"专项业务经费支出", termColumn, dataset.Project},
	{"人员经费", termColumn, dataset.Personnel}, {"人员支出", termColumn, dataset.Personnel},
	{"人员经费支出", termColumn, dataset.Personnel}, {"人员类", termColumn, dataset.Personnel}, // Changsha
	{"公用经费", termColumn, dataset.PublicFunds}, {"日常公用经费", termColumn, dataset.PublicFunds},
	{"日常公用支出", termColumn, dataset.PublicFunds}, {"公用经费支出", termColumn, dataset.PublicFunds},
	{"公用支出", termColumn, dataset.PublicFunds},

	// Fund sources.
	{"一般公共预算", termColumn, dataset.GeneralBudget}, {"公共财政预算", termColumn, dataset.GeneralBudget},
	{"公共财政拨款", termColumn, dataset.GeneralBudget}, {"公共预算", termColumn, dataset.GeneralBudget}, // Xi'an 2022
	{"政府性基金预算", termColumn, dataset.GovFund}, {"政府性基金", termColumn, dataset.GovFund},
	{"国有资本经营预算", termColumn, dataset.StateCapitalCol},
	{"财政拨款", termColumn, dataset.FiscalAppropriation}, {"本级财政拨款", termColumn, dataset.FiscalAppropriation}, // Changsha
	{"财政专户管理资金", termColumn, dataset.SpecialAccount}, {"财政专户拨款", termColumn, dataset.SpecialAccount},
	{"财政专户资金", termColumn, dataset.SpecialAccount}, {"财政专户", termColumn, dataset.SpecialAccount},
	{"单位资金", termColumn, dataset.UnitFunds},
	{"事业收入", termColumn, dataset.BusinessIncome},
	{"事业单位经营收入", termColumn, dataset.OperatingIncome}, {"经营收入", termColumn, dataset.OperatingIncome},
	{"上级补助收入", termColumn, dataset.SuperiorSubsidy},
	{"附属单位上缴收入", termColumn, dataset.SubsidiaryRemit},
	{"对附属单位上缴收入", termColumn, dataset.SubsidiaryRemit}, // Xi'an: a source of funds, not 对附属单位补助支出
	{"其他收入", termColumn, dataset.OtherIncome},
	{"单位预留机动经费", termColumn, dataset.Reserve}, // Jiangsu
	{"结转下年", termColumn, dataset.CarryForward}, {"年末结转和结余", termColumn, dataset.CarryForward},
	{"结转结余下年", termColumn, dataset.CarryForward}, {"年终结转结余", termColumn, dataset.CarryForward},

	// Periods.
	{"当年预算", termCurrent, ""}, {"当年预算安排", termCurrent, ""}, {"本年预算", termCurrent, ""},
	{"编制预算", termCurrent, ""}, {"当年财政拨款安排", termCurrent, ""}, {"本年收入", termCurrent, ""},
	{"当年", termCurrent, ""}, {"本年", termCurrent, ""}, {"当年收入", termCurrent, ""},
	{"上年结转", termCarry, ""}, {"上年结转结余", termCarry, ""}, {"上年结转和结余", termCarry, ""}, {"上年结余结转", termCarry, ""},
	{"上年结余、结转", termCarry, ""}, {"年初结转和结余", termCarry, ""}, {"上年结转安排", termCarry, ""},
	{"上年结转资金", termCarry, ""}, {"上年财政拨款结转", termCarry, ""}, {"上年结余", termCarry, ""},
	{"上年", termPrior, ""}, {"上年预算数", termPrior, ""}, {"上年执行数", termPrior, ""},
	{"上年决算数", termPrior, ""},
	{"增减", termChange, ""}, {"增减变化情况", termChange, ""}, {"增减变化", termChange, ""},
	{"增减变化金额", termChange, ""}, {"比上年增减", termChange, ""}, {"增减额", termChange, ""},
	{"增减率", termChange, ""}, {"增长率", termChange, ""}, {"变动率", termChange, ""},
	{"增长", termChange, ""}, {"增幅", termChange, ""}, {"幅度", termChange, ""}, {"变动", termChange, ""},
	{"增加", termChange, ""}, {"减少", termChange, ""},
	{"比", termChange, ""},                          // a comparison (2026年预算数比2025年执行数, Chongqing)
	{"占比", termChange, ""}, {"比重", termChange, ""}, // a share: no money either
	{"执行数", termPrior, ""}, {"预计执行", termPrior, ""}, // a year's execution is never the budget
	{"年初预算数", termBudget, ""}, {"全年预算数", termBudget, ""}, {"调整预算数", termBudget, ""},
	{"年初预算", termBudget, ""}, {"全年预算", termBudget, ""}, {"预计执行数", termPrior, ""}, {"上年预计执行数", termPrior, ""},
	{"决算数", termActual, ""},

	// Label, code and other non-amount columns.
	{"项目", termLabel, ""}, {"名称", termLabel, ""}, {"科目", termLabel, ""}, {"科目名称", termLabel, ""},
	{"项目名称", termLabel, ""}, {"单位名称", termLabel, ""}, {"单位", termLabel, ""},
	{"预算单位", termLabel, ""}, {"部门名称", termLabel, ""}, {"收入项目", termLabel, ""},
	{"支出项目", termLabel, ""}, {"预算项目", termLabel, ""}, {"采购项目", termLabel, ""},
	{"采购品目", termLabel, ""}, {"品目", termLabel, ""}, {"类别", termLabel, ""}, {"资金使用单位", termLabel, ""}, {"项目类型", termIgnore, ""}, {"项目类别", termIgnore, ""}, {"项目分类", termIgnore, ""},
	{"编码", termCode, ""}, {"代码", termCode, ""}, {"科目编码", termCode, ""}, {"科目代码", termCode, ""},
	{"行次", termIgnore, ""}, {"栏次", termIgnore, ""}, {"序号", termSerial, ""}, {"备注", termIgnore, ""},
	{"单位编码", termUnitCode, ""}, {"单位代码", termUnitCode, ""}, {"部门编码", termUnitCode, ""}, {"部门代码", termUnitCode, ""},
	{"项目单位", termIgnore, ""},
	{"绩效目标", termIgnore, ""}, {"资金性质", termIgnore, ""}, {"采购方式", termIgnore, ""},
	{"数量", termQuantity, ""}, {"人数", termQuantity, ""}, {"规格型号", termQuantity, ""},
	{"计量单位", termQuantity, ""}, {"台", termQuantity, ""}, {"辆", termQuantity, ""},
	{"台/辆", termQuantity, ""}, {"套", termQuantity, ""}, {"个数", termQuantity, ""},

	// Classifications, named over code and label columns.
	{"功能分类", termFunc, ""}, {"支出功能分类", termFunc, ""}, {"功能科目", termFunc, ""},
	{"按功能分类", termFunc, ""}, {"功能", termFunc, ""},
	{"经济分类", termEcon, ""}, {"经济科目", termEcon, ""}, {"部门经济分类", termEcon, ""},
	{"部门预算支出经济分类", termEcon, ""}, {"部门经济", termEcon, ""}, {"部门支出经济分类", termEcon, ""},
	{"支出经济分类", termEcon, ""}, {"经济", termEcon, ""}, {"按经济分类", termEcon, ""},
	{"部门预算支出经济科目", termEcon, ""}, {"部门预算经济分类", termEcon, ""}, {"部门预算经济科目", termEcon, ""},
	{"政府预算支出经济科目", termGovEcon, ""}, {"政府预算经济科目", termGovEcon, ""}, {"政府经济分类", termGovEcon, ""}, {"政府预算支出经济分类", termGovEcon, ""},
	{"政府支出经济分类", termGovEcon, ""}, {"政府经济", termGovEcon, ""}, {"政府预算经济分类", termGovEcon, ""},

	// Sides.
	{"收入", termIncome, ""}, {"支出", termExpense, ""},

	// Words that say nothing by themselves.
	{"拨款", termFiller, ""}, {"资金", termFiller, ""}, {"其中", termFiller, ""}, {"安排", termFiller, ""},
	{"部门", termFiller, ""}, {"情况", termFiller, ""}, {"（按大类）", termFiller, ""}, {"(按大类)", termFiller, ""},
	{"按大类", termFiller, ""}, {"类", termFiller, ""}, {"款", termFiller, ""}, {"数", termFiller, ""},
	{"年度", termFiller, ""}, {"（万元）", termFiller, ""}, {"(万元)", termFiller, ""}, {"（元）", termFiller, ""},
	{"(元)", termFiller, ""}, {"万元", termFiller, ""}, {"、", termFiller, ""}, {"：", termFiller, ""},
	{":", termFiller, ""}, {"/", termFiller, ""}, {"（", termFiller, ""}, {"）", termFiller, ""},
	{"(", termFiller, ""}, {")", termFiller, ""}, {"的", termFiller, ""},
	{"%", termFiller, ""}, {"％", termFiller, ""}, // 增长率（%）: the rate is the word
}

// Title vocabulary (titles.go): the key terms that decide a table's id.
var (
	// titleFunds are the fund scopes a title may name, narrowest first.
	titleFunds = []struct {
		word string
		fund int
	}{
		{"一般公共预算", fundGeneral}, {"公共财政", fundGeneral}, {"政府性基金", fundGovFund},
		{"国有资本经营", fundStateCapital}, {"财政拨款", fundFiscal},
		{"财政专户", fundUnread}, {"单位资金", fundUnread},
	}
	titleBasicWords   = []string{"基本支出"}
	titleProjectWords = []string{"项目支出", "专项业务经费", "专项资金支出"}
	titleEconWords    = []string{"经济分类", "经济科目"}
	titleFuncWords    = []string{"功能分类", "功能科目"}
	titleCarryWords   = []string{"上年结转", "结转资金"}
	// otherTableWords mark titles of tables that are not standard budget
	// tables (CONVENTIONS B10); such a title ends the table before it.
	otherTableWords = []string{"绩效", "政府购买服务", "国有资产", "资产占有", "会议费明细", "培训费明细",
		"名词解释", "自评"}
)

// Row-label vocabulary.
var (
	// totalEndings end the label of a row that totals its table or side
	// (合计, 总计, 本年收入合计); sideTotalLabels are the other such labels, the
	// 一、本年收入 group row of summaries that open their sides with it
	// (CONVENTIONS G4/X12).
	totalEndings    = []string{"合计", "总计"}
	sideTotalLabels = map[string]bool{"本年收入": true, "本年支出": true, "当年收入": true, "当年支出": true,
		"本年收入小计": true, "本年支出小计": true, "当年收入小计": true, "当年支出小计": true}
	// grandTotals are the labels of a table's overall total row.
	grandTotals = map[string]bool{"合计": true, "总计": true, "本年支出合计": true, "本年收入合计": true,
		"支出合计": true, "收入合计": true}
	// threePublicWords are the items of a “三公” table (Jiangsu adds 会议费 and
	// 培训费 beside the three).
	threePublicWords = []string{"因公出国", "公务接待", "公务用车", "三公", "会议费", "培训费"}
	// headNouns end header phrases no word explains whole and say what the
	// column is: 采购物品名称 and 采购品目大类 name the rows, 采购组织形式 and
	// 计划实施时间 describe them (text, not money).
	headNouns = []struct {
		word string
		role Role
	}{
		{"名称", RoleLabel}, {"大类", RoleLabel}, {"形式", RoleIgnore}, {"方式", RoleIgnore},
		{"时间", RoleIgnore}, {"日期", RoleIgnore}, {"目录", RoleIgnore}, {"依据", RoleIgnore},
		{"说明", RoleIgnore}, {"备注", RoleIgnore}, {"类型", RoleIgnore}, {"来源", RoleIgnore}, {"期限", RoleIgnore},
	}
	// noteHeaders head a column of notes; an amount column's header run
	// into one (专项业务经费支出 备注) is still that amount column.
	noteHeaders = []string{"备注", "说明"}
	// unitFieldWords label a unit-name field printed in a cell of its own
	// (部门名称 | 北京市信访办公室, Beijing).
	unitFieldWords = map[string]bool{"部门名称": true, "单位名称": true, "编制单位": true, "编制部门": true,
		"预算单位": true, "预算主管部门": true, "主管部门": true, "部门": true, "单位": true}
)
