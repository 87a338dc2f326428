package transform

import (
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

func TestLabelNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"表一", 1}, {"表十二", 12}, {"表7一般公共预算支出表", 7}, {"公开05表", 5}, {"预算01表 收支总表", 1},
		{"预算表12 项目支出绩效目标表", 12}, {"预算公开表32026年预算支出总表", 3}, {"预算公开表122026年项目支出预算表", 12},
		{"表1-1", 0}, {"2026年预算收支总表", 0},
	}
	for _, tt := range tests {
		if got := labelNumber(tt.in); got != tt.want {
			t.Errorf("labelNumber(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestContentsEntry(t *testing.T) {
	tests := []struct {
		in   string
		want dataset.TableID
	}{
		{"表一2026年预算收支总表.....2", dataset.Summary},
		{"表十二2026年项目支出预算表（本年预算）.....15", dataset.Projects},
		{"四、财政拨款收支总表……………7", dataset.FiscalSummary},
		{"2026年预算收支总表", ""}, // a title, not a contents line
		{"一、单位预算收支数据变动情况及原因.....17", ""},
	}
	for _, tt := range tests {
		got, ok := contentsEntry(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("contentsEntry(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// TestNumberingChecks warns about a gap in the numbering and keeps quiet
// about a complete one.
func TestNumberingChecks(t *testing.T) {
	gap := []numberedTable{{n: 3, page: "3"}, {n: 4, page: "4"}, {n: 5, page: "5"}}
	for i := range gap {
		gap[i].id = dataset.Expense
	}
	checks := numberingChecks(gap, 3, "d", "a.pdf")
	if len(checks) != 1 || checks[0].Status != dataset.Warn || !strings.Contains(checks[0].Detail, "number 1, 2 was not found") {
		t.Errorf("numbering 3,4,5: %+v", checks)
	}
	full := []numberedTable{{n: 1, id: dataset.Summary}, {n: 2, id: dataset.Income}, {n: 3, id: dataset.Expense}}
	if checks := numberingChecks(full, 3, "d", "a.pdf"); len(checks) != 0 {
		t.Errorf("numbering 1,2,3: %+v, want none", checks)
	}
	sparse := []numberedTable{{n: 1, id: dataset.Summary}, {n: 9, id: dataset.StateCapital}, {n: 10, id: dataset.ThreePublic}}
	if checks := numberingChecks(sparse, 13, "d", "a.pdf"); len(checks) != 0 {
		t.Errorf("3 of 13 titles numbered: %+v, want none", checks)
	}
}
