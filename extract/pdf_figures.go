package extract

import "strings"

// The shapes of printed figures the grid reconstruction looks for, matched
// by hand (they run on every run of text of every page).

// isNumeric reports whether a run is a figure or a code: 701.48, 1,234,
// 2080505, -3 or −3 (a digit first, then digits and commas, then at most
// one decimal part).
func isNumeric(s string) bool {
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	} else if strings.HasPrefix(s, "−") {
		s = s[len("−"):]
	}
	if s == "" || !isDigit(s[0]) {
		return false
	}
	i := 1
	for i < len(s) && (isDigit(s[i]) || s[i] == ',') {
		i++
	}
	return i == len(s) || decimalPart(s[i:])
}

// decimalPart reports whether s is a point and one or more digits.
func decimalPart(s string) bool {
	if len(s) < 2 || s[0] != '.' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isYearLike reports whether a run is a bare year (1900–2099), which marks
// no table row.
func isYearLike(s string) bool {
	return len(s) == 4 && (s[:2] == "19" || s[:2] == "20") && isDigit(s[2]) && isDigit(s[3])
}

// isSeparatedFigure reports whether a run is an amount as printed with
// separators or decimals: 701.48, 4,594,134.72, 1,000 (not 2026 or 1,00).
func isSeparatedFigure(s string) bool {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		return decimalPart(s[i:])
	}
	if i > 3 || i == len(s) {
		return false
	}
	groups := 0
	for i+4 <= len(s) && s[i] == ',' && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
		i += 4
		groups++
	}
	if groups == 0 {
		return false
	}
	return i == len(s) || decimalPart(s[i:])
}
