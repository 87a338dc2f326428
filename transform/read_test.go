package transform

import "testing"

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
		{"对事业单位补助", "", ""},      // no amount
		{"单位经常性补助18.50", "", ""}, // more than four characters
		{"助18.5.0", "", ""},      // not one amount
	}
	for _, tt := range tests {
		end, amount, ok := labelOverflow(tt.text)
		if ok != (tt.end != "") || end != tt.end || amount != tt.amount {
			t.Errorf("labelOverflow(%q) = %q, %q, %v; want %q, %q", tt.text, end, amount, ok, tt.end, tt.amount)
		}
	}
}
