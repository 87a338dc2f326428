package transform

import (
	"errors"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in       string
		want     string // decimal value; unused when blank or err
		decimals int
		blank    bool
		err      error
	}{
		{in: "1,000,000", want: "1000000"},
		{in: "1，000，000.50", want: "1000000.5", decimals: 2},
		{in: "701.48", want: "701.48", decimals: 2},
		{in: " 701.48 ", want: "701.48", decimals: 2},
		{in: "7\u00a001.48", want: "701.48", decimals: 2},
		{in: "0.00", want: "0", decimals: 2},
		{in: "0", want: "0"},
		{in: "-", want: "0"},
		{in: "—", want: "0"},
		{in: "－", want: "0"},
		{in: "——", want: "0"},
		{in: "", blank: true},
		{in: "   ", blank: true},
		{in: "（空）", blank: true},
		{in: "(空)", blank: true},
		{in: "（12.34）", want: "-12.34", decimals: 2},
		{in: "(12.34)", want: "-12.34", decimals: 2},
		{in: "-12.34", want: "-12.34", decimals: 2},
		{in: "－12.34", want: "-12.34", decimals: 2},
		{in: "+5", want: "5"},
		{in: "１２３．４５", want: "123.45", decimals: 2}, // full-width digits and point
		{in: "（１，２３４．００）", want: "-1234", decimals: 2},
		{in: "−12.34", want: "-12.34", decimals: 2}, // the minus sign U+2212
		{in: "−", want: "0"},
		{in: "壹佰元整", err: ErrNotANumber},
		{in: "1e5", err: ErrNotANumber},
		{in: "1E5", err: ErrNotANumber},
		{in: "0x10", err: ErrNotANumber},
		{in: "1_000", err: ErrNotANumber},
		{in: ".", err: ErrNotANumber},
		{in: "1.2.3", err: ErrNotANumber},
		{in: "12%", err: ErrNotANumber},
		{in: "NaN", err: ErrNotANumber},
		{in: "Inf", err: ErrNotANumber},
		{in: "１２", want: "12"}, // full-width digits read as ASCII
		{in: "()", err: ErrNotANumber},
		{in: "1 234 567.00", want: "1234567", decimals: 2}, // spaces grouping thousands
		{in: "320555 1005250", err: ErrNotANumber},         // two columns run together
		{in: "584550 294400 259120", err: ErrNotANumber},   // three
		{in: "2677.5 8032.5", err: ErrNotANumber},          // two points
		{in: "1,234 5,678", err: ErrNotANumber},            // two thousands commas
		{in: "- 12.00", want: "-12", decimals: 2},          // a sign set apart
		{in: "（ 12.00 ）", want: "-12", decimals: 2},        // a bracket set apart
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAmount(tt.in)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("ParseAmount(%q) = %v, %v; want error %v", tt.in, got.Value, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAmount(%q): %v", tt.in, err)
			}
			if got.Blank != tt.blank {
				t.Fatalf("ParseAmount(%q).Blank = %v, want %v", tt.in, got.Blank, tt.blank)
			}
			if tt.blank {
				return
			}
			if got.Value.String() != tt.want || got.Decimals != tt.decimals {
				t.Errorf("ParseAmount(%q) = %q (%d decimals), want %q (%d decimals)",
					tt.in, got.Value.String(), got.Decimals, tt.want, tt.decimals)
			}
		})
	}
}

func TestToYuan(t *testing.T) {
	tests := []struct {
		in   string
		unit dataset.Unit
		want string
	}{
		{"701.48", dataset.WanYuan, "7014800"},
		{"492.18", dataset.WanYuan, "4921800"},
		{"0.07", dataset.WanYuan, "700"},
		{"0.01", dataset.WanYuan, "100"},
		{"98.95", dataset.WanYuan, "989500"},
		{"1.23456789", dataset.YiYuan, "123456789"},
		{"0.01", dataset.YiYuan, "1000000"},
		{"12345678.9", dataset.YiYuan, "1234567890000000"},
		{"123.45", dataset.Yuan, "123.45"},
		{"123.45", dataset.NoUnit, "123.45"},
		{"-12.34", dataset.WanYuan, "-123400"},
		{"0.00001", dataset.WanYuan, "0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.in+string(tt.unit), func(t *testing.T) {
			a, err := ParseAmount(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := dataset.ToYuan(a.Value, tt.unit).String(); got != tt.want {
				t.Errorf("ToYuan(%s, %q) = %s, want %s", tt.in, tt.unit, got, tt.want)
			}
		})
	}
}

// TestToYuanSumExact checks that sums of converted amounts are exact where
// float64 is not (0.1 + 0.2 万元).
func TestToYuanSumExact(t *testing.T) {
	a, b := decimal.RequireFromString("0.1"), decimal.RequireFromString("0.2")
	sum := dataset.ToYuan(a, dataset.WanYuan).Add(dataset.ToYuan(b, dataset.WanYuan))
	if !sum.Equal(dataset.ToYuan(decimal.RequireFromString("0.3"), dataset.WanYuan)) || sum.String() != "3000" {
		t.Errorf("0.1 + 0.2 万元 = %s 元, want 3000", sum)
	}
}

func TestLooksLikeAmount(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"701.48", true}, {"1,000", true}, {"208", false}, {"2080505", false},
		{"", false}, {"-", false}, {"合计", false}, {"（12.34）", true},
	}
	for _, tt := range tests {
		if got := LooksLikeAmount(tt.in); got != tt.want {
			t.Errorf("LooksLikeAmount(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzParseAmount checks that ParseAmount never panics, that errors are
// ErrNotANumber, and that a parsed value printed with String reparses to
// the same value.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,000,000", "701.48", "-", "—", "", "（空）", "0.00", "（12.34）",
		"-12.34", "壹佰元整", "1e5", "(1,234.5)", "+0.1", "--1", "1."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrNotANumber) {
				t.Fatalf("ParseAmount(%q): error %v is not ErrNotANumber", s, err)
			}
			return
		}
		if a.Blank {
			return
		}
		again, err := ParseAmount(a.Value.String())
		if err != nil {
			t.Fatalf("ParseAmount(%q) = %s, which does not reparse: %v", s, a.Value, err)
		}
		if !again.Value.Equal(a.Value) || again.Blank {
			t.Fatalf("ParseAmount(%q) = %s, reparsed as %s", s, a.Value, again.Value)
		}
	})
}
