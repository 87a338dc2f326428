package transform

import (
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestMapHeader maps the header examples of SCHEMA.md's column table, and
// the other header kinds, to their roles and canonical ids.
func TestMapHeader(t *testing.T) {
	tests := []struct {
		in   string
		role Role
		col  dataset.Column
	}{
		{"合计", RoleAmount, dataset.Total},
		{"金额", RoleAmount, dataset.Total},
		{"小计", RoleAmount, dataset.Total},
		{"预算数", RoleAmount, dataset.Total},
		{"2026年预算数", RoleAmount, dataset.Total},
		{"2026 年预算数", RoleAmount, dataset.Total},
		{"本年收入合计", RoleAmount, dataset.Total},
		{"本年支出合计", RoleAmount, dataset.Total},
		{"决算数", RoleAmount, dataset.Total},
		{"2026年", RoleAmount, dataset.Total},
		{"2026年合计", RoleAmount, dataset.Total},
		{"基本支出", RoleAmount, dataset.Basic},
		{"项目支出", RoleAmount, dataset.Project},
		{"人员经费", RoleAmount, dataset.Personnel},
		{"公用经费", RoleAmount, dataset.PublicFunds},
		{"日常公用经费", RoleAmount, dataset.PublicFunds},
		{"一般公共预算", RoleAmount, dataset.GeneralBudget},
		{"一般公共预算资金", RoleAmount, dataset.GeneralBudget},
		{"一般公共预算财政拨款", RoleAmount, dataset.GeneralBudget},
		{"政府性基金预算", RoleAmount, dataset.GovFund},
		{"政府性基金", RoleAmount, dataset.GovFund},
		{"政府性 基金预 算", RoleAmount, dataset.GovFund}, // wrapped in a PDF cell
		{"国有资本经营预算", RoleAmount, dataset.StateCapitalCol},
		{"财政拨款收入", RoleAmount, dataset.FiscalAppropriation},
		{"财政专户管理资金", RoleAmount, dataset.SpecialAccount},
		{"财政专户管理 资金", RoleAmount, dataset.SpecialAccount},
		{"单位资金", RoleAmount, dataset.UnitFunds},
		{"事业收入", RoleAmount, dataset.BusinessIncome},
		{"事业单位经营收入", RoleAmount, dataset.OperatingIncome},
		{"经营收入", RoleAmount, dataset.OperatingIncome},
		{"上级补助收入", RoleAmount, dataset.SuperiorSubsidy},
		{"附属单位上缴收入", RoleAmount, dataset.SubsidiaryRemit},
		{"其他收入", RoleAmount, dataset.OtherIncome},
		{"当年预算安排", RoleAmount, dataset.CurrentYear},
		{"本年预算", RoleAmount, dataset.CurrentYear},
		{"上年结转", RoleAmount, dataset.Carryover},
		{"上年结转安排", RoleAmount, dataset.Carryover},
		{"年初结转和结余", RoleAmount, dataset.Carryover},
		{"单位预留机动经费", RoleAmount, dataset.Reserve},
		{"结转下年", RoleAmount, dataset.CarryForward},
		{"年末结转和结余", RoleAmount, dataset.CarryForward},
		{"年初预算数", RoleAmount, dataset.Budget},
		{"项目", RoleLabel, ""},
		{"科目名称", RoleLabel, ""},
		{"项目名称", RoleLabel, ""},
		{"科目编码", RoleCode, ""},
		{"类", RoleCodeClass, ""},
		{"款", RoleCodeKuan, ""},
		{"项", RoleCodeXiang, ""},
		{"行次", RoleIgnore, ""},
		{"政府预算支出经济科目名称", RoleIgnore, ""},
		{"收入", RoleGroup, ""},
		{"本年收入", RoleGroup, ""},
		{"其中", RoleGroup, ""},
		{"绩效目标", RoleUnknown, "raw:绩效目标"},
		{"预算 执行率", RoleUnknown, "raw:预算执行率"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			role, col := MapHeader(tt.in)
			if role != tt.role || col != tt.col {
				t.Errorf("MapHeader(%q) = %d, %q; want %d, %q", tt.in, role, col, tt.role, tt.col)
			}
		})
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026年预算数", "预算数"},
		{" 2026 年度 合计 ", "合计"},
		{"本年支出合计：", "支出合计"},
		{"2026年", "2026年"},
	}
	for _, tt := range tests {
		if got := NormalizeHeader(tt.in); got != tt.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// canonical holds every column id of SCHEMA.md.
var canonical = map[dataset.Column]bool{dataset.Total: true, dataset.Basic: true, dataset.Project: true, dataset.Personnel: true, dataset.PublicFunds: true,
	dataset.GeneralBudget: true, dataset.GovFund: true, dataset.StateCapitalCol: true, dataset.FiscalAppropriation: true, dataset.SpecialAccount: true,
	dataset.UnitFunds: true, dataset.BusinessIncome: true, dataset.OperatingIncome: true, dataset.SuperiorSubsidy: true, dataset.SubsidiaryRemit: true,
	dataset.OtherIncome: true, dataset.CurrentYear: true, dataset.Carryover: true, dataset.Reserve: true, dataset.CarryForward: true, dataset.Budget: true, dataset.Actual: true}

// FuzzMapHeader checks that MapHeader never panics, that amounts map to a
// canonical id, that unknown headers keep their text as raw:<text without
// spaces>, and that white space never changes the result.
func FuzzMapHeader(f *testing.F) {
	for _, s := range []string{"合计", "2026年预算数", "政府性 基金预 算", "类", "科目编码", "收入", "绩效目标", "", "2026年", "本年"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		role, col := MapHeader(s)
		switch role {
		case RoleAmount:
			if !canonical[col] {
				t.Fatalf("MapHeader(%q) = amount %q, not a canonical id", s, col)
			}
		case RoleUnknown:
			if want := dataset.Column("raw:" + compact(s)); col != want {
				t.Fatalf("MapHeader(%q) = %q, want %q", s, col, want)
			}
		default:
			if col != "" {
				t.Fatalf("MapHeader(%q) = role %d with column %q", s, role, col)
			}
		}
		if r2, c2 := MapHeader(" " + strings.Join(strings.Split(s, ""), " ") + "\u3000"); r2 != role || c2 != col {
			t.Fatalf("MapHeader(%q) = %d %q, but spaced out %d %q", s, role, col, r2, c2)
		}
	})
}
