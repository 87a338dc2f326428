package transform

import (
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestMatchTitle recognizes real titles, budget (预算) and final (决算), from
// Shanxi, Shanghai and Jiangsu disclosures.
func TestMatchTitle(t *testing.T) {
	tests := []struct {
		in   string
		want dataset.TableID
	}{
		{"2026年预算收支总表", dataset.Summary},
		{"2026年预算收入总表", dataset.Income},
		{"2026年预算支出总表", dataset.Expense},
		{"2026年财政拨款收支总表", dataset.FiscalSummary},
		{"2026年一般公共预算支出预算表（不含上年结转）", dataset.GeneralBudgetFunc},
		{"2026年一般公共预算安排基本支出分经济科目表（不含上年结转）", dataset.BasicEcon},
		{"2026年政府性基金预算收入表（不含上年结转）", dataset.GovFundIncome},
		{"2026年政府性基金预算支出表（不含上年结转）", dataset.GovFundFunc},
		{"2026年国有资本经营预算收支预算表（不含上年结转）", dataset.StateCapital},
		{"2026年财政拨款安排“三公”经费支出预算表", dataset.ThreePublic},
		{"2026年财政拨款安排机关运行经费预算表", dataset.OperatingCosts},
		{"2026年项目支出预算表（本年预算）", dataset.Projects},
		{"2026年项目支出预算表（上年结转）", dataset.ProjectsCarryover},
		{"收入支出决算总表", dataset.Summary},
		{"财政拨款收入支出决算总表", dataset.FiscalSummary},
		{"一般公共预算财政拨款支出决算表", dataset.GeneralBudgetFunc},
		{"一般公共预算财政拨款基本支出决算表", dataset.BasicEcon},
		{"2025年“三公”经费和机关运行经费预算表", dataset.ThreePublic},
		{"公开01表 2019年收支预算总表", dataset.Summary},
		{"预算公开表1 2026年预算收支总表", dataset.Summary},
		{"部门公开表9", ""}, // a label alone is no title
		{"2026 年 预算收支 总表", dataset.Summary},
		{"政府采购预算表", dataset.Procurement},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := MatchTitle(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("MatchTitle(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// TestMatchTitleRejects rejects lines that only mention a table: table of
// contents entries and sentences.
func TestMatchTitleRejects(t *testing.T) {
	for _, in := range []string{
		"表一2026年预算收支总表.....\t2",
		"表三2026年预算支出总表.....6",
		"2026年预算收支总表……………3",
		"2026年预算收支总表 3",
		"十、2026年财政拨款安排“三公”经费支出预算表········13",
		"本单位2026年预算收支情况详见预算收支总表。",
		"2026年度收支预算总表，收入总计701.48万元",
		"注：本表无数据",
		"注：政府性基金预算支出表无数据",
		"2026年部门整体绩效目标表",
		"2026年预算收支总",
		"",
	} {
		if id, ok := MatchTitle(in); ok {
			t.Errorf("MatchTitle(%q) = %q, want no match", in, id)
		}
	}
}

func TestIsTableLabel(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"预算公开表1", true}, {"部门公开表9", true}, {"表一", true}, {"附表2", true}, {"表1-1", true},
		{"公开01表", true}, {"单位预算表10", true}, {"部门预算表3", true}, {"2026年预算收支总表", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsTableLabel(tt.in); got != tt.want {
			t.Errorf("IsTableLabel(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestEndsTable(t *testing.T) {
	tests := []struct {
		in       string
		want     bool
		knownBug string // the bug this case was written for (now fixed)
	}{
		{"2026年部门整体绩效目标表", true, ""},
		{"2026年项目支出绩效目标表", true, ""},
		{"项目支出绩效目标表（本年预算）", true,
			"EndsTable trims only the closing bracket, so a bracketed title does not end in 表"},
		{"2026年预算收支总表", false, ""},
		{"财政专户管理资金预算支出表", true, ""}, // a fund without an id of its own
		{"表11 单位资金支出表", true, ""},
		{"部门收入总表", false, ""}, // its 财政专户管理资金 column is no title
		{"绩效管理情况", false, ""},
		{"新增资产配置预算表", true, ""}, // a 预算 table that names no standard table
		{"单位预算08表", false, ""},  // a table's number, not a title
		{"2026年部门收支预算总表", false, ""},
		{"西安市工业和信息化局部门2022年部门综合预算公开报表", false, ""}, // the tables as a whole
		{"第二部分省委办公厅2017年度部门预算表", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := EndsTable(tt.in)
			if got != tt.want {
				t.Errorf("EndsTable(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzMatchTitle checks that MatchTitle never panics and only matches
// lines that say 表, without dot leaders or a full stop.
func FuzzMatchTitle(f *testing.F) {
	for _, s := range []string{"2026年预算收支总表", "表一2026年预算收支总表.....2", "公开01表 2019年收支预算总表", "详见附表。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := MatchTitle(s)
		if ok != (id != "") {
			t.Fatalf("MatchTitle(%q) = %q, %v", s, id, ok)
		}
		if ok && (!strings.Contains(s, "表") || strings.Contains(s, "。") || strings.Contains(s, "....")) {
			t.Fatalf("MatchTitle(%q) = %q, want no match", s, id)
		}
	})
}

// TestMatchTitleRegions recognizes titles of more regions by their key
// terms (issue 7).
func TestMatchTitleRegions(t *testing.T) {
	tests := []struct {
		in   string
		want dataset.TableID
	}{
		{"收支总体情况表", dataset.Summary},                            // Guangzhou 表1
		{"收入总体情况表", dataset.Income},                             // Guangzhou 表2
		{"本年支出总体情况表", dataset.Expense},                          // Guangzhou 表3
		{"财政拨款收支总体情况表", dataset.FiscalSummary},                  // Guangzhou 表4
		{"一般公共预算支出情况表（按功能分类科目）", dataset.GeneralBudgetFunc},     // Guangzhou 表5
		{"一般公共预算基本支出情况表（按经济分类科目）", dataset.BasicEcon},           // Guangzhou 表6
		{"一般公共预算项目支出情况表（按经济分类科目）", dataset.ProjectEcon},         // Guangzhou 表7 (G1)
		{"财政拨款安排的行政经费及“三公”经费预算表", dataset.ThreePublic},          // Guangzhou 表8
		{"部门预算基本支出预算表", dataset.BasicEcon},                      // Guangzhou 表11 (basic_econ_all by the document)
		{"部门预算项目支出及其他支出预算表", dataset.Projects},                  // Guangzhou 表12
		{"表7一般公共预算支出表（按功能分类）", dataset.GeneralBudgetFunc},       // Shenzhen
		{"表8一般公共预算支出表（按经济分类）", dataset.GeneralBudgetEcon},       // Shenzhen
		{"表十一般公共预算支出表", dataset.GeneralBudgetFunc},              // label 表十, not 表十一
		{"表4基本支出总表", dataset.BasicEcon},                         // Shenzhen
		{"表1部门综合预算收支总表", dataset.Summary},                       // Xi'an
		{"表7部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）", dataset.BasicFunc}, // Xi'an
		{"2026年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）", dataset.BasicEcon},
		{"部门综合预算专项业务经费支出表", dataset.Projects},              // Xi'an 表10 (X7)
		{"部门综合预算财政拨款上年结转资金支出表", dataset.ProjectsCarryover}, // Xi'an 表11
		{"2026年预算单位财务收支预算总表", dataset.Summary},             // Shanghai units
		{"预算01表 收支总表", dataset.Summary},                    // Beijing
		{"财政拨款支出预算表（功能科目）", dataset.FiscalFunc},            // Jiangsu
		{"表2-1财政拨款支出明细表（按经济科目分类）", dataset.FiscalEcon},     // the same by economic class (fiscal_econ)
		{"财政拨款支出预算表（部门经济分类科目）", dataset.FiscalEcon},
		{"部门支出总表（按经济分类）", dataset.ExpenseEcon}, // expense by economic class (expense_econ)
		{"部门支出总表（按功能分类）", dataset.Expense},
		{"2022年部门综合预算收支总表金额单位：元", dataset.Summary}, // the unit printed on the title's line
		{"一般公共预算支出表金额单位：万元", dataset.GeneralBudgetFunc},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, ok := MatchTitle(tt.in); got != tt.want || !ok {
				t.Errorf("MatchTitle(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// TestStripTableLabel removes the table label before a title, also where
// its number runs into the year (表52022年…, a label line joined to its
// title), so that a title printed again on a continuation page without the
// label is the same title.
func TestStripTableLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"表52022年部门综合预算一般公共预算支出明细表", "2022年部门综合预算一般公共预算支出明细表"},
		{"表122026年项目支出预算表", "2026年项目支出预算表"},
		{"表3：2026年支出总表", "2026年支出总表"},
		{"公开09表一般公共预算支出表", "一般公共预算支出表"},
		{"2022年部门综合预算收支总表", "2022年部门综合预算收支总表"},
	}
	for _, tt := range tests {
		if got := stripTableLabel(tt.in); got != tt.want {
			t.Errorf("stripTableLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
