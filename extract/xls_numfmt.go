package extract

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Excel number formats: how a cell of a legacy .xls workbook is displayed
// (built-in and custom formats, thousands separators, dates), so its text
// reads as the document shows it.

// builtinFormat is the code of Excel's built-in number format id, as a
// Chinese (zh-CN) Excel displays it; unknown ids read as General.
func builtinFormat(id int) string {
	switch id {
	case 1:
		return "0"
	case 2:
		return "0.00"
	case 3:
		return "#,##0"
	case 4:
		return "#,##0.00"
	case 5, 6, 37, 38:
		return "#,##0_);(#,##0)"
	case 7, 8, 39, 40:
		return "#,##0.00_);(#,##0.00)"
	case 9:
		return "0%"
	case 10:
		return "0.00%"
	case 11:
		return "0.00E+00"
	case 14, 30:
		return "yyyy/m/d"
	case 15:
		return "d-mmm-yy"
	case 16:
		return "d-mmm"
	case 17:
		return "mmm-yy"
	case 18, 20, 32, 34:
		return "h:mm"
	case 19, 21, 33, 35:
		return "h:mm:ss"
	case 22:
		return "yyyy/m/d h:mm"
	case 27, 36, 50, 57:
		return `yyyy"年"m"月"`
	case 28, 29, 58:
		return `m"月"d"日"`
	case 31:
		return `yyyy"年"m"月"d"日"`
	case 41, 43:
		return "#,##0.00"
	case 42, 44:
		return "#,##0.00"
	case 45:
		return "mm:ss"
	case 48:
		return "##0.0E+0"
	}
	return "General"
}

// formatNumber renders v as number format code displays it: General, fixed
// decimals, thousands separators, percent, scientific, literal prefixes and
// suffixes, and dates. Rounding is Excel's: to 15 significant digits, then
// half away from zero.
func formatNumber(v float64, code string, date1904 bool) string {
	sections := splitSections(code)
	sec, neg := sections[0], v < 0
	switch {
	case len(sections) >= 3 && v == 0:
		sec = sections[2]
	case len(sections) >= 2 && v < 0:
		sec, v, neg = sections[1], -v, false // the section prints its own sign
	}
	lower := strings.ToLower(sec)
	switch {
	case lower == "" || strings.Contains(lower, "general") || lower == "@":
		return formatGeneral(v)
	case isDateFormat(lower):
		return formatDate(v, sec, date1904)
	}
	return formatFixed(v, sec, neg)
}

// splitSections splits a format code at the semicolons outside quotes.
func splitSections(code string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case c == '\\' && !quoted:
			i++
		case c == ';' && !quoted:
			out = append(out, code[start:i])
			start = i + 1
		}
	}
	return append(out, code[start:])
}

// formatGeneral prints v with up to 15 significant digits and no float noise.
func formatGeneral(v float64) string {
	if a := math.Abs(v); a != 0 && (a >= 1e15 || a < 1e-9) {
		return strings.ToUpper(strconv.FormatFloat(v, 'g', 6, 64))
	}
	return excelDecimal(v).String()
}

// excelDecimal is v rounded to the 15 significant digits Excel keeps.
func excelDecimal(v float64) decimal.Decimal {
	d, err := decimal.NewFromString(strconv.FormatFloat(v, 'g', 15, 64))
	if err != nil { // NaN or Inf, which a cell cannot hold
		return decimal.Zero
	}
	return d
}

// numPattern is the number part of a format section.
type numPattern struct {
	prefix, suffix strings.Builder
	minInt         int // 0s before the point
	decimals       int // placeholders after the point
	minDecimals    int // 0s after the point
	thousands      bool
	percent        int
	scientific     bool
}

// parsePattern splits a format section into literal prefix, number
// placeholders and literal suffix (literals between placeholders are dropped).
func parsePattern(sec string) *numPattern {
	p := &numPattern{}
	seen, point := false, false
	lit := func(s string) {
		if seen {
			p.suffix.WriteString(s)
		} else {
			p.prefix.WriteString(s)
		}
	}
	for i := 0; i < len(sec); i++ {
		c := sec[i]
		switch {
		case c == '"':
			end := strings.IndexByte(sec[i+1:], '"')
			if end < 0 {
				end = len(sec) - i - 1
			}
			lit(sec[i+1 : i+1+end])
			i += end + 1
		case c == '\\' || c == '_' || c == '*':
			if i+1 < len(sec) {
				i++
				lit(map[byte]string{'\\': string(sec[i]), '_': " ", '*': ""}[c])
			}
		case c == '[':
			end := strings.IndexByte(sec[i:], ']')
			if end < 0 {
				end = len(sec) - i - 1
			}
			if tag := sec[i+1 : i+end]; strings.HasPrefix(tag, "$") {
				lit(strings.SplitN(tag[1:], "-", 2)[0])
			}
			i += end
		case (c == '0' || c == '#' || c == '?') && p.scientific:
			// exponent digits
		case c == '0' || c == '#' || c == '?':
			seen = true
			p.suffix.Reset()
			if point {
				p.decimals++
				if c == '0' {
					p.minDecimals = p.decimals
				}
			} else if c == '0' {
				p.minInt++
			}
		case c == '.' && !point && (seen || i+1 < len(sec) && strings.IndexByte("0#?", sec[i+1]) >= 0):
			point, seen = true, true
			p.suffix.Reset()
		case c == ',' && seen && !point:
			p.thousands = true
		case (c == 'E' || c == 'e') && seen && i+1 < len(sec) && (sec[i+1] == '+' || sec[i+1] == '-'):
			p.scientific = true
			i++
		case c == '%':
			p.percent++
			lit("%")
		default:
			lit(string(c))
		}
	}
	return p
}

// formatFixed renders v with a fixed-point (or scientific) format section.
func formatFixed(v float64, sec string, neg bool) string {
	p := parsePattern(sec)
	for range p.percent {
		v *= 100
	}
	if p.scientific {
		s := strconv.FormatFloat(math.Abs(v), 'E', p.decimals, 64)
		return sign(neg && v != 0) + p.prefix.String() + s + p.suffix.String()
	}
	s := excelDecimal(math.Abs(v)).StringFixed(int32(p.decimals))
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	frac += strings.Repeat("0", max(p.minDecimals-len(frac), 0))
	if intPart == "0" && p.minInt == 0 {
		intPart = ""
	}
	if p.thousands {
		intPart = groupThousands(intPart)
	}
	num := intPart
	if frac != "" {
		num += "." + frac
	}
	neg = neg && strings.Trim(num, "0.,") != ""
	return sign(neg) + p.prefix.String() + num + p.suffix.String()
}

func sign(neg bool) string {
	if neg {
		return "-"
	}
	return ""
}

// groupThousands puts a comma between each group of three digits.
func groupThousands(digits string) string {
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// isDateFormat reports whether a lower-cased format section shows a date
// or time: it has y, m, d, h or s outside quotes and brackets other than [h].
func isDateFormat(lower string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(lower); i++ {
		switch c := lower[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == '[':
			bracket = true
			if strings.HasPrefix(lower[i:], "[h]") || strings.HasPrefix(lower[i:], "[m") || strings.HasPrefix(lower[i:], "[s") {
				return true
			}
		case c == ']':
			bracket = false
		case !bracket && strings.IndexByte("ymdhs", c) >= 0:
			return true
		}
	}
	return false
}

// formatDate renders serial date v with a date/time format section.
func formatDate(v float64, sec string, date1904 bool) string {
	t := excelTime(v, date1904)
	var b strings.Builder
	lower := strings.ToLower(sec)
	hour := false // the last h token, so that a following m is minutes
	for i := 0; i < len(sec); {
		run := tokenRun(lower, i)
		tok := lower[i : i+run]
		switch {
		case sec[i] == '"':
			end := strings.IndexByte(sec[i+1:], '"')
			if end < 0 {
				end = len(sec) - i - 1
			}
			b.WriteString(sec[i+1 : i+1+end])
			i += end + 2
			continue
		case sec[i] == '\\' && i+1 < len(sec):
			b.WriteByte(sec[i+1])
			i += 2
			continue
		case sec[i] == '[':
			end := max(strings.IndexByte(sec[i:], ']'), 0)
			if strings.HasPrefix(lower[i:], "[h]") {
				fmt.Fprintf(&b, "%d", int(v*24))
			}
			i += end + 1
			continue
		case strings.HasPrefix(lower[i:], "am/pm"):
			b.WriteString(map[bool]string{true: "PM", false: "AM"}[t.Hour() >= 12])
			i += 5
			continue
		case tok[0] == 'y':
			b.WriteString(map[bool]string{true: t.Format("06"), false: t.Format("2006")}[run <= 2])
		case tok[0] == 'm' && (hour || strings.HasPrefix(strings.TrimLeft(lower[i+run:], ":"), "s")):
			b.WriteString(pad(t.Minute(), run))
		case tok[0] == 'm':
			b.WriteString([]string{"", t.Format("1"), t.Format("01"), t.Format("Jan"), t.Format("January"), t.Format("Jan")[:1]}[min(run, 5)])
		case tok[0] == 'd':
			b.WriteString([]string{"", t.Format("2"), t.Format("02"), t.Format("Mon"), t.Format("Monday")}[min(run, 4)])
		case tok[0] == 'h':
			h := t.Hour()
			if strings.Contains(lower, "am/pm") {
				h = (h+11)%12 + 1
			}
			b.WriteString(pad(h, run))
		case tok[0] == 's':
			b.WriteString(pad(t.Second(), run))
		default:
			b.WriteString(sec[i : i+run])
		}
		hour = tok[0] == 'h' || (hour && strings.IndexByte("ymds", tok[0]) < 0)
		i += run
	}
	return b.String()
}

// tokenRun is the length of the run of one date letter at i (1 for others).
func tokenRun(lower string, i int) int {
	if strings.IndexByte("ymdhs", lower[i]) < 0 {
		return 1
	}
	n := 1
	for i+n < len(lower) && lower[i+n] == lower[i] {
		n++
	}
	return n
}

func pad(n, width int) string {
	if width >= 2 {
		return fmt.Sprintf("%02d", n)
	}
	return strconv.Itoa(n)
}

// excelTime converts a serial date to a time (the 1900 system counts the
// nonexistent 1900-02-29, so serials from 61 on are one day ahead).
func excelTime(v float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case v >= 61:
		base = base.AddDate(0, 0, -1)
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}
