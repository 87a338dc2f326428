package extract

import (
	"bufio"
	"fmt"
	"strings"
	"testing"
)

// TestSplitRuns checks where lines are cut into runs and that a run
// stands where its text does: spaces at either end (an indented label,
// the padding after a right-aligned amount) are not part of it.
func TestSplitRuns(t *testing.T) {
	tests := []struct {
		name, page string
		want       string
	}{
		{"indented label", "100 20    技术研究与开发", "[35.0-105.0]技术研究与开发"},
		{"padded amount then label", "100 20 265.00   一、科学技术支出", "[20.0-50.0]265.00 [65.0-145.0]一、科学技术支出"},
		{"amount into label", "100 20 1,234.50一、一般公共服务支出", "[20.0-60.0]1,234.50 [60.0-160.0]一、一般公共服务支出"},
		{"figure and its unit", "100 20 1.00万元", "[20.0-60.0]1.00万元"},
		{"wide gap", "100 20 Item\n100 200 Total", "[20.0-40.0]Item [200.0-225.0]Total"},
		{"words with a space", "100 20 Long item", "[20.0-65.0]Long item"},
		{"figures apart", "100 20 943865000\n100 80 936647884.3", "[20.0-65.0]943865000 [80.0-135.0]936647884.3"},
		{"digits a space apart", "100 20 2026 2027", "[20.0-65.0]2026 2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := parseGlyphPage(bufio.NewScanner(strings.NewReader(tt.page)))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range groupLines(pl.glyphs) {
				for _, r := range splitRuns(l.glyphs) {
					got = append(got, fmt.Sprintf("[%.1f-%.1f]%s", r[0].x0, r[len(r)-1].x1, lineText(r)))
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %q, want %q", g, tt.want)
			}
		})
	}
}
