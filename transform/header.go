package transform

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
)

// A header cell is read as words of the vocabulary (vocab.go): a fund
// source, a spending type, a period, a total, a label or code word, a
// classification. What a column holds follows from the words of its cell
// and of the group cells above it (columnMeaning), so that 一般公共预算拨款收入,
// 一般公共预算资金 and 其中：一般公共预算 all name general_budget without a list
// of whole strings, and a header no word explains is raw:<text>.

// Role is what a column holds.
type Role int

// Column roles.
const (
	RoleUnknown   Role = iota // nothing known: content decides, else raw:<header>
	RoleAmount                // money (Column says which)
	RoleLabel                 // the row label (项目, 科目名称, 单位名称)
	RoleCode                  // a classification code (科目编码)
	RoleCodeClass             // split code: 类
	RoleCodeKuan              // split code: 款
	RoleCodeXiang             // split code: 项
	RoleIgnore                // printed but not data: 行次, 栏次, 序号, 备注
	RoleQuantity              // a count, never money: 数量, 人数
	RoleSkip                  // money of another year or a change (上年, 增减): not a fact
)

// classKind is the classification a code or label column lists.
type classKind uint8

const (
	classNone    classKind = iota
	classFunc              // 支出功能分类
	classEcon              // 部门预算支出经济分类
	classGovEcon           // 政府预算支出经济分类
)

// headerWords is what one header cell says.
type headerWords struct {
	raw     string         // compacted, without a leading 其中： (the text of raw:<text>)
	text    string         // raw without a leading year
	year    int            // a year printed in the cell (2026年预算数), 0 when none
	column  dataset.Column // the column a word names, "" when none
	total   bool           // a total word (合计, 小计, 预算数)
	current bool           // the current year (当年预算, 本年收入)
	carry   bool           // carried over (上年结转结余)
	prior   bool           // a prior year (上年, 2025年 in a 2026 budget)
	change  bool           // a change between years (增减)
	budget  bool           // 年初预算数
	actual  bool           // 决算数
	role    Role           // a non-amount role the cell names (label, code, ignore …)
	ignored ignoredKind    // what a RoleIgnore cell names, where the reader still uses it
	class   classKind      // the classification named
	flow    dataset.Flow   // the side named (收入, 支出)
	residue string         // the text no word explains
}

var (
	headerYearRe = regexp.MustCompile(`^(20[0-9]{2})(?:年度|年)?`)
	innerYearRe  = regexp.MustCompile(`20[0-9]{2}(?:年度|年)`)
	// qualifierRe matches a bracketed note of what a column leaves out or
	// takes in (（不含教育收费）, (含上年结转)): it does not change what the
	// column is.
	qualifierRe = regexp.MustCompile(`[（(](?:不含|含|不包括|包括)[^（()）]*[）)]`)
	// subtotalWords are the leaves that total their group.
	subtotalWords = map[string]bool{"小计": true, "合计": true, "总计": true}
)

// termIndex holds headerTerms by their first rune, longest first.
var termIndex = func() map[rune][]headerTerm {
	idx := map[rune][]headerTerm{}
	for _, t := range headerTerms {
		r, _ := utf8.DecodeRuneInString(t.word)
		idx[r] = append(idx[r], t)
	}
	for _, ts := range idx {
		sort.SliceStable(ts, func(i, j int) bool { return len(ts[i].word) > len(ts[j].word) })
	}
	return idx
}()

// parseHeader reads one header cell into its words.
func parseHeader(text string) headerWords {
	s := compact(text)
	w := headerWords{}
	switch s {
	case "类":
		w.role = RoleCodeClass
	case "款":
		w.role = RoleCodeKuan
	case "项":
		w.role = RoleCodeXiang
	}
	if w.role != RoleUnknown {
		w.raw, w.text = s, s
		return w
	}
	s = unitRe.ReplaceAllString(s, "") // 单位：元 printed into a header cell
	s = strings.ReplaceAll(s, "其它", "其他")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "其中："), "其中:")
	s = strings.TrimPrefix(s, "其中")
	w.raw = s
	s = qualifierRe.ReplaceAllString(s, "") // 事业收入（不含教育收费） is 事业收入
	if m := headerYearRe.FindStringSubmatch(s); m != nil && !startsWithDigit(s[len(m[0]):]) {
		w.year, _ = strconv.Atoi(m[1])
		s = s[len(m[0]):]
	}
	w.text = s
	s = innerYearRe.ReplaceAllString(s, "") // 预算数比2025年执行数: the year the comparison is with
	if s == "" && w.year != 0 {
		w.total = true // a bare year: 2026年
		return w
	}
	terms, residue := headerTermsIn(s)
	for _, t := range terms {
		w.add(t.headerTerm)
	}
	w.residue = residue
	if w.residue != "" {
		// A word of a longer phrase no word explains (单位 in
		// 事业单位经营支出, 上年 in 上年实户资金余额) says nothing.
		w.role, w.prior, w.change = RoleUnknown, false, false
		if !w.names() {
			w.role = headNounRole(s)
		}
	}
	return w
}

// headNounRole is the role a phrase's last word gives it (采购物品名称 is a
// label), RoleUnknown when it ends in none of headNouns.
func headNounRole(s string) Role {
	for _, h := range headNouns {
		if strings.HasSuffix(s, h.word) {
			return h.role
		}
	}
	return RoleUnknown
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// placedTerm is a word of the vocabulary found at byte at of a text.
type placedTerm struct {
	headerTerm
	at int
}

// headerTermsIn reads text into the vocabulary's words, left to right, the
// longest word first at each place, and the characters no word explains.
func headerTermsIn(s string) (terms []placedTerm, residue string) {
	var rest strings.Builder
	for i := 0; i < len(s); {
		t, ok := matchTerm(s[i:])
		if !ok {
			_, n := utf8.DecodeRuneInString(s[i:])
			rest.WriteString(s[i : i+n])
			i += n
			continue
		}
		terms = append(terms, placedTerm{t, i})
		i += len(t.word)
	}
	return terms, rest.String()
}

func matchTerm(s string) (headerTerm, bool) {
	r, _ := utf8.DecodeRuneInString(s)
	for _, t := range termIndex[r] {
		if strings.HasPrefix(s, t.word) {
			return t, true
		}
	}
	return headerTerm{}, false
}

// add records one word. Of two fund sources the narrower wins
// (一般公共预算财政拨款 is general_budget).
func (w *headerWords) add(t headerTerm) {
	switch t.kind {
	case termTotal:
		w.total = true
	case termColumn:
		if w.column == "" || w.column == dataset.FiscalAppropriation {
			w.column = t.column
		}
	case termCurrent:
		w.current = true
	case termCarry:
		w.carry = true
	case termPrior:
		w.prior = true
	case termChange:
		w.change = true
	case termBudget:
		w.budget = true
	case termActual:
		w.actual = true
	case termLabel:
		if w.role != RoleCode {
			w.role = RoleLabel
		}
	case termCode:
		w.role = RoleCode
	case termIgnore:
		w.role = RoleIgnore
	case termUnitCode:
		w.role, w.ignored = RoleIgnore, ignoredUnitCode
	case termSerial:
		w.role, w.ignored = RoleIgnore, ignoredSerial
	case termQuantity:
		w.role = RoleQuantity
	case termFunc:
		w.class = classFunc
	case termEcon:
		if w.class != classGovEcon {
			w.class = classEcon
		}
	case termGovEcon:
		w.class = classGovEcon
	case termIncome:
		w.flow = dataset.FlowIncome
	case termExpense:
		w.flow = dataset.FlowExpense
	}
}

// isHeaderWord reports whether a cell's text is made of header words only
// and says something (项目, 合计, 科目编码, 收入, 一般公共预算).
func isHeaderWord(text string) bool {
	w := parseHeader(text)
	return w.text != "" && w.known() && (w.names() || w.role != RoleUnknown || w.flow != "" || w.class != classNone)
}

// known reports whether the words explain the whole cell.
func (w headerWords) known() bool { return w.residue == "" }

// names reports whether the cell says anything about money: a column, a
// total, a period, a year.
func (w headerWords) names() bool {
	return w.column != "" || w.total || w.current || w.carry || w.prior || w.change || w.budget || w.actual || w.year != 0
}

// colMeaning is what the header block says about one column.
type colMeaning struct {
	role   Role
	column dataset.Column // for amounts: the canonical id, or raw:<text>
	class  classKind      // for code and label columns
	flow   dataset.Flow   // the side named by the header, when it names one
	year   int            // the year printed over the column, 0 when none
	// fromGroup marks an id taken from a group above the leaf (a 小计 under
	// 基本支出): on a collision the column that names its id itself wins.
	fromGroup bool
	budget    bool        // a 预算数/年初预算数 column, budget when the table prints 决算数 too
	actual    bool        // a 决算数 column
	ignored   ignoredKind // for RoleIgnore: a column the reader still reads
	// runIn, for a label column, is a not-data column printed in its
	// header too (序号 > 项目, 单位编码 单位名称): the rows' numbers or unit
	// codes were run into the label cells, the columns not ruled apart.
	runIn ignoredKind
	// before, for a column of text beside it (备注, 说明) or one no word
	// explains whole, is the amount column whose header was run into its
	// own (专项业务经费支出 备注, 实施采购时间 预算金额 说明): over figures, the
	// column is that amount column (contentRoles).
	before dataset.Column
}

// ignoredKind names the columns that are not data but that the reader
// reads for the rows' places: a unit's code (单位编码) places unit rows, a
// row's number (序号) may be an ordinal.
type ignoredKind uint8

const (
	ignoredPlain ignoredKind = iota
	ignoredUnitCode
	ignoredSerial
)

// columnMeaning reads a column's header path (top to bottom): the leaf
// cell names the column, the group cells above it say which period, fund
// or spending type a 小计 totals and whether money was carried over.
func columnMeaning(path []string) colMeaning {
	if len(path) == 0 {
		return colMeaning{}
	}
	words := make([]headerWords, len(path))
	for i, p := range path {
		words[i] = parseHeader(p)
	}
	leaf, groups := words[len(words)-1], words[:len(words)-1]
	m := colMeaning{flow: leaf.flow, year: leaf.year, budget: leaf.budget || leaf.text == "预算数", actual: leaf.actual}
	for _, g := range groups {
		if m.flow == "" {
			m.flow = g.flow
		}
		if g.year != 0 && m.year == 0 {
			m.year = g.year
		}
		if g.class != classNone {
			m.class = g.class
		}
	}
	if leaf.class != classNone {
		m.class = leaf.class
	}
	if leaf.role != RoleUnknown && (leaf.role != RoleLabel || !leaf.names() || leaf.class != classNone) {
		m.role, m.ignored = leaf.role, leaf.ignored
		if m.role == RoleIgnore && m.ignored == ignoredPlain && leaf.column != "" && trailingNote(leaf.text) {
			m.before = leaf.column
		}
		if m.role == RoleLabel {
			m.ignored = ignoredPlain
			for _, g := range words {
				if g.ignored != ignoredPlain && g.known() {
					m.runIn = g.ignored
				}
			}
		}
		return m
	}
	for _, g := range words {
		if g.prior || g.change {
			m.role = RoleSkip
			return m
		}
	}
	m.role = RoleAmount
	m.column, m.fromGroup = amountColumn(leaf, groups)
	if m.column == "" {
		m.role = RoleUnknown
		m.column = dataset.RawColumn(rawText(path))
		m.before = runInAmount(path[len(path)-1], groups)
	}
	return m
}

// runInAmount is the amount column named by the one word of a header cell
// that says something about money, when the text before and after it only
// describes rows (实施采购时间 | 预算金额 | 说明: columns printed blank beside
// an amount column, without rules, run their headers into its own); ""
// when no word or more than one names money.
func runInAmount(text string, groups []headerWords) dataset.Column {
	s := compact(text)
	start, end := -1, -1
	terms, _ := headerTermsIn(s)
	for _, t := range terms {
		if parseHeader(t.word).names() {
			if start >= 0 {
				return "" // two words of money
			}
			start, end = t.at, t.at+len(t.word)
		}
	}
	if start < 0 || start == 0 && end == len(s) || !describesRows(s[:start]) || !describesRows(s[end:]) {
		return ""
	}
	col, _ := amountColumn(parseHeader(s[start:end]), groups)
	return col
}

// describesRows reports a header text (or none) that names a column of
// text about the rows, never money: 实施采购时间, 说明, 采购目录.
func describesRows(s string) bool {
	if s == "" {
		return true
	}
	w := parseHeader(s)
	return !w.names() && (w.role == RoleIgnore || w.role == RoleLabel)
}

// trailingNote reports a header that ends with the header of a column of
// notes (vocab.go: noteHeaders).
func trailingNote(text string) bool {
	for _, w := range noteHeaders {
		if strings.HasSuffix(text, w) {
			return true
		}
	}
	return false
}

// amountColumn names an amount column from its leaf and groups; "" when
// nothing known names it.
func amountColumn(leaf headerWords, groups []headerWords) (dataset.Column, bool) {
	carry, current := -1, false // the carry group above the leaf, if any
	for i, g := range groups {
		switch {
		case g.current:
			current = true
		case g.carry && g.column == "" && current:
			// a carry word under a current-year group is a misplaced
			// header piece (a table without rules), not a carry group
			return amountColumn(leaf, append(groups[:i:i], groups[i+1:]...))
		case g.carry && g.column == "":
			carry = i
		}
	}
	if !leaf.known() {
		if carry >= 0 {
			return dataset.RawColumn(groups[carry].raw + "/" + leaf.raw), false
		}
		return "", false
	}
	if subtotalWords[leaf.text] {
		return groupTotal(leaf, groups)
	}
	if n := len(groups); n > 0 && leaf.total && leaf.column == "" && !leaf.current && !leaf.carry && leaf.year == 0 {
		// 本级财政拨款 > 金额: the amount of the fund the group names
		if g := groups[n-1]; g.known() && g.column != "" && !g.total {
			return g.column, true
		}
	}
	if carry >= 0 {
		// Under 上年结转结余 every column but the group's own 小计 is raw
		// (CONVENTIONS P1): the canonical ids name this year's money.
		return dataset.RawColumn(groups[carry].raw + "/" + leaf.raw), false
	}
	switch {
	case leaf.column != "":
		return leaf.column, false
	case leaf.carry:
		return dataset.Carryover, false
	case leaf.current:
		return dataset.CurrentYear, false
	case leaf.budget:
		return dataset.Total, false
	case leaf.actual:
		return dataset.Total, false
	case leaf.total || leaf.year != 0:
		return dataset.Total, false
	}
	return "", false
}

// groupTotal names a 小计/合计 leaf by the nearest group above it that means
// something: a spending type or fund (基本支出 → basic), a period (本年收入 →
// current_year, 上年结转 → carryover), an unknown group (raw:<group>), or,
// with no group, the table's total.
func groupTotal(leaf headerWords, groups []headerWords) (dataset.Column, bool) {
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		switch {
		case g.carry:
			if i < len(groups)-1 { // a sub-group's 小计 inside the carry group
				return dataset.RawColumn(groups[i].raw + "/" + groups[len(groups)-1].raw), true
			}
			return dataset.Carryover, true
		case g.column != "" && g.known():
			return g.column, true
		case g.current && g.known():
			return dataset.CurrentYear, true
		case !g.known() && subtotalWords[leaf.text]:
			return dataset.RawColumn(g.raw), true
		}
	}
	return dataset.Total, false
}

// rawText is the text of raw:<text> for a column no word names: the leaf,
// spaces and a leading 其中： removed (CONVENTIONS rule 6).
func rawText(path []string) string {
	return parseHeader(path[len(path)-1]).raw
}
