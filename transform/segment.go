package transform

import (
	"regexp"
	"strings"

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
	unitRe     = regexp.MustCompile(`[（(]?(?:金额)?单位[：:]\s*(?:人民币)?(亿元|万元|元)[）)]?`)
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
	contRows    int             // the table rows met on contPage so far
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
	return t != nil && s.inBody && !t.Empty && t.ID == id && page != s.lastPage && titleKey(t.Title) == titleKey(text)
}

// titleKey is a title line as the same table prints it on every page: without
// its label (表3), a continuation mark (（续）) or the unit printed on its line
// (单位：万元).
func titleKey(line string) string {
	s := compact(line)
	if loc := unitRe.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[0]] + s[loc[1]:]
	}
	return stripContinued(stripTableLabel(s))
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
		s.contPage, s.contRows = page, 0 // 续表 atop a continuation page: the header repeated under it is dropped
		return
	}
	if id, ok := s.title(r, text); ok {
		s.inOther = false
		if s.continues(id, text, page) {
			s.contPage, s.contRows = page, 0 // the title repeated on a continuation page
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
	if s.meta(page, r) {
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
			t = strings.TrimSpace(unitRe.ReplaceAllString(t, "")) // 单位：万元 names no unit
		}
		if m := unitNameRe.FindStringSubmatch(t); m != nil && !strings.Contains(m[1], "表") {
			s.cur.UnitName = cleanUnitName(m[1])
			s.cur.nameOnTitle = true
		}
	}
}

// meta reads unit and unit-name lines into the current table.
func (s *segmenter) meta(page string, r extract.Row) bool {
	unit, name, found := metaOf(r)
	if !found {
		return false
	}
	if s.inBody && s.contPage == "" {
		// the unit line printed again atop a continuation page that does not
		// print the title again: not a row, when it names the table's unit
		return page != s.lastPage && r.Grid == 0 && len(r.Cells) <= 3 &&
			(unit == "" || unit == s.cur.Unit) && (name == "" || name == s.cur.UnitName)
	}
	if name != "" {
		if s.contPage != "" && s.cur.UnitName != "" && name != s.cur.UnitName {
			s.unitTable(name)
		}
		s.cur.UnitName = name
	}
	if unit != "" {
		s.cur.Unit = unit
	}
	return len(r.Cells) <= 3
}

// metaOf reads the money unit and the unit name a line prints (单位：万元,
// 部门名称：某局, 部门： | 某局).
func metaOf(r extract.Row) (unit dataset.Unit, name string, found bool) {
	for i, c := range r.Cells {
		t := compact(c.Text)
		if unitNameRe.MatchString(t+"x") && i+1 < len(r.Cells) {
			// 部门： | 江苏省人民检察院: the name in the next cell
			if next := compact(r.Cells[i+1].Text); !unitRe.MatchString(next) {
				t += next
			}
		}
		if m := unitRe.FindStringSubmatch(t); m != nil {
			unit = dataset.Unit(m[1])
			found = true
			t = strings.TrimSpace(unitRe.ReplaceAllString(t, ""))
		}
		if m := unitNameRe.FindStringSubmatch(t); m != nil {
			name = cleanUnitName(m[1])
			found = true
		}
	}
	return unit, name, found
}

// unitTable starts a new table where the title printed again atop a page
// comes with another unit's name (单位名称：某局本级 after 单位名称：某局): the
// same table of the next unit, not the rest of the one before.
func (s *segmenter) unitTable(name string) {
	t := s.nextUnderTitle(s.contPage, nil)
	t.UnitName, t.ofUnit = name, true
}

// nextUnderTitle ends the current table and starts another under its title
// and unit on page, with header rows so far: the title printed again atop a
// page over another unit's name or another header.
func (s *segmenter) nextUnderTitle(page string, header []extract.Row) *RawTable {
	t := s.cur
	s.finish()
	s.cur = &RawTable{ID: t.ID, Title: t.Title, Page: page, Unit: t.Unit, UnitName: t.UnitName, Header: header}
	s.contPage, s.inBody, s.closed, s.lastPage = "", false, false, page
	return s.cur
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
	if page == s.contPage {
		s.contRows++
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
	} else if s.otherHeader(page, r) {
		// the title printed again over another header: another table under
		// the same title (cross_table_repeat says both count), not rows
		s.nextUnderTitle(page, []extract.Row{r})
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

// otherHeader reports whether row r, the first row of a page on which the
// current table's title is printed again, is a header row the table's own
// header does not hold: header words in two cells or more, no figures.
// A continuation page repeats its table's header (repeatsHeader drops it);
// another header under the same title heads another table, whose header
// rows must not be read as rows of figures.
func (s *segmenter) otherHeader(page string, r extract.Row) bool {
	return page != s.lastPage && s.contPage == page && s.contRows == 1 && s.inBody && !hasNumber(r) && len(r.Cells) >= 2 && onlyHeaderWords(r)
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
