package transform

import (
	"errors"
	"strings"

	"github.com/shopspring/decimal"
)

// ErrNotANumber is returned by ParseAmount for text that is not an amount.
var ErrNotANumber = errors.New("not a number")

// Amount is a parsed amount cell.
type Amount struct {
	Value    decimal.Decimal
	Decimals int  // digits printed after the decimal point
	Blank    bool // the cell holds no amount (blank, "（空）")
}

// ParseAmount reads the text of an amount cell. Thousands separators are
// dropped; "-", "—" and "－" alone are zero; "（12.34）" and "(12.34)" are
// negative; blank text and "（空）" are Blank, which is not zero. Whole
// figures a space apart are two, not one (spacedAsOne). Full-width digits
// and point (１２３．４５) and the minus sign − read as their ASCII forms.
func ParseAmount(text string) (Amount, error) {
	text = strings.Map(asciiFigure, text)
	if !spacedAsOne(text) {
		return Amount{}, ErrNotANumber
	}
	s := strings.Map(dropSpace, text)
	switch s {
	case "", "（空）", "(空)", "空":
		return Amount{Blank: true}, nil
	case "-", "—", "－", "--", "——", "―":
		return Amount{Value: decimal.Zero}, nil
	}
	neg := false
	if p, ok := unparen(s); ok {
		neg, s = true, p
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "，", "")
	s = strings.TrimPrefix(s, "+")
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "－") {
		neg, s = !neg, strings.TrimLeft(s, "-－")
	}
	if !isPlainNumber(s) {
		return Amount{}, ErrNotANumber
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return Amount{}, ErrNotANumber
	}
	if neg {
		d = d.Neg()
	}
	return Amount{Value: d, Decimals: decimals(s)}, nil
}

// asciiFigure maps the full-width digits and point and the minus sign to
// ASCII.
func asciiFigure(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return '0' + (r - '０')
	case r == '．':
		return '.'
	case r == '−':
		return '-'
	}
	return r
}

// spacedAsOne reports whether text, split at spaces, holds at most one
// whole figure: a word with a decimal point, a thousands comma or four
// digits or more. 320555 1005250 are two columns run together; the groups
// of 1 234 567.00 or a stray space in 7 01.48 are one figure.
func spacedAsOne(text string) bool {
	whole, digits, mark := 0, 0, false // whole figures so far; the current word's digits, and a point or comma in it
	endWord := func() {
		if digits >= 4 || digits > 0 && mark {
			whole++
		}
		digits, mark = 0, false
	}
	for _, r := range text {
		switch {
		case dropSpace(r) < 0:
			endWord()
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == '，':
			mark = true
		}
	}
	endWord()
	return whole <= 1
}

func dropSpace(r rune) rune {
	switch r {
	case ' ', '\t', '\n', '\r', '\u3000', '\u00a0':
		return -1
	}
	return r
}

func unparen(s string) (string, bool) {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasPrefix(s, p[0]) && strings.HasSuffix(s, p[1]) && len(s) > len(p[0])+len(p[1]) {
			return s[len(p[0]) : len(s)-len(p[1])], true
		}
	}
	return "", false
}

// isPlainNumber accepts digits with at most one decimal point and at least
// one digit: no exponent, no sign (handled by the caller).
func isPlainNumber(s string) bool {
	digits, dots := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// LooksLikeAmount reports whether text reads as a number with a decimal
// point or thousands separators, the way amounts are printed (a bare
// integer could be a code or a column number).
func LooksLikeAmount(text string) bool {
	a, err := ParseAmount(text)
	if err != nil || a.Blank {
		return false
	}
	return a.Decimals > 0 || strings.ContainsAny(text, ",，")
}
