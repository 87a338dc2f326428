package transform

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// A row's classification codes: a code column, split 类|款|项 columns
// joined (the parts a row leaves blank taken from the rows above), the
// code of a code-name cell, or a code run into the end of a name; digits
// that form no code are kept for a warning.

// lastSplit holds the split code parts last printed in a block's slot.
func (tr *tableRead) lastSplit(side, slot int) *[3]string {
	if tr.split == nil {
		tr.split = map[[2]int]*[3]string{}
	}
	k := [2]int{side, slot}
	if tr.split[k] == nil {
		tr.split[k] = &[3]string{}
	}
	return tr.split[k]
}

// slotText is what one classification slot of a row prints.
type slotText struct {
	code, name string
	spill      string // the end of the row above's wrapped name, printed before the code
	noCode     string // the text of split code columns whose digits form no code
	overEnd    string // the end of the name left of the code column, printed over the code
}

// readSlot reads one classification of a row: its code (a code column,
// split 类|款|项 columns joined, or the code of a code-name cell) and its
// name.
func readSlot(r extract.Row, sl slot, last *[3]string) slotText {
	var t slotText
	t.code, t.noCode = readCode(r, sl, last)
	if c, end, ok := overprintedCode(t.code, sl.class); ok {
		t.code, t.overEnd = c, end
	}
	if sl.label >= 0 {
		t.name = compact(r.Text(sl.label))
	}
	if m := spillRe.FindStringSubmatch(t.name); m != nil {
		// 支出2120803-城市建设支出: the end of the row above's wrapped name
		// printed before this row's code
		t.spill, t.name = m[1], t.name[len(m[1]):]
	}
	if c, n, ok := splitCodeName(t.name); ok && !sl.units {
		t.name = n
		if t.code == "" {
			t.code = c
		}
	}
	if c, n, ok := splitCodeName(t.code); ok {
		t.code = c
		if t.name == "" {
			t.name = n
		}
	}
	if t.code != "" && !codeRe.MatchString(t.code) {
		if t.name == "" {
			t.name = t.code // a label printed in the code column (合计 across 类|款|项)
		}
		t.code = ""
	}
	return t
}

// overprintedCode splits a code cell that the end of a name too long for
// the column left of it was printed over (机关事业单位基本养老保 |
// 险50缴5费01: 险缴费 and 50501). The cell's digits, read apart from up to
// four Han characters among them, must form a code of the slot's
// classification; end is the characters, in order.
func overprintedCode(text string, class classKind) (code, end string, ok bool) {
	var chars, digits strings.Builder
	n, inside := 0, false // characters; one of them before a digit
	for _, r := range text {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
			inside = inside || n > 0
		case unicode.Is(unicode.Han, r):
			chars.WriteRune(r)
			n++
		default:
			return "", "", false
		}
	}
	code = digits.String()
	if n == 0 || n > 4 || !inside || !codeRe.MatchString(code) || class == classNone || classOfCode(code) != class {
		return "", "", false
	}
	return code, chars.String(), true
}

// takeTrailingCode moves a code printed at the end of the line's label to
// the classification it belongs to, when the side has a code column for it
// that is blank on this row and the label's own classification is another
// (30215 | 会议费50202 | | 会议费: the 部门经济 name run into the 政府经济 code,
// the columns not ruled apart).
func (l *line) takeTrailingCode(s side, own classKind) {
	m := trailingCodeRe.FindStringSubmatch(l.Label)
	if m == nil {
		return
	}
	c := classOfCode(m[2])
	if c == classNone || c == own || l.codeOf(c) != "" {
		return
	}
	for _, sl := range s.Slots {
		if sl.class == c && sl.hasCode() {
			l.setCode(c, m[2], dataset.CodePublished)
			if l.Code == "" {
				l.Code = m[2]
			}
			l.Label = m[1]
			return
		}
	}
}

// trailingCodeRe matches a name followed by a classification code.
var trailingCodeRe = regexp.MustCompile(`^(.*\p{Han}[）)]?)\s*([0-9]{3}(?:[0-9]{2}){0,2})$`)

// spillRe matches a code-name cell that starts with a few characters of the
// wrapped name of the row above (支出2120803-城市建设支出).
var spillRe = regexp.MustCompile(`^(\p{Han}{1,6})[0-9]{3}(?:[0-9]{2}){0,2}[-－—]\p{Han}`)

// separatedCodeRe matches a code printed with its 类, 款 and 项 parts
// apart (201.01.01, 201-03-01).
var separatedCodeRe = regexp.MustCompile(`^[0-9]{3}(?:[.．\-－][0-9]{2}){1,2}$`)

// readCode reads the printed classification code of a slot: one code
// column, or split 类|款|项 columns joined (208 05 05 → 2080505). Split
// columns whose 类 is not three digits though a 款 or 项 follows it form
// no code (20310 | 02, a quantity run into the 类 of a table without
// rules): the code is "" and noCode their text.
func readCode(r extract.Row, sl slot, last *[3]string) (code, noCode string) {
	if sl.code >= 0 {
		code := compact(r.Text(sl.code))
		if separatedCodeRe.MatchString(code) {
			code = strings.Map(func(r rune) rune {
				if r < '0' || r > '9' {
					return -1
				}
				return r
			}, code) // 201.01.01, 201-03: the parts of 2010101 and 20103
		}
		return code, ""
	}
	var parts [3]string
	for i, col := range sl.split {
		if col < 0 {
			continue
		}
		part := compact(r.Text(col))
		if i > 0 && len(part) == 1 && part[0] >= '0' && part[0] <= '9' {
			// 款 and 项 are two digits; a sheet that stored them as
			// numbers prints 02 as 2.
			part = "0" + part
		}
		parts[i] = part
	}
	inheritSplit(&parts, last)
	if allDigits(parts[0]) && len(parts[0]) != 3 && (allDigits(parts[1]) || allDigits(parts[2])) {
		return "", strings.Join(slices.DeleteFunc(parts[:], func(p string) bool { return p == "" }), " | ")
	}
	return parts[0] + parts[1] + parts[2], ""
}

// inheritSplit fills the 类 (and 款) a split code leaves blank below the row
// that printed them (201 | | 信访事务 … | 40 | 信访事务: 20140), and
// remembers the parts printed.
func inheritSplit(parts, last *[3]string) {
	for i := range parts {
		if !allDigits(parts[i]) && parts[i] != "" {
			return // a label across the code columns (合计)
		}
	}
	if parts[0] == "" && (parts[1] != "" || parts[2] != "") {
		parts[0] = last[0]
		if parts[1] == "" && parts[2] != "" {
			parts[1] = last[1]
		}
	}
	if parts[0] != "" {
		if parts[0] != last[0] || parts[1] == "" {
			last[1] = ""
		}
		last[0] = parts[0]
	}
	if parts[1] != "" {
		last[1] = parts[1]
	}
}
