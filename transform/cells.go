package transform

import (
	"regexp"
	"strings"
	"unicode"
)

// What a body cell holds decides, beside the header, what its column is: a
// column headed 部门经济科目编码 whose cells read 301, 30101 is a code
// column, not money, whatever its header's words; a cell 2010801-行政运行
// is a code and a name.

// cellKind is what one body cell holds.
type cellKind uint8

const (
	cellBlank    cellKind = iota
	cellCode              // a classification code: 3, 5 or 7 digits (301, 2010801)
	cellCodeName          // a code and a name in one cell (2010801-行政运行, [301]工资福利支出)
	cellNumber            // a number
	cellWords             // text
	cellRatio             // a percentage (99.57%): a rate, not money
)

var (
	// codeNameRe splits a code printed with its name: 2010801-行政运行,
	// [30101]基本工资, 【201】一般公共服务支出, 30101 基本工资, 201 一般公共服务支出.
	codeNameRe = regexp.MustCompile(`^[\[【［(（]?([0-9]{3}(?:[0-9]{2}){0,2})[\]】］)）]?[-－—–_\s:：、.]*(\D.*)$`)
	// bareCodeRe is a code alone; 7-digit 部门经济 codes (3021101) occur too.
	bareCodeRe = regexp.MustCompile(`^[0-9]{3}(?:[0-9]{2}){0,2}$`)
	// nameCodeRe: the name first, its code after it in brackets
	// (行政运行（2010101）, 基本工资[30101]).
	nameCodeRe = regexp.MustCompile(`^(.*\p{Han}[）)]?)\s*[\[【［(（]([0-9]{3}(?:[0-9]{2}){0,2})[\]】］)）]$`)
)

// splitCodeName splits a code-name cell (the code first, or the name with
// its code after it in brackets) into its code and name; ok is false
// for text that is not one (a name alone, an amount).
func splitCodeName(text string) (code, name string, ok bool) {
	s := strings.TrimSpace(text)
	m := codeNameRe.FindStringSubmatch(s)
	if m == nil {
		if m = nameCodeRe.FindStringSubmatch(s); m == nil {
			return "", "", false
		}
		m[1], m[2] = m[2], m[1]
	}
	name = compact(m[2])
	if !hasHan(name) {
		return "", "", false
	}
	return m[1], name, true
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// kindOf classifies a body cell's text.
func kindOf(text string) cellKind {
	s := compact(text)
	switch {
	case s == "":
		return cellBlank
	case bareCodeRe.MatchString(s), separatedCodeRe.MatchString(s) && !LooksLikeAmount(s):
		return cellCode // 201.01.01, 201-03 (201.01 may be an amount)
	}
	if _, _, ok := splitCodeName(text); ok {
		return cellCodeName
	}
	if a, err := ParseAmount(s); err == nil && !a.Blank {
		return cellNumber
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		if _, err := ParseAmount(p); err == nil {
			return cellRatio
		}
	}
	return cellWords
}

// allDigits reports a non-empty text of digits only (a code, or a piece of one).
func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// columnContent counts the kinds of a column's body cells.
type columnContent [6]int

func (c columnContent) filled() int {
	return c[cellCode] + c[cellCodeName] + c[cellNumber] + c[cellWords] + c[cellRatio]
}

// contentRoles corrects header roles by what the body cells hold: a column
// of codes is a code column (its header may be 编码, 科目, or unknown), a
// label column of codes alone likewise, and a code column of names is a
// label column. The class of a code column without a class word comes from
// its codes (2… 功能, 3… 部门经济, 5… 政府经济).
func contentRoles(t *RawTable, cols []colInfo) {
	for i := range cols {
		var cc columnContent
		digits := map[byte]int{}
		for _, b := range t.Body {
			text := b.Text(i)
			k := kindOf(text)
			cc[k]++
			if k == cellCode || k == cellCodeName {
				code, _, _ := splitCodeName(text)
				if k == cellCode {
					code = compact(text)
				}
				digits[code[0]]++
			}
		}
		c := &cols[i]
		codes := cc[cellCode] > 0 && cc[cellCode]+cc[cellWords] == cc.filled() && cc[cellCode] >= cc[cellWords]
		switch {
		case c.Role == RoleCode && cc[cellWords] > 0 && cc[cellCode] == 0 && cc[cellCodeName] == 0:
			c.Role = RoleLabel
		case c.Role >= RoleCodeClass && c.Role <= RoleCodeXiang && cc[cellWords] > 0 && cc[cellNumber]+cc[cellCode]+cc[cellCodeName] == 0:
			c.Role = RoleLabel // 项 | 目 letter-spaced into two cells over names: the 项目 column
		case (c.Role == RoleUnknown || c.Role == RoleLabel || (c.Role == RoleAmount && codeHeader(c.Path))) && codes && allCodes(t, i):
			c.Role = RoleCode
		case (c.Role == RoleIgnore || c.Role == RoleUnknown) && c.m.before != "" && cc[cellNumber] > 0 && 10*(cc[cellNumber]+cc[cellCode]) >= 9*cc.filled():
			c.Role, c.Column = RoleAmount, c.m.before // 专项业务经费支出 备注 or 实施采购时间 预算金额 说明 over figures: the other columns are blank
		case c.Role == RoleUnknown && cc[cellRatio] > 0 && cc[cellRatio] >= cc.filled()-cc[cellRatio]:
			c.Role = RoleIgnore // rates (执行率 99.57%): not money, not a label
		case c.Role == RoleUnknown && cc[cellWords]+cc[cellCodeName] > 0 && cc[cellNumber] == 0 && (i == 0 || cols[i-1].Role != RoleLabel):
			c.Role = RoleLabel // a header no word explains over names (收支科目)
			c.m.runIn = leadingIgnored(c.Path)
		case c.Role == RoleUnknown && c.Class != classNone && cc[cellWords] > 0 && cc[cellNumber] == 0:
			c.Role = RoleLabel // names of a classification (经济科目 over 办公设备购置)
		case c.Role == RoleUnknown && len(c.Path) > 0 && cc[cellNumber] == 0 && cc[cellCode] == 0:
			c.Role = RoleIgnore // text beside the label (采购目录, 实施采购时间): not money
		}
		if (c.Role == RoleCode || c.Role == RoleLabel) && c.Class == classNone {
			c.Class = classOfDigits(digits)
		}
	}
}

// leadingIgnored is the kind of not-data column whose header word opens
// the last header cell of a label column (单位编码 采购项目 …: the headers of
// columns not ruled apart run together, and the rows' unit codes with
// their names), ignoredPlain when none does.
func leadingIgnored(path []string) ignoredKind {
	if len(path) == 0 {
		return ignoredPlain
	}
	leaf := compact(path[len(path)-1])
	terms, _ := headerTermsIn(leaf)
	if len(terms) == 0 || terms[0].at > 0 || len(terms[0].word) == len(leaf) {
		return ignoredPlain
	}
	return parseHeader(terms[0].word).ignored
}

// codeHeader reports a header that names codes among other words.
func codeHeader(path []string) bool {
	for _, p := range path {
		if strings.Contains(p, "编码") || strings.Contains(p, "代码") || strings.Contains(p, "科目") {
			return true
		}
	}
	return false
}

// allCodes reports whether every code-looking cell of column col lies in
// the code lists' ranges: 3, 5 or 7 digits whose 类 starts with 2, 3 or 5.
func allCodes(t *RawTable, col int) bool {
	for _, b := range t.Body {
		s := compact(b.Text(col))
		if bareCodeRe.MatchString(s) && !strings.ContainsRune("235", rune(s[0])) {
			return false
		}
	}
	return true
}

// classOfDigits names the classification most codes of a column belong to.
func classOfDigits(digits map[byte]int) classKind {
	best, n := classNone, 0
	for _, c := range []struct {
		digit byte
		class classKind
	}{{'2', classFunc}, {'3', classEcon}, {'5', classGovEcon}} { // in order: a tie goes the same way every run
		if digits[c.digit] > n {
			best, n = c.class, digits[c.digit]
		}
	}
	return best
}

// classOfCode names the classification of one code by its first digit.
func classOfCode(code string) classKind {
	if code == "" {
		return classNone
	}
	switch code[0] {
	case '2':
		return classFunc
	case '3':
		return classEcon
	case '5':
		return classGovEcon
	}
	return classNone
}
