package extract

import (
	"fmt"
	"testing"
)

// TestParseToUnicode reads the entry forms of a ToUnicode CMap.
func TestParseToUnicode(t *testing.T) {
	tests := []struct {
		name, cmap string
		want       map[int]string
	}{
		{"bfchar", "2 beginbfchar\n<01> <5355>\n<02><0037>\nendbfchar", map[int]string{1: "单", 2: "7"}},
		{"bfrange", "1 beginbfrange\n<20> <22> <0041>\nendbfrange", map[int]string{0x20: "A", 0x21: "B", 0x22: "C"}},
		{"bfrange array", "1 beginbfrange <05> <06> [<4E00> <4E8C>] endbfrange", map[int]string{5: "一", 6: "二"}},
		{"surrogate pair", "1 beginbfchar <07> <D840DC00> endbfchar", map[int]string{7: "\U00020000"}},
		{"ligature", "1 beginbfchar <08> <00660069> endbfchar", map[int]string{8: "fi"}},
		{"reversed range skipped", "1 beginbfrange <09> <08> <0041> endbfrange", map[int]string{}},
		{"truncated", "1 beginbfchar <01> <53", map[int]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseToUnicode(tt.cmap)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("parseToUnicode = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzParseToUnicode checks that no CMap text panics the parser or makes
// it keep more than maxToUnicode entries.
func FuzzParseToUnicode(f *testing.F) {
	f.Add("2 beginbfchar\n<01> <5355>\n<02> <0037>\nendbfchar")
	f.Add("1 beginbfrange <05> <06> [<4E00> <4E8C>] endbfrange")
	f.Add("beginbfrange <00> <FF> <0000> endbfrange beginbfchar")
	f.Fuzz(func(t *testing.T, text string) {
		if m := parseToUnicode(text); len(m) > maxToUnicode {
			t.Fatalf("%d entries", len(m))
		}
	})
}
