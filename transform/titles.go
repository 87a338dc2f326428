package transform

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
)

var (
	// tableLabel matches the labels printed before or above titles:
	// 预算公开表1, 部门公开表9, 表一, 附表2, 公开01表, 表1-1.
	tableLabel = regexp.MustCompile(`^(?:(?:部门|单位)?预算(?:公开)?表|部门公开表|附表|附件|表)(?:[0-9]+|[一二三四五六七八九十]+)(?:-[0-9]+)?[：:、.．]?|^公开[0-9]+表`)
	yearRe     = regexp.MustCompile(`(20[0-9]{2})\s*年`)
	leaderRe   = regexp.MustCompile(`[.…·]{3,}|…|\.{2,}\s*[0-9]+$`)
	pageNumEnd = regexp.MustCompile(`表[）)]?[0-9]+$`)
	// titleEndRe: a title ends with 表, an optional bracket (（不含上年结转）),
	// and optionally the unit and unit-name fields printed on the same line.
	titleEndRe = regexp.MustCompile(`表(?:[（(][^）)]{0,30}[）)])?(?:(?:编制)?(?:部门|单位|单位名称|金额单位)[：:].{0,40})?$`)
)

// MatchTitle reports the canonical table a title line names. It rejects
// lines that only mention a table: table-of-contents entries (dot leaders,
// trailing page numbers) and sentences.
func MatchTitle(line string) (dataset.TableID, bool) {
	s := compact(line)
	if s == "" || len([]rune(s)) > 70 || !strings.Contains(s, "表") {
		return "", false
	}
	if leaderRe.MatchString(s) || pageNumEnd.MatchString(s) || strings.ContainsAny(s, "。，；") ||
		strings.Contains(s, "详见") || strings.Contains(s, "如下") || strings.HasPrefix(s, "注") {
		return "", false
	}
	s = stripTableLabel(s)
	if !titleEndRe.MatchString(s) || strings.ContainsAny(s, "《》") {
		return "", false
	}
	if isOtherTable(s) {
		return "", false
	}
	return titleTable(s)
}

func isOtherTable(s string) bool {
	for _, w := range otherTableWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// EndsTable reports whether a line is the title of a non-standard table,
// which ends the table before it: one of the kinds CONVENTIONS B10 names,
// or any short title of a 预算 / 决算 table that names no standard table
// (新增资产配置预算表), whose rows are not the table's above.
func EndsTable(line string) bool {
	s := compact(line)
	if len([]rune(s)) > 70 || !titleEndRe.MatchString(s) {
		return false
	}
	if isOtherTable(s) {
		return true
	}
	if _, standard := MatchTitle(s); standard {
		return false
	}
	if titleFeatures(stripTableLabel(s)).fund == fundUnread {
		return true
	}
	return len([]rune(s)) <= otherTitleRunes && strings.ContainsAny(s, "预决") && strings.Contains(s, "算") &&
		!numberedLabelRe.MatchString(s) && !collectionRe.MatchString(s) && !partHeadingRe.MatchString(s)
}

var (
	// numberedLabelRe matches a table's number printed as a line of its
	// own (单位预算08表), not a title.
	numberedLabelRe = regexp.MustCompile(`[0-9]+表$`)
	// collectionRe matches the heading of the tables as a whole
	// (2022年部门综合预算公开报表, 2017年度部门预算表), not one table's title.
	collectionRe = regexp.MustCompile(`(?:部门|单位)(?:综合)?(?:预算|决算)(?:公开)?报?表$`)
)

// otherTitleRunes bounds the length of a title that names no standard
// table: a longer line ending in 表 is more likely a sentence.
const otherTitleRunes = 30

// IsTableLabel reports whether a line is only a table label (预算公开表1).
func IsTableLabel(line string) bool {
	s := compact(line)
	return s != "" && stripTableLabel(s) == ""
}

// compact removes all white space, including ideographic spaces.
func compact(s string) string {
	return strings.Map(dropSpace, s)
}

// titleTable decides the canonical table a title names from its key terms:
// the fund it covers, the kind of spending, the sides (收支, 收入, 支出), the
// classification (按经济分类) and carry-over, so that 收支总体情况表,
// 部门综合预算收支总表 and 财务收支预算总表 are all summary without a list
// of whole titles. The table's content may still refine the id (identify.go).
func titleTable(s string) (dataset.TableID, bool) {
	f := titleFeatures(s)
	switch {
	case f.fund == fundUnread:
		return "", false
	case f.has("三公"):
		return dataset.ThreePublic, true
	case f.has("机关运行经费"):
		return dataset.OperatingCosts, true
	case f.has("政府采购"):
		return dataset.Procurement, true
	case f.carryOver && (f.project || f.expense):
		return dataset.ProjectsCarryover, true
	case f.project && f.fund != fundGeneral && !f.basic:
		return dataset.Projects, true
	case f.project && f.fund == fundGeneral && !f.basic:
		if f.class == classEcon {
			return dataset.ProjectEcon, true
		}
		return dataset.Projects, true
	case f.fund == fundGovFund:
		if f.income && !f.expense {
			return dataset.GovFundIncome, true
		}
		return dataset.GovFundFunc, true
	case f.fund == fundStateCapital:
		return dataset.StateCapital, true
	case f.basic:
		switch {
		case f.fund == fundGeneral && f.class == classFunc:
			return dataset.BasicFunc, true
		case f.fund == fundFiscal && !f.final:
			return dataset.FiscalBasicEcon, true
		}
		return dataset.BasicEcon, true
	case f.fund == fundFiscal && f.income && f.expense:
		return dataset.FiscalSummary, true
	case f.fund == fundFiscal && f.expense:
		if f.class == classEcon {
			return dataset.FiscalEcon, true
		}
		return dataset.FiscalFunc, true
	case f.fund == fundGeneral && (f.expense || !f.income):
		if f.class == classEcon {
			return dataset.GeneralBudgetEcon, true
		}
		return dataset.GeneralBudgetFunc, true
	case f.income && f.expense:
		return dataset.Summary, true
	case f.income:
		return dataset.Income, true
	case f.expense:
		if f.class == classEcon {
			return dataset.ExpenseEcon, true
		}
		return dataset.Expense, true
	}
	return "", false
}

// Fund scopes a title names.
const (
	fundAll = iota
	fundGeneral
	fundGovFund
	fundStateCapital
	fundFiscal
	// fundUnread is a fund whose own tables have no canonical id
	// (财政专户管理资金, 单位资金): the 支出总表 already counts their money,
	// so such a table is not read under another id but reported
	// (cross_table_other).
	fundUnread
)

// titleWords is what a title says.
type titleWords struct {
	text            string
	fund            int
	basic, project  bool
	income, expense bool
	class           classKind
	carryOver       bool // money carried over (项目支出表（上年结转）, 财政拨款结转资金支出表)
	final           bool // a 决算 table
}

func (f titleWords) has(w string) bool { return strings.Contains(f.text, w) }

// titleFeatures reads a title's key terms (vocab.go).
func titleFeatures(s string) titleWords {
	f := titleWords{text: s, final: strings.Contains(s, "决算")}
	for _, t := range titleFunds {
		if strings.Contains(s, t.word) {
			f.fund = t.fund
			break
		}
	}
	f.basic = containsAny(s, titleBasicWords)
	f.project = containsAny(s, titleProjectWords)
	f.income = containsAny(s, []string{"收支", "收入"})
	f.expense = containsAny(s, []string{"收支", "支出"})
	switch {
	case containsAny(s, titleEconWords):
		f.class = classEcon
	case containsAny(s, titleFuncWords):
		f.class = classFunc
	}
	open := strings.ReplaceAll(s, "不含上年结转", "")
	f.carryOver = containsAny(open, titleCarryWords)
	return f
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// stripTableLabel removes a label printed before a title (表7, 表一, 公开01表);
// a Chinese-numeral label does not take the 一 of 一般公共预算 (表十一般… is
// 表十, 一般…).
func stripTableLabel(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); !strings.ContainsRune("部单预附表公", r) {
		return s // no label starts so: tableLabel is asked of every row
	}
	loc := tableLabel.FindStringIndex(s)
	if loc == nil {
		return s
	}
	rest := s[loc[1]:]
	if strings.HasPrefix(rest, "般") && strings.HasSuffix(s[:loc[1]], "一") {
		return s[loc[1]-len("一"):]
	}
	if label := s[:loc[1]]; strings.HasPrefix(rest, "年") && yearEndRe.MatchString(label) {
		return s[loc[1]-4:] // 表5 run into the year: 表52022年… is table 5 of 2022
	}
	return rest
}

// yearEndRe is a table label's number that ends in a year (表52022).
var yearEndRe = regexp.MustCompile(`[0-9]20[0-9]{2}$`)
