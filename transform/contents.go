package transform

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// A disclosure lists its tables in a 目录 (表一2026年预算收支总表.....2) or
// numbers them (公开01–12表). A table the contents list that the reader did
// not find is damage or a misreading, never silence: it is a warning.

// listedTable is a table named in the document's contents.
type listedTable struct {
	id   dataset.TableID
	page string
	text string
}

// tocLeader is a contents line's dot leader and page number.
var tocLeader = regexp.MustCompile(`(?:[.…·．。\s]{2,}|[…·]+)\s*[0-9]+\s*$|\s+[0-9]+\s*$`)

// contentsEntry reads a contents line (表三2026年预算支出总表.....6) into the
// table it lists.
func contentsEntry(text string) (dataset.TableID, bool) {
	s := strings.TrimSpace(text)
	if s == "" || s[len(s)-1] < '0' || s[len(s)-1] > '9' || !tocLeader.MatchString(s) {
		// every leader ends in the page number: most lines are no entry at
		// their last byte, before the pattern tries each start
		return "", false
	}
	s = tocLeader.ReplaceAllString(s, "")
	s = stripOrdinal(compact(s))
	return MatchTitle(s)
}

// families groups the ids one printed table may settle on (identify.go).
var families = [][]dataset.TableID{
	{dataset.BasicEcon, dataset.BasicEconAll, dataset.BasicFunc, dataset.FiscalBasicEcon},
	{dataset.GeneralBudgetFunc, dataset.GeneralBudgetEcon, dataset.FiscalFunc, dataset.FiscalEcon},
	{dataset.Expense, dataset.ExpenseEcon},
	{dataset.Projects, dataset.ProjectEcon},
	{dataset.ThreePublic, dataset.OperatingCosts},
}

func sameFamily(a, b dataset.TableID) bool {
	if a == b {
		return true
	}
	for _, f := range families {
		if slices.Contains(f, a) && slices.Contains(f, b) {
			return true
		}
	}
	return false
}

// contentsChecks warns about each table the contents list that the
// document's tables do not include.
func contentsChecks(listed []listedTable, found []dataset.TableID, docID, source string) []dataset.Check {
	var out []dataset.Check
	seen := map[dataset.TableID]bool{}
	for _, l := range listed {
		if seen[l.id] || slices.ContainsFunc(found, func(f dataset.TableID) bool { return sameFamily(f, l.id) }) {
			continue
		}
		seen[l.id] = true
		out = append(out, dataset.Check{DocID: docID, Check: dataset.CheckCrossTableMissing,
			Position: dataset.Position{Page: l.page, Table: l.id}, Status: dataset.Warn,
			Detail: fmt.Sprintf("%s page %s: the contents list %q (%s), which the reader did not find in the document",
				source, l.page, l.text, l.id)})
	}
	return out
}

// numberedTable is a table title with its number (预算公开表3, 表十二, 公开05表).
type numberedTable struct {
	n    int
	id   dataset.TableID // "" for a table that is not a standard one (绩效目标表)
	page string
}

var labelDigits = regexp.MustCompile(`[0-9]+|[一二三四五六七八九十]+`)

// labelNumber is the number a table label gives (表一 → 1, 公开05表 → 5,
// 预算01表 → 1), 0 when there is none or it is a sub-number (表1-1).
func labelNumber(text string) int {
	s := compact(text)
	loc := tableLabel.FindStringIndex(s)
	if loc == nil {
		loc = budgetLabel.FindStringIndex(s)
	}
	if loc == nil || strings.Contains(s[loc[0]:loc[1]], "-") {
		return 0
	}
	m := labelDigits.FindString(s[loc[0]:loc[1]])
	if m == "" {
		return 0
	}
	if len(m) > 4 && strings.HasPrefix(s[loc[1]:], "年") && strings.HasPrefix(m[len(m)-4:], "20") {
		m = m[:len(m)-4] // 预算公开表32026年…: table 3 of 2026
	}
	if n, err := strconv.Atoi(m); err == nil {
		return n
	}
	return chineseNumber(m)
}

// budgetLabel is Beijing's 预算01表 (and 预算表12) label.
var budgetLabel = regexp.MustCompile(`^预算(?:[0-9]+表|表[0-9]+)`)

// chineseNumber reads 一 … 九十九.
func chineseNumber(s string) int {
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, cur := 0, 0
	for _, r := range s {
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n, cur = n+cur*10, 0
			continue
		}
		cur = digits[r]
	}
	return n + cur
}

// numbered records a title's table number, from the title or the label line
// just before it.
func (s *segmenter) numbered(text, page string, id dataset.TableID) {
	n := labelNumber(text)
	if n == 0 {
		n = s.label
	}
	s.label = 0
	if n > 0 {
		s.numbers = append(s.numbers, numberedTable{n: n, id: id, page: page})
	}
}

// numberingChecks warns about the numbers missing from a document's table
// numbering (预算公开表3 … 13 with 1 and 2 not found): tables lost to damage
// or misread.
func numberingChecks(numbers []numberedTable, titles int, docID, source string) []dataset.Check {
	standard := 0
	for _, t := range numbers {
		if t.id != "" {
			standard++
		}
	}
	if len(numbers) < 3 || 10*standard < 9*titles {
		return nil // the titles are not numbered throughout: a gap says nothing
	}
	seen := map[int]bool{}
	most := 0
	for _, t := range numbers {
		seen[t.n] = true
		most = max(most, t.n)
	}
	if most > 60 {
		return nil // not a numbering of the standard tables
	}
	var missing []string
	for n := 1; n <= most; n++ {
		if !seen[n] {
			missing = append(missing, strconv.Itoa(n))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return []dataset.Check{{DocID: docID, Check: dataset.CheckCrossTableMissing, Status: dataset.Warn,
		Item:     "table " + strings.Join(missing, ", "),
		Position: dataset.Position{Page: numbers[0].page},
		Detail: fmt.Sprintf("%s: the tables are numbered up to %d but number %s was not found (damaged or misread pages?)",
			source, most, strings.Join(missing, ", "))}}
}
