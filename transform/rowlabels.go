package transform

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// A row's label: the name column of its slot, or a chain of name columns,
// a group | sub-item pair, a label spanning the code columns or printed
// from the left, the end of a label run into the first amount cell, and the
// numbers (序号, 单位编码) run into a label when the columns were not ruled
// apart.

// labelFromLeft returns the text of a cell that starts left of column col
// and spans over it: a total label printed across the blocks of a
// three-block summary (当年支出小计 over 功能分类 and 支出用途).
func labelFromLeft(r extract.Row, col int) string {
	for _, c := range r.Cells {
		if c.Col < col && col < c.Col+c.Span && !LooksLikeAmount(c.Text) {
			return compact(c.Text)
		}
	}
	return ""
}

// twoLevelLabel reads a label printed in two columns, group | sub-item (the
// Jiangsu 收入预算总表): the sub-item names the row, a 小计 takes its
// group's name and is a subtotal, and a label spanning both columns (收入总计)
// stands for itself, as does a total spaced out over both (合 | 计). group
// is the last group seen on this side.
func twoLevelLabel(main, sub string, group *string) (label string, kind dataset.RowKind) {
	if main != "" {
		*group = main
	}
	switch {
	case sub == "":
		return main, ""
	case utf8.RuneCountInString(main) == 1 && utf8.RuneCountInString(sub) == 1 && isTotalLabel(main+sub):
		return main + sub, ""
	case sub == "小计" && *group != "":
		return *group, dataset.KindSubtotal
	}
	return sub, ""
}

// overflowAmountRe is what an overflowing cell holds once the label's
// characters are taken out: one amount.
var overflowAmountRe = regexp.MustCompile(`^-?[0-9][0-9,]*(?:\.[0-9]+)?$`)

// labelOverflow splits the text of a block's first amount cell when a
// label too long for its narrow column ran on into it (对事业单位经常性补 |
// 助1839311.66, Xi'an): the characters go back to the label and the rest
// is the amount. The characters may be printed over the digits, and then
// come out between them (服务保 | 障中18心39311.66: 障中心 and 1839311.66;
// 基本建 | 0设.0)0: 设) and 0.00). At most four (eight when they are
// printed over the figure from its first digit: 专项资金列入 |
// 0部.0门0预算的项目), not an amount in brackets
// ((1,234.00) is negative), and not all after the digits: a unit or a note
// printed after an amount (1,234.00元) is no label's end.
func labelOverflow(text string) (end, amount string, ok bool) {
	s := compact(text)
	var chars, digits strings.Builder
	n, han, before := 0, false, false // characters, one of them Han, one before the last digit
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || strings.ContainsRune("（）()", r):
			chars.WriteRune(r)
			n++
			han = han || unicode.Is(unicode.Han, r)
		default:
			digits.WriteRune(r)
			before = before || n > 0
		}
	}
	bracketed := !han && (strings.HasPrefix(s, "(") || strings.HasPrefix(s, "（"))
	over := s != "" && s[0] >= '0' && s[0] <= '9' // printed over the figure from its first digit on
	if n == 0 || n > 4 && !(over && n <= 8) || bracketed || !before || !overflowAmountRe.MatchString(digits.String()) {
		return "", "", false
	}
	return chars.String(), digits.String(), true
}

// chainLabel names a row of a table whose names run over several columns
// from general to specific (names, left to right): the row is its most
// specific name (CONVENTIONS X8: the 采购项目 text), at the depth of the
// column that holds it, and under the nearest row above printed in a column
// left of the leftmost it fills (a row naming a project and an item is an
// item of that project, whose own row is not printed). 小计 in a deeper
// column is the subtotal of the group in the first.
func chainLabel(r extract.Row, names []int, classDepths map[int]int, l *line, group *string) {
	from, to := -1, -1
	for i, col := range names {
		if compact(r.Text(col)) != "" {
			if from < 0 {
				from = i
			}
			to = i
		}
	}
	l.chain = true
	for _, col := range slices.Sorted(maps.Keys(classDepths)) { // left to right: the same reading every run
		d := classDepths[col]
		if t := compact(r.Text(col)); t != "" {
			l.className = t
		}
		if compact(r.Text(col)) != "" && (from < 0 || d-1 < from) {
			l.from = d // the row's own name is the classification's (its slot gave the label)
			if to < 0 {
				l.depth = d
			}
		}
	}
	if to < 0 {
		return
	}
	text := compact(r.Text(names[to]))
	if from == 0 {
		*group = compact(r.Text(names[0]))
	}
	if to > 0 && text == "小计" && *group != "" {
		l.Label, l.Kind = *group, dataset.KindSubtotal
		return
	}
	l.Label, l.depth = text, to+1
	if l.from == 0 || from+1 < l.from {
		l.from = from + 1
	}
	if from < to {
		l.fromName = compact(r.Text(names[from]))
	}
}

// ignoredText is the trimmed text on row r of the side's first column of
// the kind (单位编码, 序号), a column not read as data.
func (tr *tableRead) ignoredText(r extract.Row, si int, kind ignoredKind) string {
	for _, c := range tr.Layout.Cols {
		if c.Side == si && c.m.ignored == kind {
			if t := strings.TrimSpace(r.Text(c.Col)); t != "" {
				return t
			}
		}
	}
	return ""
}

// overflowLeft returns the start of a name too wide for its column that was
// printed over the number column left of it (气 | 象灾害、空气质量…: a
// project's name centred on its cell): one to four Han characters alone
// in a 序号 or 单位编码 cell just left of the row's name.
func (tr *tableRead) overflowLeft(r extract.Row, si, named int) string {
	s := tr.Layout.Sides[si]
	if named < 0 || s.Slots[named].label < 1 {
		return ""
	}
	lab := s.Slots[named].label
	for _, c := range tr.Layout.Cols {
		if c.Side != si || c.Col != lab-1 || c.m.ignored == ignoredPlain {
			continue
		}
		cell, ok := r.Cell(c.Col)
		t := compact(cell.Text)
		notName := func(r rune) bool { return !unicode.Is(unicode.Han, r) || isChineseNumeral(r) }
		if !ok || cell.Span != 1 || t == "" || utf8.RuneCountInString(t) > 4 || strings.IndexFunc(t, notName) >= 0 {
			return "" // a number, or an ordinal (一, 十二)
		}
		return t
	}
	return ""
}

// codeInSerial reads a 序号 cell that holds the row's number and then a
// code (2 301) where the side's first classification has a code column of
// its own: the code was printed into the number's column, not ruled apart.
func (tr *tableRead) codeInSerial(r extract.Row, si int) (string, string, bool) {
	s := tr.Layout.Sides[si]
	if len(s.Slots) == 0 || !s.Slots[0].hasCode() {
		return "", "", false
	}
	n, code, ok := leadingNumber(tr.ignoredText(r, si, ignoredSerial), serialDigits)
	if !ok || !codeRe.MatchString(code) {
		return "", "", false
	}
	return n, code, true
}

// The longest numbers a 序号 and a 单位编码 column print.
const (
	serialDigits   = 4
	unitCodeDigits = 12
)

// leadingNumber splits text into the number of at most longest digits it
// starts with and the words after the space that follows it (2 301,
// 204001 西安市社会科学院); ok is false when text does not start so or
// nothing follows.
func leadingNumber(text string, longest int) (n, rest string, ok bool) {
	n, rest, ok = strings.Cut(strings.TrimSpace(text), " ")
	rest = strings.TrimSpace(rest)
	if !ok || !allDigits(n) || len(n) > longest || rest == "" {
		return "", "", false
	}
	return n, rest, true
}

// runIn is the text of a not-data column printed at the front of a row's
// label cell when the side's label column is headed by that column's word
// too (序号 over 项目: 1 一、部门预算; 单位编码 单位名称: 204001 西安市社会科学院):
// the columns were not ruled apart. It must be a number standing apart
// from the words by a space, so a label that begins with a figure
// (2026年…) keeps it.
func (tr *tableRead) runIn(si int, r extract.Row) (string, ignoredKind) {
	lab := tr.Layout.Sides[si].label()
	if lab < 0 || tr.Layout.Cols[lab].m.runIn == ignoredPlain {
		return "", ignoredPlain
	}
	kind, longest := tr.Layout.Cols[lab].m.runIn, unitCodeDigits
	if kind == ignoredSerial {
		longest = serialDigits
	}
	n, _, ok := leadingNumber(r.Text(lab), longest)
	if !ok {
		return "", ignoredPlain
	}
	return n, kind
}

// serialLevels takes the ordinals of a 序号 column as the rows' levels when
// its numbers are ordinals, not a count of the rows: some are Chinese
// numerals or bracketed (一 | 1 | 2 | 二 | 1 …), or the numbering starts
// again from 1 within a page (a count may start again on each page).
// A row whose label prints an ordinal keeps that one.
func (tr *tableRead) serialLevels() {
	for si := range tr.Layout.Sides {
		var lines []*line
		ordinals, prev, page := false, -1, ""
		for _, l := range tr.Lines {
			if l.Side != si || l.serial == "" || isTotalLabel(l.Item) {
				continue
			}
			lines = append(lines, l)
			n, err := strconv.Atoi(l.serial)
			switch {
			case err != nil:
				ordinals = ordinals || serialLevel(l.serial) > 0
			case n == 1 && prev >= 1 && l.Page == page:
				ordinals = true // numbered again from 1 on one page, not a count kept per page
			default:
				prev, page = n, l.Page
			}
		}
		if !ordinals {
			continue
		}
		for _, l := range lines {
			if l.Level == 0 {
				l.Level = serialLevel(l.serial)
			}
		}
	}
}

// serialLevel is the level of an ordinal printed alone in a 序号 cell: 一 as
// 一、, 1 as 1., bracketed ones as printed; 0 for anything else.
func serialLevel(s string) int {
	if n := ordinalLevel(s); n > 0 {
		return n
	}
	switch {
	case strings.Trim(s, "0123456789") == "":
		return ordinalLevel(s + ".")
	case strings.Trim(s, "一二三四五六七八九十") == "":
		return ordinalLevel(s + "、")
	}
	return 0
}

// unnamedLink labels a row of a chain of names that fills none of them
// but a text column beside them (分散自行组织 | 20.00 under a project, its
// item's name not printed): the row is an item of the group above, named by
// that text, so that its amount is neither without a label nor outside its
// group's sum.
func (tr *tableRead) unnamedLink(r extract.Row, si, depth int, l *line) {
	for _, c := range tr.Layout.Cols {
		if c.Side != si || c.Role != RoleIgnore {
			continue
		}
		if t := compact(r.Text(c.Col)); t != "" && !LooksLikeAmount(t) {
			l.Label, l.depth, l.from = t, depth, depth
			return
		}
	}
}

// spanningLabel finds a label printed across the code columns of a side
// (合计 over 类|款|项), where the label column itself is blank.
func spanningLabel(r extract.Row, s side) string {
	for _, sl := range s.Slots {
		for _, col := range append([]int{sl.code}, sl.split[:]...) {
			if col < 0 {
				continue
			}
			if t := compact(r.Text(col)); t != "" && !codeRe.MatchString(t) && !isCodePart(t) {
				return t
			}
		}
	}
	return ""
}

// totalBeside finds a total label (合计) printed in a column of a one-block
// table that holds no amounts, where the label column is blank: the header
// put the label column one column off (采购类别 over the 合 计 cell, its
// names in the column left of it). Beside another block the cell would be
// that block's own label (支出总计).
func totalBeside(r extract.Row, s side) string {
	for _, c := range r.Cells {
		if t := compact(c.Text); isTotalLabel(t) && !slices.ContainsFunc(s.Amounts, func(a colInfo) bool { return a.Col == c.Col }) {
			return t
		}
	}
	return ""
}

func isCodePart(t string) bool {
	switch len(t) {
	case 1:
		return t[0] >= '0' && t[0] <= '9'
	case 2:
		return t[0] >= '0' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9'
	}
	return false
}
