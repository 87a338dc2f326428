package transform

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

func atomsOf(vals ...string) []sumAtom {
	var atoms []sumAtom
	for i, v := range vals {
		a := sumAtom{index: i}
		if v != "" {
			a.value, a.present = term{yuan: decimal.RequireFromString(v), unit: dataset.Yuan, dec: 2}, true
		}
		atoms = append(atoms, a)
	}
	return atoms
}

// TestParseSumTree parses rows printed without codes or ordinals by the
// sums they promise (real layouts: Xi'an 专项业务经费支出表, Guangzhou 表2/表12).
func TestParseSumTree(t *testing.T) {
	tests := []struct {
		name  string
		total string
		vals  []string
		want  string // parents, or "none"
	}{
		{"siblings", "10.00", []string{"6.00", "4.00"}, "[-1 -1]"},
		{"one child of a group", "8490507.50",
			[]string{"8490507.50", "8490507.50", "3650000.00", "150000.00", "150000.00", "3500000.00", "3500000.00",
				"4840507.50", "4840507.50", "2858680.00", "1000000.00", "981827.50"},
			"[-1 0 1 2 3 2 5 1 7 8 8 8]"},
		{"department row is its own figure", "27900.73", []string{"25142.34", "1485.03", "655.61", "617.75"}, "[-1 -1 -1 -1]"},
		{"equal siblings stay siblings", "30.00", []string{"10.00", "10.00", "10.00"}, "[-1 -1 -1]"},
		{"blank rows are leaves", "5.00", []string{"5.00", ""}, "[-1 -1]"},
		{"rounding within tolerance", "9100.78", []string{"5103.89", "530.99", "3465.91"}, "[-1 -1 -1]"},
		{"does not add up", "100.00", []string{"60.00", "30.00"}, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := term{yuan: decimal.RequireFromString(tt.total), unit: dataset.Yuan, dec: 2}
			got, ok := parseSumTree(atomsOf(tt.vals...), target)
			s := fmt.Sprint(got)
			if !ok {
				s = "none"
			}
			if s != tt.want {
				t.Errorf("parseSumTree(%s; %v) = %s, want %s", tt.total, tt.vals, s, tt.want)
			}
		})
	}
}

// TestParseSumTreeLong parses a unit with 33 projects and three more units
// (Guangzhou 表12) within the state budget.
func TestParseSumTreeLong(t *testing.T) {
	vals := []string{"16041.55", "37.95", "38.93", "600.00", "1500.00", "20.00", "640.00", "58.20", "252.00", "55.35", "10.00",
		"75.00", "50.00", "210.00", "365.00", "1400.00", "305.00", "465.00", "669.00", "54.00", "762.00", "40.00", "900.00",
		"135.00", "2418.82", "242.00", "870.00", "25.60", "33.00", "267.00", "9.00", "33.70", "1500.00", "2000.00",
		"466.00", "5.00", "32.67", "47.33", "371.00", "10.00", "60.00", "60.00", "210.00", "25.00", "61.20", "123.80"}
	target := term{yuan: decimal.RequireFromString("16777.55"), unit: dataset.WanYuan, dec: 2}
	got, ok := parseSumTree(atomsOf(vals...), target)
	if !ok {
		t.Fatal("no parse")
	}
	for i, want := range map[int]int{0: -1, 1: 0, 33: 0, 34: -1, 35: 34, 39: 34, 40: -1, 41: 40, 42: -1, 45: 42} {
		if got[i] != want {
			t.Errorf("parent of row %d (%s) = %d, want %d", i, vals[i], got[i], want)
		}
	}
}

// unitsAndProjects is a table of units each over its projects, as 部门预算
// project and basic-spending tables by unit print them (Guangzhou 表12: 35
// units, 326 rows): amounts in 万元 from a fixed seed, each unit the sum of
// its projects; it returns the amounts, the total and each row's parent.
func unitsAndProjects(units, most int) ([]string, string, []int) {
	r := rand.New(rand.NewPCG(7, 26))
	var vals []string
	var parents []int
	total := int64(0)
	for range units {
		unit, sum := len(vals), int64(0)
		vals, parents = append(vals, ""), append(parents, -1)
		for range 1 + r.IntN(most) {
			v := 1 + r.Int64N(500000) // in 0.01 万元
			sum += v
			vals, parents = append(vals, fmt.Sprintf("%d.%02d", v/100, v%100)), append(parents, unit)
		}
		vals[unit] = fmt.Sprintf("%d.%02d", sum/100, sum%100)
		total += sum
	}
	return vals, fmt.Sprintf("%d.%02d", total/100, total%100), parents
}

// TestParseSumTreeUnits parses a long table of units over projects: a unit
// read as a leaf leaves its projects over-counting the total, and the search
// drops that reading at once instead of exploring every reading after it
// (which ran out of states, or memory, on a 326-row table).
func TestParseSumTreeUnits(t *testing.T) {
	for _, size := range []struct{ units, most int }{{5, 4}, {35, 16}, {60, 12}} {
		vals, total, want := unitsAndProjects(size.units, size.most)
		got, ok := parseSumTree(atomsOf(vals...), term{yuan: decimal.RequireFromString(total), unit: dataset.WanYuan, dec: 2})
		if !ok {
			t.Errorf("%d units, %d rows: no parse", size.units, len(vals))
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d units, %d rows: parents %v, want %v", size.units, len(vals), got, want)
		}
	}
}

// FuzzParseSumTree checks that any parse it returns adds up: every parent
// equals the sum of its children within tolerance.
func FuzzParseSumTree(f *testing.F) {
	f.Add(uint64(1), uint8(5))
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		vals := make([]string, int(n%24)+1)
		for i := range vals {
			seed = seed*6364136223846793005 + 1442695040888963407
			vals[i] = fmt.Sprintf("%d.00", (seed>>33)%50)
		}
		atoms := atomsOf(vals...)
		total := decimal.Zero
		for _, a := range atoms {
			total = total.Add(a.value.yuan)
		}
		got, ok := parseSumTree(atoms, term{yuan: total, unit: dataset.Yuan, dec: 2})
		if !ok {
			return
		}
		sums := map[int]decimal.Decimal{}
		for i, p := range got {
			if p >= i {
				t.Fatalf("row %d has parent %d, not above it", i, p)
			}
			sums[p] = sums[p].Add(atoms[i].value.yuan)
		}
		for p, s := range sums {
			want := total
			if p >= 0 {
				want = atoms[p].value.yuan
			}
			if s.Sub(want).Abs().GreaterThan(decimal.NewFromFloat(0.005 * float64(len(atoms)+1))) {
				t.Fatalf("children of %d add up to %s, want %s (%v → %v)", p, s, want, vals, got)
			}
		}
	})
}

// TestParseSumTreeScale parses amounts of the finest decimals SCHEMA's 万元
// gives (6 places) and leaves a table beyond int64's reach as leaves.
func TestParseSumTreeScale(t *testing.T) {
	target := term{yuan: decimal.RequireFromString("51337374.91"), unit: dataset.Yuan, dec: 2}
	got, ok := parseSumTree(atomsOf("51317063.33", "20311.58"), target)
	if !ok || fmt.Sprint(got) != "[-1 -1]" {
		t.Errorf("parse of a 万元 table = %v, %v; want [-1 -1]", got, ok)
	}
	huge := term{yuan: decimal.RequireFromString("1e30"), unit: dataset.Yuan, dec: 2}
	if got, ok := parseSumTree(atomsOf("1e30"), huge); ok {
		t.Errorf("parse of amounts past int64 = %v, want none", got)
	}
}

// BenchmarkParseSumTree parses the 46 rows of TestParseSumTreeLong.
func BenchmarkParseSumTree(b *testing.B) {
	vals := []string{"16041.55", "37.95", "38.93", "600.00", "1500.00", "20.00", "640.00", "58.20", "252.00", "55.35", "10.00",
		"75.00", "50.00", "210.00", "365.00", "1400.00", "305.00", "465.00", "669.00", "54.00", "762.00", "40.00", "900.00",
		"135.00", "2418.82", "242.00", "870.00", "25.60", "33.00", "267.00", "9.00", "33.70", "1500.00", "2000.00",
		"466.00", "5.00", "32.67", "47.33", "371.00", "10.00", "60.00", "60.00", "210.00", "25.00", "61.20", "123.80"}
	atoms := atomsOf(vals...)
	target := term{yuan: decimal.RequireFromString("16777.55"), unit: dataset.WanYuan, dec: 2}
	for b.Loop() {
		if _, ok := parseSumTree(atoms, target); !ok {
			b.Fatal("no parse")
		}
	}
}

// BenchmarkParseSumTreeUnits parses 35 units over their projects.
func BenchmarkParseSumTreeUnits(b *testing.B) {
	vals, total, _ := unitsAndProjects(35, 16)
	atoms := atomsOf(vals...)
	target := term{yuan: decimal.RequireFromString(total), unit: dataset.WanYuan, dec: 2}
	for b.Loop() {
		if _, ok := parseSumTree(atoms, target); !ok {
			b.Fatal("no parse")
		}
	}
}
