package transform

import (
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestColumnMeaning reads header paths (top to bottom) as the documents
// print them: SCHEMA's examples and the combinations of CONVENTIONS.md.
func TestColumnMeaning(t *testing.T) {
	tests := []struct {
		path string // cells joined by " > "
		role Role
		col  dataset.Column
	}{
		{"合计", RoleAmount, dataset.Total},
		{"金额", RoleAmount, dataset.Total},
		{"小计", RoleAmount, dataset.Total},
		{"预算数", RoleAmount, dataset.Total},
		{"预算", RoleAmount, dataset.Total}, // CONVENTIONS 6: a single 预算 column
		{"2026年预算数", RoleAmount, dataset.Total},
		{"2026 年预算数", RoleAmount, dataset.Total},
		{"2026年", RoleAmount, dataset.Total},
		{"本年收入合计", RoleAmount, dataset.Total},
		{"支出总计", RoleAmount, dataset.Total}, // Shenzhen 表3
		{"收入总计", RoleAmount, dataset.Total},
		{"决算数", RoleAmount, dataset.Total},
		{"全年预算", RoleAmount, dataset.Total},
		{"年初预算", RoleAmount, dataset.Total},
		{"事业收入（不含教育收费）", RoleAmount, dataset.BusinessIncome}, // a note of what the column leaves out
		{"一般公共预算(含上年结转)", RoleAmount, dataset.GeneralBudget},
		{"预计执行数", RoleSkip, ""}, // last year's, beside the budget
		{"2025年预计执行数", RoleSkip, ""},
		{"基本支出", RoleAmount, dataset.Basic},
		{"其中：基本支出", RoleAmount, dataset.Basic},
		{"项目支出", RoleAmount, dataset.Project},
		{"专项业务经费支出", RoleAmount, dataset.Project}, // X1
		{"人员经费", RoleAmount, dataset.Personnel},
		{"人员经费支出", RoleAmount, dataset.Personnel},
		{"公用经费", RoleAmount, dataset.PublicFunds},
		{"日常公用经费", RoleAmount, dataset.PublicFunds},
		{"一般公共预算", RoleAmount, dataset.GeneralBudget},
		{"一般公共预算资金", RoleAmount, dataset.GeneralBudget},
		{"一般公共预算拨款收入", RoleAmount, dataset.GeneralBudget},
		{"一般公共预算财政拨款", RoleAmount, dataset.GeneralBudget},
		{"政府性基金预算", RoleAmount, dataset.GovFund},
		{"政府性 基金预 算", RoleAmount, dataset.GovFund}, // wrapped in a PDF cell
		{"国有资本经营预算拨款", RoleAmount, dataset.StateCapitalCol},
		{"财政拨款收入", RoleAmount, dataset.FiscalAppropriation},
		{"财政专户管理资金", RoleAmount, dataset.SpecialAccount},
		{"财政专户拨款", RoleAmount, dataset.SpecialAccount}, // G3
		{"单位资金", RoleAmount, dataset.UnitFunds},
		{"事业收入", RoleAmount, dataset.BusinessIncome},
		{"事业单位经营收入", RoleAmount, dataset.OperatingIncome},
		{"经营收入", RoleAmount, dataset.OperatingIncome},
		{"上级补助收入", RoleAmount, dataset.SuperiorSubsidy},
		{"附属单位上缴收入", RoleAmount, dataset.SubsidiaryRemit},
		{"对附属单位上缴收入", RoleAmount, dataset.SubsidiaryRemit},
		{"其他收入", RoleAmount, dataset.OtherIncome},
		{"当年预算安排", RoleAmount, dataset.CurrentYear},
		{"本年预算", RoleAmount, dataset.CurrentYear},
		{"上年结转", RoleAmount, dataset.Carryover},
		{"上年结余、结转", RoleAmount, dataset.Carryover}, // Shenzhen 表2
		{"年初结转和结余", RoleAmount, dataset.Carryover},
		{"单位预留机动经费", RoleAmount, dataset.Reserve},
		{"结转下年", RoleAmount, dataset.CarryForward},
		{"年末结转和结余", RoleAmount, dataset.CarryForward},
		// groups
		{"基本支出 > 小计", RoleAmount, dataset.Basic},
		{"基本支出 > 人员经费", RoleAmount, dataset.Personnel},
		{"项目支出 > 项目支出总数", RoleAmount, dataset.Project},
		{"财政拨款 > 小计", RoleAmount, dataset.FiscalAppropriation}, // Y5
		{"财政拨款收入 > 一般公共预算", RoleAmount, dataset.GeneralBudget}, // Guangzhou 表2
		{"本年收入 > 小计", RoleAmount, dataset.CurrentYear},         // rule 7
		{"本年收入 > 一般公共预算资金", RoleAmount, dataset.GeneralBudget}, // P1
		{"上年结转结余 > 小计", RoleAmount, dataset.Carryover},         // P1
		{"上年结转结余", RoleAmount, dataset.Carryover},              // Guangzhou 表2
		{"预算数 > 合计", RoleAmount, dataset.Total},                // Beijing 预算05表
		{"其中 > 事业单位经营支出", RoleUnknown, "raw:事业单位经营支出"},         // rule 6
		{"财政专户拨款收入 > 教育收费", RoleUnknown, "raw:教育收费"},           // G3
		{"2026年政府采购项目 > 小计", RoleAmount, "raw:2026年政府采购项目"},    // rule 6
		{"2026年政府采购项目中预留给中小企业的项目资金规模", RoleUnknown, "raw:2026年政府采购项目中预留给中小企业的项目资金规模"},
		{"上年实户资金余额", RoleUnknown, "raw:上年实户资金余额"},            // X2
		{"项目支出 > 扣除基建项目后预算数", RoleUnknown, "raw:扣除基建项目后预算数"}, // Beijing
		// non-amount columns
		{"项目", RoleLabel, ""},
		{"科目名称", RoleLabel, ""},
		{"单位名称", RoleLabel, ""},
		{"科目编码", RoleCode, ""},
		{"部门经济科目编码", RoleCode, ""}, // Xi'an 表6
		{"类", RoleCodeClass, ""},
		{"款", RoleCodeKuan, ""},
		{"项", RoleCodeXiang, ""},
		{"行次", RoleIgnore, ""},
		{"数量", RoleQuantity, ""},
		{"上年 > 因公出国（境）费", RoleSkip, ""}, // X11
		{"2026年预算数 > 增减变化情况", RoleSkip, ""},
		{"2025年执行数", RoleSkip, ""}, // Chongqing: the year before's execution
		{"2025年预计执行数", RoleSkip, ""},
		{"2026年预算数比2025年执行数 > 增长率（%）", RoleSkip, ""}, // a comparison group over a rate
		{"2026年预算数比2025年执行数增减", RoleSkip, ""},        // the years inside one cell
		{"比上年增长%", RoleSkip, ""},
		{"占比", RoleSkip, ""},
		{"2026年预算数 > 小计", RoleAmount, dataset.Total},
		{"绩效目标", RoleIgnore, ""},
		{"预算 执行率", RoleUnknown, "raw:预算执行率"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			m := columnMeaning(strings.Split(tt.path, " > "))
			if m.role != tt.role || m.column != tt.col {
				t.Errorf("columnMeaning(%q) = %d, %q; want %d, %q", tt.path, m.role, m.column, tt.role, tt.col)
			}
		})
	}
}

// TestRunInAmount reads the header of an amount column into which the
// headers of blank text columns beside it were run.
func TestRunInAmount(t *testing.T) {
	tests := []struct {
		path string // cells joined by " > "
		want dataset.Column
	}{
		{"实施采购时间预算金额说明", dataset.Total},
		{"采购目录预算金额", dataset.Total},
		{"预算金额说明", dataset.Total},
		{"一般公共预算 > 采购目录金额", dataset.GeneralBudget}, // the group names the fund
		{"预算金额", ""},                               // one word: nothing run in
		{"实施采购时间预算金额基本支出", ""},                     // two words of money
		{"预算执行率", ""},                              // 执行率 describes no rows
		{"事业单位经营支出", ""},                           // no word of money
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			path := strings.Split(tt.path, " > ")
			var groups []headerWords
			for _, g := range path[:len(path)-1] {
				groups = append(groups, parseHeader(g))
			}
			if got := runInAmount(path[len(path)-1], groups); got != tt.want {
				t.Errorf("runInAmount(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

// TestHeaderClass reads the classification a code or label header names.
func TestHeaderClass(t *testing.T) {
	tests := []struct {
		path  string
		class classKind
	}{
		{"支出功能分类科目 > 科目编码", classFunc},
		{"部门预算支出经济分类科目（按大类）", classEcon},
		{"政府预算支出经济分类科目（按大类）", classGovEcon},
		{"政府经济科目名称", classGovEcon},
		{"部门经济科目编码", classEcon},
		{"科目名称", classNone},
	}
	for _, tt := range tests {
		if m := columnMeaning(strings.Split(tt.path, " > ")); m.class != tt.class {
			t.Errorf("columnMeaning(%q).class = %d, want %d", tt.path, m.class, tt.class)
		}
	}
}

// canonical holds every column id of SCHEMA.md.
var canonical = map[dataset.Column]bool{dataset.Total: true, dataset.Basic: true, dataset.Project: true, dataset.Personnel: true, dataset.PublicFunds: true,
	dataset.GeneralBudget: true, dataset.GovFund: true, dataset.StateCapitalCol: true, dataset.FiscalAppropriation: true, dataset.SpecialAccount: true,
	dataset.UnitFunds: true, dataset.BusinessIncome: true, dataset.OperatingIncome: true, dataset.SuperiorSubsidy: true, dataset.SubsidiaryRemit: true,
	dataset.OtherIncome: true, dataset.CurrentYear: true, dataset.Carryover: true, dataset.Reserve: true, dataset.CarryForward: true, dataset.Budget: true, dataset.Actual: true}

// FuzzColumnMeaning checks that header parsing never panics, that an
// amount column has a canonical id or raw:<text>, that every other role has
// no id, and that white space never changes the result.
func FuzzColumnMeaning(f *testing.F) {
	for _, s := range []string{"合计", "2026年预算数", "政府性 基金预 算", "类", "科目编码", "收入", "绩效目标", "",
		"2026年", "本年", "本年收入 > 小计", "上年结转结余 > 一般公共预算资金", "其中：", "（万元）", "实施采购时间预算金额说明"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		path := strings.Split(s, " > ")
		m := columnMeaning(path)
		switch m.role {
		case RoleAmount:
			if !canonical[m.column] && !m.column.IsRaw() {
				t.Fatalf("columnMeaning(%q) = amount %q, not a canonical or raw id", s, m.column)
			}
		case RoleUnknown:
			if len(path) > 0 && !m.column.IsRaw() && compact(s) != "" {
				t.Fatalf("columnMeaning(%q) = unknown %q, want raw:…", s, m.column)
			}
		default:
			if m.column != "" {
				t.Fatalf("columnMeaning(%q) = role %d with column %q", s, m.role, m.column)
			}
		}
		if m.before != "" && !canonical[m.before] && !m.before.IsRaw() {
			t.Fatalf("columnMeaning(%q) runs into %q, not a canonical or raw id", s, m.before)
		}
		spaced := make([]string, len(path))
		for i, p := range path {
			spaced[i] = " " + strings.Join(strings.Split(p, ""), " ") + "\u3000"
		}
		if m2 := columnMeaning(spaced); m2.role != m.role || m2.column != m.column {
			t.Fatalf("columnMeaning(%q) = %d %q, but spaced out %d %q", s, m.role, m.column, m2.role, m2.column)
		}
	})
}

func TestMoveOverflow(t *testing.T) {
	for _, c := range []struct {
		a, b, wantA, wantB string
		moved              bool
	}{
		{"预算数政", "府预算支出经济科目（按大类）", "预算数", "政府预算支出经济科目（按大类）", true},
		{"序", "号单位编码", "序号", "单位编码", true},
		{"预算数", "政府预算支出经济科目", "预算数", "政府预算支出经济科目", false},     // both read: nothing moves
		{"上年实户资金余额", "小计", "上年实户资金余额", "小计", false},           // a header no word explains stays whole
		{"支出功能分科目（按大类）", "预算数", "支出功能分科目（按大类）", "预算数", false}, // a misprint is not an overflow
	} {
		a, b, moved := moveOverflow(c.a, c.b)
		if a != c.wantA || b != c.wantB || moved != c.moved {
			t.Errorf("moveOverflow(%q, %q) = %q, %q, %v; want %q, %q, %v", c.a, c.b, a, b, moved, c.wantA, c.wantB, c.moved)
		}
	}
}
