package extract

import "testing"

func TestUnifyHan(t *testing.T) {
	tests := []struct{ in, want string }{
		{"⼀般公共预算⽀出表", "一般公共预算支出表"}, // Kangxi radicals
		{"部⻔预算", "部门预算"},           // a simplified radical
		{"⺟婴", "母婴"},               // a supplement radical that decomposes
		{"\uf900\uf9a8", "豈令"},     // a compatibility ideograph
		{"讠", "讠"},                 // a unified ideograph: kept
		{"（1）工资福利支出 1,234.56", "（1）工资福利支出 1,234.56"}, // full-width brackets are kept as printed
		{"", ""},
	}
	for _, tt := range tests {
		if got := unifyHan(tt.in); got != tt.want {
			t.Errorf("unifyHan(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if g := (pageTransform{urx: 100, ury: 100}).boxGlyph("⽀", 0, 0, 10, 10); g.text != "支" {
		t.Errorf("boxGlyph gave %q, want 支: every engine's glyphs are unified", g.text)
	}
}
