package extract

import (
	"regexp"
	"testing"
)

// The regular expressions the hand-written matchers replace, kept as the
// oracle of FuzzFigures.
var (
	numericOracle = regexp.MustCompile(`^[-−]?[0-9][0-9,]*(?:\.[0-9]+)?$`)
	yearOracle    = regexp.MustCompile(`^(?:19|20)[0-9]{2}$`)
	figureOracle  = regexp.MustCompile(`^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$|^[0-9]+\.[0-9]+$`)
)

// TestFigures checks the matchers on the shapes met in disclosures.
func TestFigures(t *testing.T) {
	for _, s := range []string{"", "701.48", "1,234", "2080505", "-3", "−3", "−", "4,594,134.72", "1,000", "1,00", "2026",
		"1999", "2100", "12.", ".5", "1,234.5.6", "1,2345", "12,345,678", "0.00", "合计", "1-2", "--1", "1,,2", "123,456."} {
		check(t, s)
	}
}

// FuzzFigures checks that the matchers agree with the regular expressions.
func FuzzFigures(f *testing.F) {
	f.Add("4,594,134.72")
	f.Add("−1,2")
	f.Fuzz(func(t *testing.T, s string) { check(t, s) })
}

func check(t *testing.T, s string) {
	t.Helper()
	if got, want := isNumeric(s), numericOracle.MatchString(s); got != want {
		t.Errorf("isNumeric(%q) = %v, want %v", s, got, want)
	}
	if got, want := isYearLike(s), yearOracle.MatchString(s); got != want {
		t.Errorf("isYearLike(%q) = %v, want %v", s, got, want)
	}
	if got, want := isSeparatedFigure(s), figureOracle.MatchString(s); got != want {
		t.Errorf("isSeparatedFigure(%q) = %v, want %v", s, got, want)
	}
}
