package transform

import (
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// TestUnreadChecks: a table that gave no fact fails when rows of its body
// print figures, and says how many; one whose rows print none does not.
func TestUnreadChecks(t *testing.T) {
	row := func(texts ...string) BodyRow {
		var r extract.Row
		for i, s := range texts {
			r.Cells = append(r.Cells, extract.Cell{Col: i, Span: 1, Text: s})
		}
		return BodyRow{Page: "9", Row: r}
	}
	tests := []struct {
		name string
		body []BodyRow
		want string // the check's detail, "" for none
	}{
		{"figures unread", []BodyRow{row("本年收入"), row("某某局", "1,010.00", "900.00"), row("某某中心", "5.00")},
			"x.pdf page 9 table income: 2 rows print figures and none was read as a fact"},
		{"words only", []BodyRow{row("合计"), row("本部门无相关收支项目")}, ""},
		{"no rows", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unreadChecks([]*RawTable{{ID: dataset.Income, Page: "9", Body: tt.body}}, "d", "x.pdf")
			switch {
			case tt.want == "" && len(got) != 0:
				t.Fatalf("got %v, want no check", got)
			case tt.want != "" && (len(got) != 1 || got[0].Check != dataset.CheckCrossTableUnread || got[0].Status != dataset.Fail ||
				!strings.HasPrefix(got[0].Detail, tt.want)):
				t.Fatalf("got %+v, want one failing cross_table_unread: %s…", got, tt.want)
			}
		})
	}
}
