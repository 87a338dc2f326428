package transform

import "testing"

// TestUnitRe reads the money unit a table declares from its unit line.
func TestUnitRe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"单位：万元", "万元"},
		{"金额单位：元", "元"},
		{"单位:亿元", "亿元"},
		{"单位： 万元", "万元"},
		{"（单位：万元）", "万元"},
		{"单位：万元（保留两位小数）", "万元"},
		{"金额单位：人民币万元", "万元"},
		{"单位：人民币元", "元"},
		{"单位：个", ""},
		{"单位名称：某局", ""},
	}
	for _, tt := range tests {
		got := ""
		if m := unitRe.FindStringSubmatch(tt.in); m != nil {
			got = m[1]
		}
		if got != tt.want {
			t.Errorf("unitRe on %q: %q, want %q", tt.in, got, tt.want)
		}
	}
}
