package transform

import (
	"regexp"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// Role is what a header says a column holds.
type Role int

// dataset.Column roles.
const (
	RoleUnknown   Role = iota // a header that matches nothing known
	RoleAmount                // an amount column (dataset.Column says which)
	RoleLabel                 // the row label (项目, 科目名称, 项目名称)
	RoleCode                  // a single classification code column (科目编码)
	RoleCodeClass             // split code: 类
	RoleCodeKuan              // split code: 款
	RoleCodeXiang             // split code: 项
	RoleIgnore                // printed but not data: 行次, 栏次, 政府经济科目名称 …
	RoleGroup                 // a group header over other columns (收入, 支出, 本年收入)
)

var yearPrefix = regexp.MustCompile(`^(?:20[0-9]{2}年(?:度)?)`)

// amountHeaders maps header text (spaces and a leading year removed) to a
// column id. Checked as exact matches first, then as suffixes.
var amountHeaders = map[string]dataset.Column{
	"合计": dataset.Total, "金额": dataset.Total, "小计": dataset.Total, "预算数": dataset.Total, "": dataset.Total,
	"本年收入合计": dataset.Total, "本年支出合计": dataset.Total, "决算数": dataset.Total, "预算金额": dataset.Total,
	"本年预算数": dataset.Total, "总计": dataset.Total, "机关运行经费支出": dataset.Total, "机关运行经费": dataset.Total,
	"收入预算": dataset.Total, "支出预算": dataset.Total, "合计数": dataset.Total,
	"基本支出": dataset.Basic, "项目支出": dataset.Project, "人员经费": dataset.Personnel,
	"公用经费": dataset.PublicFunds, "日常公用经费": dataset.PublicFunds,
	"一般公共预算": dataset.GeneralBudget, "一般公共预算资金": dataset.GeneralBudget, "一般公共预算财政拨款": dataset.GeneralBudget,
	"一般公共预算拨款": dataset.GeneralBudget, "一般公共预算拨款收入": dataset.GeneralBudget,
	"政府性基金预算": dataset.GovFund, "政府性基金": dataset.GovFund, "政府性基金预算资金": dataset.GovFund,
	"政府性基金预算财政拨款": dataset.GovFund, "政府性基金预算拨款收入": dataset.GovFund,
	"国有资本经营预算": dataset.StateCapitalCol, "国有资本经营预算资金": dataset.StateCapitalCol,
	"国有资本经营预算财政拨款": dataset.StateCapitalCol, "国有资本经营预算拨款收入": dataset.StateCapitalCol,
	"财政拨款收入": dataset.FiscalAppropriation, "财政拨款": dataset.FiscalAppropriation,
	"财政专户管理资金": dataset.SpecialAccount, "财政专户管理资金收入": dataset.SpecialAccount,
	"单位资金": dataset.UnitFunds, "事业收入": dataset.BusinessIncome,
	"事业单位经营收入": dataset.OperatingIncome, "经营收入": dataset.OperatingIncome,
	"上级补助收入": dataset.SuperiorSubsidy, "附属单位上缴收入": dataset.SubsidiaryRemit, "其他收入": dataset.OtherIncome,
	"当年预算安排": dataset.CurrentYear, "本年预算": dataset.CurrentYear, "当年财政拨款安排": dataset.CurrentYear,
	"上年结转": dataset.Carryover, "上年结转安排": dataset.Carryover, "年初结转和结余": dataset.Carryover,
	"上年结转资金": dataset.Carryover, "上年财政拨款结转": dataset.Carryover,
	"单位预留机动经费": dataset.Reserve, "结转下年": dataset.CarryForward, "年末结转和结余": dataset.CarryForward,
	"结转下年资金": dataset.CarryForward, "年初预算数": dataset.Budget,
}

var labelHeaders = []string{"项目", "科目名称", "项目名称", "单位名称", "功能分类科目名称",
	"部门预算支出经济科目名称", "经济科目名称", "部门经济分类科目名称", "收入项目", "支出项目",
	"预算项目", "科目", "名称", "单位", "项目（按功能分类）", "项目(按功能分类)", "经济分类科目名称",
	"功能科目名称", "经济分类名称", "功能分类名称"}

var codeHeaders = []string{"科目编码", "功能分类科目编码", "功能科目代码", "经济科目代码", "收入科目编码", "支出科目编码", "经济科目编码",
	"科目代码", "编码", "代码", "功能科目编码", "部门经济分类科目编码", "经济分类科目编码"}

var ignoreHeaders = []string{"行次", "栏次", "政府预算支出经济科目名称", "政府经济分类科目名称",
	"政府预算经济分类", "序号", "项目单位", "单位编码", "项目类型", "备注"}

var groupHeaders = []string{"收入", "支出", "本年收入", "本年支出", "财政拨款", "其中", "支出功能分类科目",
	"国有资本经营预算收入", "国有资本经营预算支出", "项目", "部门预算支出经济分类科目",
	"支出经济分类", "一般公共预算支出", "政府性基金预算支出", "功能分类", "支出用途", "按功能分类", "按支出用途"}

// NormalizeHeader prepares header text for matching: white space, a leading
// year (2026年) and enclosing punctuation are removed.
func NormalizeHeader(text string) string {
	s := compact(text)
	s = strings.Trim(s, "：:")
	s = yearPrefix.ReplaceAllString(s, "")
	s = strings.TrimPrefix(s, "本年")
	if s == "" && strings.TrimSpace(text) != "" {
		return compact(text)
	}
	return s
}

// MapHeader returns the role and, for amounts, the column id of a leaf
// header. The year prefix is ignored (2026年预算数 = 预算数).
func MapHeader(text string) (Role, dataset.Column) {
	raw := compact(text)
	s := NormalizeHeader(text)
	switch {
	case raw == "类":
		return RoleCodeClass, ""
	case raw == "款":
		return RoleCodeKuan, ""
	case raw == "项":
		return RoleCodeXiang, ""
	case slices.Contains(ignoreHeaders, raw):
		return RoleIgnore, ""
	case slices.Contains(codeHeaders, raw):
		return RoleCode, ""
	case slices.Contains(labelHeaders, raw):
		return RoleLabel, ""
	}
	if c, ok := amountHeaders[raw]; ok && raw != "" {
		return RoleAmount, c
	}
	if c, ok := amountHeaders[s]; ok {
		return RoleAmount, c
	}
	if c, ok := amountHeaders["本年"+s]; ok {
		return RoleAmount, c
	}
	if slices.Contains(groupHeaders, raw) {
		return RoleGroup, ""
	}
	if strings.HasSuffix(raw, "年") && yearPrefix.MatchString(raw) {
		return RoleAmount, dataset.Total // a bare year: 2026年
	}
	return RoleUnknown, dataset.Column("raw:" + raw)
}
