package transform

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// RawTable is one standard table found in a document, its rows not yet read.
type RawTable struct {
	ID       dataset.TableID
	Title    string
	Unit     dataset.Unit
	UnitName string // from the table's 单位名称/编制单位 line, when printed
	// nameOnTitle marks a unit name read from the title line itself, which
	// can come out garbled; a name on a line of its own is the surest.
	nameOnTitle bool
	Page        string // where the title stands
	Header      []extract.Row
	Body        []BodyRow
	Empty       bool // printed with 注：本表无数据 (or 空表)
	// ofUnit marks the table of one of the department's units, printed
	// again under the department's title with the unit's name (unitTable).
	ofUnit bool

	// columns is where the columns of the table's first PDF grid stand;
	// rows of later pages are placed by it.
	columns *colGeometry
}

// BodyRow is a body row of a table with the page it stands on.
type BodyRow struct {
	Page string
	extract.Row
}

var (
	unitRe     = regexp.MustCompile(`(?:金额)?单位[：:]\s*(?:人民币)?(亿元|万元|元)`)
	unitNameRe = regexp.MustCompile(`^(?:单位名称|编制单位|编制部门|部门名称|预算主管部门|主管部门|预算单位|部门|单位|评价项目单位)[：:]\s*(.+)$`)
	footerRe   = regexp.MustCompile(`^(?:第?[0-9]+页(?:[,，/]?共[0-9]+页)?|[-—－]*[0-9]+[-—－]*|[0-9]+/[0-9]+)$`)
	codeRe     = regexp.MustCompile(`^[0-9]{3}(?:[0-9]{2}){0,2}$`)
	// partHeadingRe matches the heading of a part of the document (第三部分).
	partHeadingRe = regexp.MustCompile(`^第[一二三四五六七八九十0-9]{1,3}部分`)
	// emptyTableRe: a line saying the table has no data (此表为空, 本表无数据).
	emptyTableRe = regexp.MustCompile(`^(?:注[：:]?)?(?:此表|本表)(?:为空|无数据|数据为空)[。.]?$`)
)

// segmenter walks the rows of a document in order and cuts them into tables.
type segmenter struct {
	pdf         bool
	tables      []*RawTable
	cur         *RawTable
	inBody      bool
	closed      bool // the current table has ended (a note, narrative)
	lastPage    string
	contPage    string          // a page where the current table's title was printed again
	side        *sidePage       // the rows held back from a page that may continue the table sideways
	sideTried   string          // the page last held back
	running     map[string]bool // running heads and feet printed on many pages
	runningSeen map[string]bool
	loose       []string      // the lines outside any table (cover, narrative)
	listed      []listedTable // the tables the contents list
	label       int           // the number of a table label printed on a line of its own (表5)
	unitName    string        // a unit name printed as a field of its own (部门名称 | …)
	titles      int           // standard table titles met
	numbers     []numberedTable
	others      []otherTable // tables under a title that names no standard table
	inOther     bool         // the rows now are those of the last of others
}

// otherTable is a table under a 预算 / 决算 title that names no standard
// table (新增资产配置预算表): its rows are not read, and how many of them
// print figures is reported.
type otherTable struct {
	page, title string
	figures     int
}

// continues reports whether a title starts the next page of the current
// table: the same table printed again with its title (and usually its
// header) on every page.
func (s *segmenter) continues(id dataset.TableID, text, page string) bool {
	t := s.cur
	return t != nil && s.inBody && !t.Empty && t.ID == id && page != s.lastPage &&
		stripContinued(stripTableLabel(compact(t.Title))) == stripContinued(stripTableLabel(compact(text)))
}

// continuedRe matches the mark of a table continued from the page before:
// a line of its own (续表, （续）, 接上表) or the end of the title printed
// again (一般公共预算支出表（续）).
var continuedRe = regexp.MustCompile(`(?:[（(]续表?[）)]|续表|续上表|接上表|[（(]接上页[）)])$`)

// stripContinued removes a continuation mark from the end of a title.
func stripContinued(s string) string { return continuedRe.ReplaceAllString(s, "") }

// Segment finds the standard tables of a document by their titles and cuts
// each into header and body rows. A table continues over following pages
// until the next title; headers repeated on continuation pages are dropped.
func Segment(doc *extract.Document) (tables []*RawTable, loose []string) {
	s := segment(doc)
	return s.tables, s.loose
}

// segment cuts a document into tables and also keeps the tables its
// contents list.
func segment(doc *extract.Document) *segmenter {
	s := &segmenter{pdf: doc.Format == extract.PDF, running: runningLines(doc), runningSeen: map[string]bool{}}
	for _, p := range doc.Pages {
		rows := joinWrappedTitles(p.Rows)
		if !s.pdf {
			s.sheetTitle(p.Name, rows)
		}
		for _, r := range rows {
			s.row(p.Name, r)
		}
	}
	s.finish()
	return s
}

// sheetTitleRows is how many rows of a sheet may stand above its title.
const sheetTitleRows = 4

// sheetTitle opens a table titled by a workbook sheet's name (部门收支总表)
// when the sheet prints no title of its own in its first rows: its rows
// are that table's, not a continuation of the sheet before.
func (s *segmenter) sheetTitle(name string, rows []extract.Row) {
	id, ok := MatchTitle(name)
	if !ok {
		return
	}
	for i, r := range rows {
		if i == sheetTitleRows {
			break
		}
		if _, titled := s.title(r, rowText(r)); titled {
			return
		}
	}
	s.finish()
	s.cur = &RawTable{ID: id, Title: name, Page: name}
	s.numbered(name, name, id)
	s.titles++
	s.inOther = false
	s.inBody, s.closed, s.lastPage = false, false, name
}

func (s *segmenter) row(page string, r extract.Row) {
	text := rowText(r)
	if text == "" || footerRe.MatchString(text) && !figureRow(r) { // a page number, not a row of figures
		return
	}
	if name, ok := unitField(r); ok && s.unitName == "" {
		s.unitName = name // 部门名称 | 北京市信访办公室, wherever it stands
	}
	if r.Grid == 0 && s.running[text] {
		if !s.runningSeen[text] {
			s.runningSeen[text] = true
			s.loose = append(s.loose, text) // it still says what the document is
		}
		return
	}
	if s.cur != nil && s.inBody && len(r.Cells) == 1 && continuedRe.MatchString(compact(text)) && stripContinued(compact(text)) == "" {
		s.contPage = page // 续表 atop a continuation page: the header repeated under it is dropped
		return
	}
	if id, ok := s.title(r, text); ok {
		s.inOther = false
		if s.continues(id, text, page) {
			s.contPage = page // the title repeated on a continuation page
			return
		}
		s.finish()
		s.cur = &RawTable{ID: id, Title: text, Page: page}
		s.numbered(text, page, id)
		s.titles++
		s.inBody, s.closed, s.lastPage = false, false, page
		s.titleMeta(r)
		return
	}
	if IsTableLabel(text) {
		s.label = labelNumber(text)
		return
	}
	if len(r.Cells) <= 3 && EndsTable(text) {
		s.numbered(text, page, "")
		s.finish()
		s.loose = append(s.loose, text)
		// a kind CONVENTIONS B10 leaves out is not reported; any other
		// title's figures are (cross_table_other)
		s.inOther = !isOtherTable(compact(text))
		if s.inOther {
			s.others = append(s.others, otherTable{page: page, title: compact(text)})
		}
		return
	}
	if s.inOther && r.Grid != 0 && hasAmount(r) {
		s.others[len(s.others)-1].figures++
	}
	if s.cur == nil || s.closed {
		if len(r.Cells) <= 3 {
			if id, ok := contentsEntry(text); ok {
				s.listed = append(s.listed, listedTable{id: id, page: page, text: text})
			}
		}
		s.loose = append(s.loose, text)
		return
	}
	if s.meta(r) {
		return
	}
	if len(r.Cells) == 1 && (emptyTableRe.MatchString(text) || !s.inBody && len(s.cur.Body) == 0 && saysNoData(text)) {
		s.cur.Empty = true
		s.closed = true
		return
	}
	if strings.HasPrefix(text, "注") || strings.HasPrefix(text, "说明：") {
		if saysNoData(text) {
			s.cur.Empty = true
		}
		s.closed = true
		return
	}
	if s.pdf && s.inBody && !hasAmount(r) && len(r.Cells) == 1 && (r.Grid == 0 && len([]rune(text)) > 20 || partHeadingRe.MatchString(text)) {
		// narrative after the table, or the heading of the document's
		// next part (第三部分 2026年度单位预算情况说明)
		s.closed = true
		s.loose = append(s.loose, text)
		return
	}
	s.tableRow(page, r, text)
}

// title reports whether a row is a table title: one or two cells, no amounts.
func (s *segmenter) title(r extract.Row, text string) (dataset.TableID, bool) {
	if len(r.Cells) > 3 || hasAmount(r) {
		return "", false
	}
	return MatchTitle(text)
}

// titleMeta reads the unit and unit name printed on the title line itself
// (编制部门：… | title | 单位：元 on one line).
func (s *segmenter) titleMeta(r extract.Row) {
	for _, c := range r.Cells {
		t := compact(c.Text)
		if m := unitRe.FindStringSubmatch(t); m != nil {
			s.cur.Unit = dataset.Unit(m[1])
		}
		if m := unitNameRe.FindStringSubmatch(t); m != nil && !strings.Contains(m[1], "表") {
			s.cur.UnitName = cleanUnitName(m[1])
			s.cur.nameOnTitle = true
		}
	}
}

// meta reads unit and unit-name lines into the current table.
func (s *segmenter) meta(r extract.Row) bool {
	if s.inBody && s.contPage == "" {
		return false
	}
	found := false
	for i, c := range r.Cells {
		t := compact(c.Text)
		if unitNameRe.MatchString(t+"x") && i+1 < len(r.Cells) {
			// 部门： | 江苏省人民检察院: the name in the next cell
			if next := compact(r.Cells[i+1].Text); !unitRe.MatchString(next) {
				t += next
			}
		}
		if m := unitRe.FindStringSubmatch(t); m != nil {
			s.cur.Unit = dataset.Unit(m[1])
			found = true
			t = strings.TrimSpace(unitRe.ReplaceAllString(t, ""))
		}
		if m := unitNameRe.FindStringSubmatch(t); m != nil {
			name := cleanUnitName(m[1])
			if s.contPage != "" && s.cur.UnitName != "" && name != s.cur.UnitName {
				s.unitTable(name)
			}
			s.cur.UnitName = name
			found = true
		}
	}
	return found && len(r.Cells) <= 3
}

// unitTable starts a new table where the title printed again atop a page
// comes with another unit's name (单位名称：某局本级 after 单位名称：某局): the
// same table of the next unit, not the rest of the one before.
func (s *segmenter) unitTable(name string) {
	t, page := s.cur, s.contPage
	unit := t.Unit
	s.finish()
	s.cur = &RawTable{ID: t.ID, Title: t.Title, Page: page, Unit: unit, UnitName: name, ofUnit: true}
	s.contPage, s.inBody, s.closed, s.lastPage = "", false, false, page
}

func (s *segmenter) tableRow(page string, r extract.Row, text string) {
	t := s.cur
	if s.side != nil && s.side.page == page {
		s.side.hold(r)
		return
	}
	s.flushSide()
	if s.sideTried != page && s.startsSideways(page, r) {
		s.side, s.sideTried = &sidePage{page: page}, page
		s.side.hold(r)
		return
	}
	if isColumnNumberRow(r) {
		return
	}
	if !s.inBody {
		if !isBodyStart(r, text) {
			t.Header = append(t.Header, r)
			return
		}
		s.inBody = true
		if head, body, ok := splitCodeHeads(r); ok {
			t.Header = append(t.Header, head)
			r = body
		}
	} else if page != s.lastPage && (repeatsHeader(t.Header, text) || s.repeatsTotal(text) || s.headerBeyondTotal(r)) {
		return
	} else if t.totalOverHeader(page, r, text) {
		// the lone 合计 was a header cell over an amount column of a table
		// without a label column (合计 | 本年收入 over its funds): header
		// words follow it, and the header goes on
		t.Header = append(t.Header, t.Body[0].Row, r)
		t.Body, t.columns, s.inBody = nil, nil, false
		return
	}
	s.contPage = ""
	newPage := page != s.lastPage
	s.lastPage = page
	if s.pdf && r.Grid != 0 {
		r = t.placeColumns(page, r)
	}
	if newPage && s.pdf && t.joinSplitLabel(r) {
		return
	}
	if n := len(t.Body); n > 0 && !newPage && wrappedOnto(t.Body[n-1].Row, r) {
		t.Body[n-1].Row = joinAbove(t.Body[n-1].Row, r)
		return
	}
	t.Body = append(t.Body, BodyRow{Page: page, Row: r})
}

// totalOverHeader reports whether the body so far is one row, a total
// label without figures, and row r on its page is header words in two
// cells or more without figures: the total label was a header cell.
func (t *RawTable) totalOverHeader(page string, r extract.Row, text string) bool {
	if len(t.Body) != 1 || t.Body[0].Page != page || len(r.Cells) < 2 || isBodyStart(r, text) {
		return false
	}
	first := t.Body[0].Row
	if len(first.Cells) != 1 || !isTotalLabel(CleanItem(compact(first.Cells[0].Text))) || hasAmount(r) {
		return false
	}
	words := 0
	for _, c := range r.Cells {
		if isHeaderWord(c.Text) {
			words++
		}
	}
	return words >= 2
}

// wrappedOnto reports whether row above holds the first lines of row r's
// cells, its figures printed on the last line (2620 | 西安市工业和信 over
// 3 | 01 | 息化局 | 78000 …): each of its cells stands over a cell of r,
// and a code column holds the start of a code above a piece too short to be
// one (2620 over 01), every other cell being words over words. Without that
// fragment a row of text over another is a row of its own (a group or a
// name-only class row), and a row with a figure is never a piece.
func wrappedOnto(above, r extract.Row) bool {
	if len(above.Cells) < 2 {
		return false
	}
	fragment := false
	for _, c := range above.Cells {
		below, ok := r.Cell(c.Col)
		a, b := compact(c.Text), compact(below.Text)
		if !ok || a == "" || b == "" {
			return false
		}
		switch da, db := allDigits(a), allDigits(b); {
		case da && db && len(a) >= 3 && len(b) <= 2:
			fragment = true
		case da || db || kindOf(a) != cellWords || kindOf(b) != cellWords:
			return false // a figure, or a code beside text: not pieces of one cell
		}
	}
	return fragment
}

// joinAbove is row r with the text of above before its cells' text.
func joinAbove(above, r extract.Row) extract.Row {
	out := r
	out.Y = above.Y
	out.Cells = slices.Clone(r.Cells)
	for i, c := range out.Cells {
		if a, ok := above.Cell(c.Col); ok {
			out.Cells[i].Text = a.Text + c.Text
			out.Cells[i].X0, out.Cells[i].X1 = min(c.X0, a.X0), max(c.X1, a.X1)
		}
	}
	return out
}

// joinSplitLabel joins the first row of a continuation page to the last row
// before the page break when it is only the end of that row's cells, the
// row's wrapped text cut by the break: one character (or the 支出 of a 类
// name) in a column where that row has text (十七、国土海洋气象等支 | 出), or
// pieces of up to maxSplitPiece characters in two columns or more, each
// where that row has text (市级生态保护和污染防治 | 资金 and 其他生态环境保护和治 |
// 理服务); no piece is a figure, a code, an ordinal or a total. The printed
// row counts once.
func (t *RawTable) joinSplitLabel(r extract.Row) bool {
	if len(t.Body) == 0 || len(r.Cells) == 0 {
		return false
	}
	prev := &t.Body[len(t.Body)-1].Row
	at := make([]int, len(r.Cells)) // the index of the cell of prev each piece ends
	for k, c := range r.Cells {
		at[k] = -1
		for i, pc := range prev.Cells {
			if pc.Col == c.Col && compact(pc.Text) != "" && !LooksLikeAmount(pc.Text) {
				at[k] = i
			}
		}
		if at[k] < 0 || !splitPiece(compact(c.Text), compact(prev.Cells[at[k]].Text), len(r.Cells) == 1) {
			return false
		}
	}
	cells := append([]extract.Cell(nil), prev.Cells...)
	for k, c := range r.Cells {
		cells[at[k]].Text += compact(c.Text)
	}
	prev.Cells = cells
	return true
}

// splitPiece reports whether text can be the end of the cell above it
// (whose text is above) cut by a page break: no figure, code, ordinal or
// total; up to maxSplitPiece characters, and when it is alone on its row,
// one character or the 支出 that ends a 类 name (…等 | 支出): a row of its
// own is not labelled that short.
func splitPiece(text, above string, alone bool) bool {
	n := utf8.RuneCountInString(text)
	switch {
	case n == 0 || n > maxSplitPiece || LooksLikeAmount(text) || codeRe.MatchString(text) || ordinalLevel(text) > 0 || isTotalLabel(text):
		return false
	case alone:
		return n == 1 || n == 2 && strings.HasSuffix(above+text, "支出")
	}
	return true
}

// maxSplitPiece bounds the pieces of a row's cells that joinSplitLabel
// carries back over a page break when the row continues in several cells.
const maxSplitPiece = 4

// finish keeps the current table if it is one: a table of contents entry
// or a title quoted in the narrative has neither header rows nor amounts.
func (s *segmenter) finish() {
	s.flushSide()
	t := s.cur
	s.cur = nil
	if t == nil {
		return
	}
	t.placeHeaderText()
	if t.Unit == dataset.NoUnit {
		t.Unit = headerUnit(t.Header)
	}
	amounts := false
	for _, b := range t.Body {
		amounts = amounts || hasAmount(b.Row) || figureRow(b.Row)
	}
	switch {
	case amounts || knownHeader(t.Header) || t.Empty:
		s.tables = append(s.tables, t)
	case len(t.Body) == 0 && len(t.Header) == 0:
		// a title with nothing under it: a contents entry (1、部门收支总表)
		s.listed = append(s.listed, listedTable{id: t.ID, page: t.Page, text: t.Title})
	}
}

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
	if hasAmount(r) || numberCells(r) >= 2 || figureRow(r) || wholeNumbers(r) >= 2 {
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
