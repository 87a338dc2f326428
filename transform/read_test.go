package transform

import (
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestLabelOverflow splits a label's end from the amount it ran into.
func TestLabelOverflow(t *testing.T) {
	tests := []struct{ text, end, amount string }{
		{"助1839311.66", "助", "1839311.66"},
		{"）0.00", "）", "0.00"},
		{"障中18心39311.66", "障中心", "1839311.66"},
		{"设12）.50", "设）", "12.50"},
		{"1839311.66", "", ""}, // an amount alone
		{"18助39311.66", "助", "1839311.66"},
		{"0设.0)0", "设)", "0.00"},
		{"1,234.00元", "", ""},  // a unit after the amount
		{"(1,234.00)", "", ""}, // a negative amount
		{"（1）", "", ""},
		{"对事业单位补助", "", ""},                // no amount
		{"单位经常性补助18.50", "", ""},           // more than four characters
		{"0部.0门0预算的项目", "部门预算的项目", "0.00"}, // more, printed over the figure from its first digit
		{"0部.0门0预算的项目及其支出", "", ""},        // more than eight
		{"助18.5.0", "", ""},                // not one amount
	}
	for _, tt := range tests {
		end, amount, ok := labelOverflow(tt.text)
		if ok != (tt.end != "") || end != tt.end || amount != tt.amount {
			t.Errorf("labelOverflow(%q) = %q, %q, %v; want %q, %q", tt.text, end, amount, ok, tt.end, tt.amount)
		}
	}
}

func TestOverprintedCode(t *testing.T) {
	tests := []struct {
		text  string
		class classKind
		code  string
		end   string
	}{
		{"险50缴5费01", classGovEcon, "50501", "险缴费"},
		{"费50201", classGovEcon, "50201", "费"},
		{"50201", classGovEcon, "", ""},       // a code alone
		{"50201费", classGovEcon, "", ""},      // characters only after the code: no name's end
		{"险50缴5费01", classEcon, "", ""},       // a code of another classification
		{"险50缴5费0", classGovEcon, "", ""},     // four digits: no code
		{"机关事业单位50501", classGovEcon, "", ""}, // more than four characters
		{"险 50501", classGovEcon, "", ""},     // other text
		{"合计", classGovEcon, "", ""},
	}
	for _, tt := range tests {
		code, end, ok := overprintedCode(tt.text, tt.class)
		if ok != (tt.code != "") || code != tt.code || end != tt.end {
			t.Errorf("overprintedCode(%q, %v) = %q, %q, %v; want %q, %q", tt.text, tt.class, code, end, ok, tt.code, tt.end)
		}
	}
}

// TestMarkReprints writes what a memo block prints again of the first
// expense block once: its totals and the carry rows between them, not its
// own top row, and not a carry row the first block does not print.
func TestMarkReprints(t *testing.T) {
	sides := []side{{Flow: dataset.FlowIncome}, {Flow: dataset.FlowExpense}, {Flow: dataset.FlowExpense, Memo: true}}
	amt := []cellAmount{{Text: "1.00"}}
	rows := []struct {
		side int
		item string
		want bool // reprint
	}{
		{1, "部门预算", false},
		{2, "部门预算", false}, // the memo block's top row is memo (X3)
		{1, "教育支出", false},
		{2, "工资福利支出", false},
		{0, "本年收入合计", false},
		{1, "本年支出合计", false},
		{2, "本年支出合计", true},
		{0, "上年结转", false},
		{1, "结转下年", false},
		{2, "结转下年", true},
		{2, "年末结余", false}, // only the memo block prints it
		{1, "支出总计", false},
		{2, "支出总计", true},
	}
	tr := &tableRead{Layout: layout{Sides: sides}}
	for i, r := range rows {
		tr.Lines = append(tr.Lines, &line{Row: i + 1, Side: r.side, Flow: sides[r.side].Flow, Item: r.item, Label: r.item, Amounts: amt})
	}
	tr.markReprints()
	for i, r := range rows {
		if got := tr.Lines[i].reprint; got != r.want {
			t.Errorf("row %d side %d %s: reprint %v, want %v", i+1, r.side, r.item, got, r.want)
		}
	}
	if !tr.Lines[8].carry || tr.Lines[2].carry {
		t.Errorf("carry: 结转下年 %v, 教育支出 %v; want true, false", tr.Lines[8].carry, tr.Lines[2].carry)
	}
}

func TestSplitCodeName(t *testing.T) {
	tests := []struct{ text, code, name string }{
		{"2010801-行政运行", "2010801", "行政运行"},
		{"[30101]基本工资", "30101", "基本工资"},
		{"201 一般公共服务支出", "201", "一般公共服务支出"},
		{"行政运行（2010101）", "2010101", "行政运行"}, // the name first, its code after it
		{"维修（护）费(30213)", "30213", "维修（护）费"},
		{"基本工资 [30101]", "30101", "基本工资"},
		{"行政运行", "", ""},
		{"2024年项目（2024）", "", ""}, // a year, not a code
		{"1,234.56", "", ""},
	}
	for _, tt := range tests {
		code, name, ok := splitCodeName(tt.text)
		if ok != (tt.code != "") || code != tt.code || name != tt.name {
			t.Errorf("splitCodeName(%q) = %q, %q, %v; want %q, %q", tt.text, code, name, ok, tt.code, tt.name)
		}
	}
}
