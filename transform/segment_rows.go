package transform

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// What a row is, read from its cells: header words, figures, a column-number
// row, the start of a table body (segment.go decides with these).

// headerUnitRe matches a money unit printed in a header cell (预算数（万元）,
// 金额(单位：元)).
var headerUnitRe = regexp.MustCompile(`[（(](?:金额)?(?:单位[：:])?(?:人民币)?(亿元|万元|元)[）)]`)

// headerUnit is the money unit a table without a unit line declares in its
// header cells; none when they declare none or disagree (单价（元） beside
// 金额（万元）: no one unit for the table).
func headerUnit(header []extract.Row) dataset.Unit {
	unit := dataset.NoUnit
	for _, r := range header {
		for _, c := range r.Cells {
			for _, m := range headerUnitRe.FindAllStringSubmatch(compact(c.Text), -1) {
				switch u := dataset.Unit(m[1]); {
				case unit == dataset.NoUnit:
					unit = u
				case unit != u:
					return dataset.NoUnit
				}
			}
		}
	}
	return unit
}

// numberCells counts the cells of a row that hold a number that is not a
// code: integer amounts of a table in 元 (3285000, 0).
func numberCells(r extract.Row) int {
	n := 0
	for _, c := range r.Cells {
		if kindOf(c.Text) == cellNumber {
			n++
		}
	}
	return n
}

// spansOnly reports whether every cell of r spans several columns.
func spansOnly(r extract.Row) bool {
	for _, c := range r.Cells {
		if c.Span < 2 {
			return false
		}
	}
	return len(r.Cells) > 0
}

// onlyWords reports whether every cell of r holds words: no figure, code or
// code-name cell.
func onlyWords(r extract.Row) bool {
	for _, c := range r.Cells {
		if kindOf(c.Text) != cellWords {
			return false
		}
	}
	return true
}

func hasAmount(r extract.Row) bool {
	for _, c := range r.Cells {
		if LooksLikeAmount(c.Text) {
			return true
		}
	}
	return false
}

// zeroFigures reports a row whose figures are all zeros printed without
// decimals (因公出国（境）费 | -, 因公出国（境）费 | 0), a label first: the first
// row of a body, not a header.
func zeroFigures(r extract.Row) bool {
	if len(r.Cells) < 2 || isZeroMark(r.Cells[0].Text) {
		return false
	}
	for _, c := range r.Cells[1:] {
		if !isZeroMark(c.Text) {
			return false
		}
	}
	return true
}

// isZeroMark reports a zero printed as a dash or a bare 0.
func isZeroMark(text string) bool {
	a, err := ParseAmount(text)
	return err == nil && !a.Blank && a.Value.IsZero() && a.Decimals == 0
}

// noDataWords say that a table has nothing to show (本表无数据, 故此表为空,
// 本部门无此项支出, 没有使用政府性基金安排的支出).
var noDataWords = []string{"无数据", "空表", "为空", "无此项", "无相关", "未安排", "没有"}

// saysNoData reports a note or line that says the table has no data.
func saysNoData(text string) bool {
	return containsAny(compact(text), noDataWords)
}

// figureRow reports a row of two figures or more and nothing else: a
// “三公” table in 元 prints 50000 | 30000 | 20000 under its item headers,
// whole numbers that each look like a code (kindOf) but are, all of them
// together on a row, its amounts. A row of column numbers (1 2 3) is
// taken apart before (isColumnNumberRow).
func figureRow(r extract.Row) bool {
	n := 0
	for _, c := range r.Cells {
		a, err := ParseAmount(c.Text)
		switch {
		case err != nil:
			return false
		case !a.Blank && strings.ContainsAny(c.Text, "0123456789"):
			n++ // a dash is no figure of its own (- 19 - is a page number)
		}
	}
	return n >= 2
}

// wholeNumbers counts the cells of a row that hold a whole number, code
// shaped or not, other than a year: 某局 | 50000 | 30000 | 20000 is a row of
// figures in 元, where each alone looks like a code.
func wholeNumbers(r extract.Row) int {
	n := 0
	for _, c := range r.Cells {
		if t := compact(c.Text); allDigits(t) && !(len(t) == 4 && (t[:2] == "19" || t[:2] == "20")) {
			n++
		}
	}
	return n
}

// isColumnNumberRow reports a row of consecutive column numbers (1 2 3 …),
// printed under the headers of some tables, or a 栏次 row.
func isColumnNumberRow(r extract.Row) bool {
	if len(r.Cells) == 0 {
		return false
	}
	if t := compact(r.Cells[0].Text); t == "栏次" || t == "行次" {
		return true
	}
	// 1 2 3 …, or ** | ** | 1 | 2 | 3 (Changsha), numbers rising by one
	numbers, last := 0, 0
	for _, c := range r.Cells {
		t := compact(c.Text)
		if t == "**" || t == "*" || t == "栏次" || t == "行次" {
			continue
		}
		n, err := strconv.Atoi(t)
		if err != nil || (numbers > 0 && n != last+1) || (numbers == 0 && n > 3) {
			return false
		}
		numbers, last = numbers+1, n
	}
	return numbers >= 3 || (numbers >= 2 && numbers < len(r.Cells))
}

// isBodyStart reports whether a row is the first row of a table body rather
// than a header row.
func isBodyStart(r extract.Row, text string) bool {
	if hasAmount(r) || numberCells(r) >= 2 || figureRow(r) || wholeNumbers(r) >= 2 || zeroFigures(r) {
		return true
	}
	if strings.Contains(text, "无数据") {
		return true
	}
	if spansOnly(r) && !endsTotal(text) {
		// no figure, every cell over several columns: groups of the header
		// (本年收入 over its funds, 公务用车购置及运行维护费 over 小计 | 购置费 |
		// 运行维护费), not the first of a table's items; a 合计 over the
		// label columns of a table with no figures is its total row still
		return false
	}
	if len(r.Cells) == 1 && r.Cells[0].Col <= 1 && isThreePublicItem(text) && !strings.Contains(text, "三公") {
		// the first item of a “三公” table listed in rows, printed without
		// figures in its label column; one piece of header far to the right
		// is not
		return true
	}
	headerish := 0
	for _, c := range r.Cells {
		if isHeaderWord(c.Text) || isThreePublicItem(c.Text) {
			headerish++
		}
	}
	if headerish >= 2 && 2*headerish >= len(r.Cells) {
		return false // header words, even after a 合计 (合计 | 一般公共预算拨款 | …)
	}
	first := compact(r.Cells[0].Text)
	if len(r.Cells) >= 3 && ordinalLevel(first) == 0 && onlyWords(r) {
		// words in three columns, no figure or code: header lines wrapped
		// in narrow columns (合计 | 基金拨 | 位经营 | 位上 | 其他收入), not a row
		return false
	}
	if codeRe.MatchString(first) {
		return true
	}
	label := CleanItem(first)
	if isTotalLabel(label) || ordinalLevel(first) > 0 {
		return true
	}
	if len(r.Cells) >= 2 && allDigits(first) && len(first) <= serialDigits && isTotalLabel(CleanItem(compact(r.Cells[1].Text))) {
		// a row's number, then 合计: the first row of a body numbered in
		// a 序号 column, whatever its figures look like (whole 元 can read
		// as codes)
		return true
	}
	return false
}

// knownHeader reports whether header rows hold at least two words that
// table headers use (项目, 合计, 科目编码 …): prose under a quoted title
// does not.
func knownHeader(rows []extract.Row) bool {
	n := 0
	for _, r := range rows {
		for _, c := range r.Cells {
			if isHeaderWord(c.Text) {
				n++
			}
		}
	}
	return n >= 2
}

// splitCodeHeads separates the 类 | 款 | 项 headings that 决算 tables print
// in the code columns of their first body row (类 款 项 合计 2,940.05 …).
func splitCodeHeads(r extract.Row) (head, body extract.Row, ok bool) {
	head, body = r, r
	head.Cells, body.Cells = nil, nil
	for _, c := range r.Cells {
		switch compact(c.Text) {
		case "类", "款", "项":
			head.Cells = append(head.Cells, c)
		default:
			body.Cells = append(body.Cells, c)
		}
	}
	return head, body, len(head.Cells) >= 2
}

// repeatsTotal reports the table's total row printed again at the top of a
// continuation page (合计 | … on every page): it is not a row of its own.
func (s *segmenter) repeatsTotal(text string) bool {
	t := s.cur
	if len(t.Body) == 0 {
		return false
	}
	first := t.Body[0].Row
	return rowText(first) == text && len(first.Cells) > 0 && isTotalLabel(CleanItem(compact(first.Cells[0].Text)))
}

func repeatsHeader(header []extract.Row, text string) bool {
	for _, h := range header {
		if rowText(h) == text {
			return true
		}
	}
	return false
}

// isThreePublicItem reports the item headers of a “三公” table printed with
// items as columns (Jiangsu adds 会议费 and 培训费 beside the three).
func isThreePublicItem(text string) bool {
	t := compact(text)
	for _, w := range threePublicWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}
