package transform

import (
	"regexp"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// titleRule recognizes one table by words its title must and must not hold.
type titleRule struct {
	id   dataset.TableID
	all  []string // every one must occur
	any  []string // at least one must occur (when set)
	none []string // none may occur
}

// titleRules are tried in order; the first match wins, so specific titles
// come before the general ones they contain.
var titleRules = []titleRule{
	{id: dataset.ThreePublic, any: []string{"三公"}},
	{id: dataset.OperatingCosts, all: []string{"机关运行经费"}},
	{id: dataset.Procurement, all: []string{"政府采购"}},
	{id: dataset.ProjectsCarryover, all: []string{"项目支出", "上年结转"}, none: []string{"不含上年结转"}},
	{id: dataset.Projects, all: []string{"项目支出"}, none: []string{"基本支出"}},
	{id: dataset.GovFundIncome, all: []string{"政府性基金", "收入"}, none: []string{"收入支出", "收支"}},
	{id: dataset.GovFundFunc, all: []string{"政府性基金"}},
	{id: dataset.StateCapital, all: []string{"国有资本经营"}},
	{id: dataset.FiscalBasicEcon, all: []string{"财政拨款基本支出"}, none: []string{"一般公共预算", "决算"}},
	{id: dataset.BasicEcon, all: []string{"基本支出"}},
	{id: dataset.GeneralBudgetEcon, all: []string{"一般公共预算", "经济分类"}},
	{id: dataset.FiscalSummary, all: []string{"财政拨款"}, any: []string{"收支", "收入支出"}},
	{id: dataset.FiscalFunc, all: []string{"财政拨款支出"}, none: []string{"一般公共预算"}},
	{id: dataset.GeneralBudgetFunc, all: []string{"一般公共预算"}, any: []string{"支出"}},
	{id: dataset.Summary, any: []string{"收支总表", "收支预算总表", "收入支出决算总表", "收入支出预算总表", "收支预算表"}},
	{id: dataset.Income, any: []string{"收入总表", "收入预算总表", "收入预算表", "收入决算表"}},
	{id: dataset.Expense, any: []string{"支出总表", "支出预算总表", "支出预算表", "支出决算表"}},
}

var (
	// tableLabel matches the labels printed before or above titles:
	// 预算公开表1, 部门公开表9, 表一, 附表2, 公开01表, 表1-1.
	tableLabel = regexp.MustCompile(`^(?:(?:部门|单位)?预算公开表|部门公开表|附表|附件|表)[0-9一二三四五六七八九十]+(?:-[0-9]+)?[：:、.]?|^公开[0-9]+表`)
	yearRe     = regexp.MustCompile(`(20[0-9]{2})\s*年`)
	leaderRe   = regexp.MustCompile(`[.…·]{3,}|…|\.{2,}\s*[0-9]+$`)
	pageNumEnd = regexp.MustCompile(`表[）)]?[0-9]+$`)
	// titleEndRe: a title ends with 表, an optional bracket (（不含上年结转）),
	// and optionally the unit and unit-name fields printed on the same line.
	titleEndRe = regexp.MustCompile(`表(?:[（(][^）)]{0,12}[）)])?(?:(?:编制)?(?:部门|单位|单位名称)[：:].{0,40})?$`)
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
		strings.Contains(s, "详见") || strings.HasPrefix(s, "注") {
		return "", false
	}
	s = tableLabel.ReplaceAllString(s, "")
	if !titleEndRe.MatchString(s) || strings.ContainsAny(s, "《》") {
		return "", false
	}
	if isOtherTable(s) {
		return "", false
	}
	for _, r := range titleRules {
		if r.matches(s) {
			return r.id, true
		}
	}
	return "", false
}

func (r titleRule) matches(s string) bool {
	for _, w := range r.all {
		if !strings.Contains(s, w) {
			return false
		}
	}
	for _, w := range r.none {
		if strings.Contains(s, w) {
			return false
		}
	}
	if len(r.any) == 0 {
		return true
	}
	for _, w := range r.any {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// otherTables are words of titles of tables that are not standard budget
// tables (绩效目标表, 政府购买服务目录, 国有资产): they end the table before them.
var otherTables = []string{"绩效", "政府购买服务", "国有资产", "资产占有"}

func isOtherTable(s string) bool {
	for _, w := range otherTables {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// EndsTable reports whether a line is the title of a non-standard table,
// which ends the table before it.
func EndsTable(line string) bool {
	s := compact(line)
	return len([]rune(s)) <= 70 && titleEndRe.MatchString(s) && isOtherTable(s)
}

// IsTableLabel reports whether a line is only a table label (预算公开表1).
func IsTableLabel(line string) bool {
	s := compact(line)
	return s != "" && tableLabel.ReplaceAllString(s, "") == ""
}

// compact removes all white space, including ideographic spaces.
func compact(s string) string {
	return strings.Map(dropSpace, s)
}
