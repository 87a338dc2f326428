package transform

import (
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

func TestScopeOf(t *testing.T) {
	tests := []struct {
		name   string
		loose  []string
		titles []string
		want   dataset.Scope
	}{
		{"unit cover", []string{"晋城市乡村振兴中心", "2026年度单位预算公开"}, []string{"2026年预算收支总表"}, dataset.ScopeUnit},
		{"department cover", []string{"江苏省委办公厅2019年度部门预算公开"}, nil, dataset.ScopeDepartment},
		{"department final title", nil, []string{"2024年度部门决算收支总表"}, dataset.ScopeDepartment},
		{"cover before titles", []string{"2026年单位预算"}, []string{"部门预算收支总表"}, dataset.ScopeUnit},
		{"classification header is no scope", []string{"部门预算支出经济分类科目"}, []string{"收支总表"}, ""},
		{"silent", []string{"目录"}, []string{"2026年预算收支总表"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tables []*RawTable
			for _, title := range tt.titles {
				tables = append(tables, &RawTable{Title: title})
			}
			if got := scopeOf(tables, tt.loose); got != tt.want {
				t.Errorf("scopeOf(%q, %q) = %q, want %q", tt.titles, tt.loose, got, tt.want)
			}
		})
	}
}
