package transform

// The lines of a document that are neither table rows nor titles: unit-name
// fields, running heads and feet, titles wrapped over two lines.

import (
	"regexp"
	"strings"

	"github.com/budgetetl/budgetetl/extract"
)

// unitField reads a row that prints a unit-name field and its value in two
// cells (部门名称 | 北京市信访办公室), perhaps with the amounts' unit beside
// them. A table's header row (单位名称 | 合计 | 政府性 …) is no such field:
// its cells beside the label are header words, not a name.
func unitField(r extract.Row) (string, bool) {
	if len(r.Cells) < 2 || len(r.Cells) > 3 || len(r.Cells) == 3 && !unitRe.MatchString(compact(r.Cells[2].Text)) {
		return "", false
	}
	label := strings.TrimRight(compact(r.Cells[0].Text), "：:")
	name := compact(r.Cells[1].Text)
	if !unitFieldWords[label] || !hasHan(name) || strings.ContainsAny(name, "0123456789：:") || unitRe.MatchString(name) || isHeaderWord(name) {
		return "", false
	}
	return cleanUnitName(name), true
}

// scopeMarker is a marker after a unit's name saying what its figures
// cover (（汇总）): not part of the name (CONVENTIONS X10).
var scopeMarker = regexp.MustCompile(`[（(](?:部门)?汇总[）)]$`)

// cleanUnitName drops a scope marker from a unit name, and the 部门 of a
// kind word wrapped onto the name's line (北京市教育委员会部门 / 2026年预算).
func cleanUnitName(name string) string {
	name = scopeMarker.ReplaceAllString(name, "")
	if n := []rune(name); len(n) > 6 && strings.HasSuffix(name, "部门") {
		name = strings.TrimSuffix(name, "部门")
	}
	return name
}

// runningLines finds the running heads and feet of a PDF: a free-text line
// among the first or last two lines of a page that is printed the same on
// at least three pages and a third of them (无锡市交通运输局（本级）2026年度单位
// 预算公开 atop every page). They are neither titles nor narrative.
func runningLines(doc *extract.Document) map[string]bool {
	if doc.Format != extract.PDF || len(doc.Pages) < 3 {
		return nil
	}
	seen := map[string]int{}
	for _, p := range doc.Pages {
		onPage := map[string]bool{}
		for i, r := range p.Rows {
			if r.Grid != 0 || (i > 1 && i < len(p.Rows)-2) {
				continue
			}
			if t := rowText(r); t != "" && !onPage[t] {
				onPage[t] = true
				seen[t]++
			}
		}
	}
	out := map[string]bool{}
	for t, n := range seen {
		if n >= 3 && 3*n >= len(doc.Pages) && runningTitle(t) {
			out[t] = true
		}
	}
	return out
}

// runningTitle reports the text of a document's own title as a running head
// prints it: a year and 预算 or 决算, not a table title, not a field.
func runningTitle(t string) bool {
	if _, title := MatchTitle(t); title || strings.HasSuffix(t, "表") || strings.ContainsAny(t, "：:") {
		return false
	}
	return yearRe.MatchString(t) && (strings.Contains(t, "预算") || strings.Contains(t, "决算"))
}

// joinWrappedTitles joins a title printed over two lines (公开09表：一般公共
// 预算“三公”经费、会议费、培训费 / 支出预算表): a one-cell line that is not a
// title and does not end in 表, followed by a one-cell line, both without
// amounts and outside any table grid, whose joined text is a title.
func joinWrappedTitles(rows []extract.Row) []extract.Row {
	var out []extract.Row
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		if i+1 < len(rows) && wrapsTitle(r, rows[i+1]) {
			joined := r
			joined.Cells = []extract.Cell{r.Cells[0]}
			joined.Cells[0].Text = compact(r.Cells[0].Text) + compact(rows[i+1].Cells[0].Text)
			out = append(out, joined)
			i++
			continue
		}
		out = append(out, r)
	}
	return out
}

func wrapsTitle(a, b extract.Row) bool {
	if len(a.Cells) != 1 || len(b.Cells) != 1 || a.Grid != 0 || b.Grid != 0 || hasAmount(a) || hasAmount(b) {
		return false
	}
	first := compact(a.Cells[0].Text)
	if strings.HasSuffix(first, "表") {
		return false
	}
	if _, ok := MatchTitle(first); ok {
		return false
	}
	second := compact(b.Cells[0].Text)
	if _, ok := MatchTitle(second); ok && sectionRe.MatchString(first) {
		return false // a heading over a title (二、表格部分 / 收支总表), not its first line
	}
	_, ok := MatchTitle(first + second)
	return ok
}

func rowText(r extract.Row) string {
	var b strings.Builder
	for _, c := range r.Cells {
		b.WriteString(compact(c.Text))
	}
	return b.String()
}
