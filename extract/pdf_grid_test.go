package extract

import (
	"fmt"
	"testing"
)

// TestCleanSegments checks the merging of collinear rule pieces: pieces
// drawn cell by cell join, pieces a fraction of a point apart join in order
// of their start, and two tables' rules on one line do not bridge the gap
// between the tables.
func TestCleanSegments(t *testing.T) {
	tests := []struct {
		name string
		in   []segment
		want string
	}{
		{"cell by cell", []segment{{217, 100, 217, 120}, {217, 120, 217, 140}, {217, 140.5, 217, 160}},
			"[{217 100 217 160}]"},
		{"offset pieces out of order", []segment{{218, 120, 218, 140}, {217.5, 100, 217.5, 121}},
			"[{217.5 100 217.5 140}]"},
		// The 2017 Jiangsu procuratorate p13: the column rule of the lower
		// table sits 1 pt left of the upper table's.
		{"two tables, one line", []segment{{217.5, 628, 217.5, 742}, {218.5, 70, 218.5, 552}},
			"[{218.5 70 218.5 552} {217.5 628 217.5 742}]"},
		{"apart", []segment{{100, 0, 100, 10}, {300, 0, 300, 10}}, "[{100 0 100 10} {300 0 300 10}]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(cleanSegments(tt.in, false)); got != tt.want {
				t.Errorf("cleanSegments = %s, want %s", got, tt.want)
			}
		})
	}
}
