package transform

import "testing"

// TestCoverUnitName reads unit names from the text outside the tables, and
// refuses headings that only look like a cover line.
func TestCoverUnitName(t *testing.T) {
	tests := []struct {
		name  string
		loose []string
		want  string
	}{
		{"name above the kind", []string{"江苏省人民检察院", "2018年部门预算", "目录"}, "江苏省人民检察院"},
		{"name and kind on one line", []string{"晋城市乡村振兴中心2026年度单位预算公开"}, "晋城市乡村振兴中心"},
		{"field", []string{"预算单位：阳城县农业技术推广中心"}, "阳城县农业技术推广中心"},
		{"part heading", []string{"目录", "第一部分部门概况", "第二部分2018年度部门预算表"}, ""},
		{"contents line before the kind", []string{"目录", "2018年部门预算"}, ""},
		{"table title", []string{"上海市普陀区2025年部门预算表"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := coverUnitName(tt.loose); got != tt.want {
				t.Errorf("coverUnitName(%q) = %q, want %q", tt.loose, got, tt.want)
			}
		})
	}
}
