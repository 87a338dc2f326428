package transform

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// Meta is what the pipeline knows about a document before reading it.
type Meta struct {
	DocID    string
	Source   string
	Province string // from pipeline metadata; else derived from the unit name
	City     string
	County   string
}

// Result is one document transformed.
type Result struct {
	Info   DocInfo
	Facts  []dataset.Fact
	Checks []dataset.Check
}

var (
	finalRe     = regexp.MustCompile(`决算`)
	coverYearRe = regexp.MustCompile(`(20[0-9]{2})\s*年(?:度)?`)
)

// Transform recognizes the standard tables of doc and reads them into
// facts, then validates them.
func Transform(doc *extract.Document, meta Meta) *Result {
	seg := segment(doc)
	tables, loose := seg.tables, seg.loose
	info := docInfo(tables, loose)
	if info.UnitName == "" {
		info.UnitName = seg.unitName
	}
	if info.UnitName == "" {
		info.UnitName = dutiesUnitName(loose)
	}
	info.UnitName = cleanUnitName(info.UnitName)
	if info.Year == "" {
		if m := coverYearRe.FindStringSubmatch(coverLines(loose)); m != nil {
			info.Year = m[1]
		}
	}
	if info.Year == "" {
		info.Year = lineYear(loose)
	}
	if info.Year == "" && len(loose) > 0 {
		// the document's title, too long for a cover line
		// (广州市生态环境局2026年项目支出绩效目标表（含转移支付项目）)
		if m := coverYearRe.FindStringSubmatch(loose[0]); m != nil {
			info.Year = m[1]
		}
	}
	if info.Year == "" {
		info.Year = headerYear(tables)
	}
	fillRegion(&info, loose, tables)
	year := yearOf(info.Year)
	res := &Result{Info: info, Checks: readerNotes(doc, meta)}
	reads := make([]*tableRead, len(tables))
	printed := docCodes{}
	for i, t := range tables {
		reads[i] = readTable(t, info.Unit, year)
		printed.collect(reads[i])
	}
	identify(reads)
	res.Info.TablesFound = nil
	for _, tr := range reads {
		res.Info.TablesFound = appendOnce(res.Info.TablesFound, tr.Raw.ID)
	}
	for _, tr := range reads {
		tr.assignCodes(year, printed)
		tr.assignKinds()
	}
	subUnits := unitTables(reads)
	var unread []*RawTable // tables that gave no fact
	copies := newTableCopies(meta)
	kept := reads[:0:0]
	for i, tr := range reads {
		t := tr.Raw
		facts := tr.facts(meta, info)
		if name := subUnits[i]; name != "" {
			ofUnit(facts, name)
		} else if copies.again(t, facts) {
			continue
		}
		kept = append(kept, tr)
		if len(facts) == 0 {
			res.Info.TablesEmpty = appendOnce(res.Info.TablesEmpty, t.ID)
			unread = append(unread, t)
		}
		res.Facts = append(res.Facts, facts...)
	}
	if info.NotDisclosure != "" {
		// a report that quotes budget figures in tables of its own (项目支出情况表
		// in a 绩效评价报告): they are not the unit's budget tables
		res.Facts, res.Info.DocKind, res.Info.TablesFound = nil, "", nil
		return res
	}
	res.Info.Template = len(tables) > 0 && (len(res.Facts) == 0 || placeholder(info.UnitName))
	if res.Info.Template {
		res.Facts = nil // a template's sample figures are not data, nor its checks (reader notes stay)
		res.Info.TablesEmpty = res.Info.TablesFound
		return res
	}
	reads = kept
	res.Checks = append(res.Checks, copies.checks...)
	res.Checks = append(res.Checks, validate(reads, meta.DocID)...)
	res.Checks = append(res.Checks, documentChecks(res.Info, tables, seg.listed, meta.DocID, meta.Source)...)
	res.Checks = append(res.Checks, unreadChecks(unread, meta.DocID, meta.Source)...)
	res.Checks = append(res.Checks, otherTableChecks(seg.others, meta.DocID, meta.Source)...)
	if len(tables) > 0 {
		res.Checks = append(res.Checks, contentsChecks(seg.listed, res.Info.TablesFound, meta.DocID, meta.Source)...)
		res.Checks = append(res.Checks, numberingChecks(seg.numbers, seg.titles, meta.DocID, meta.Source)...)
	}
	narrative := &checker{docID: meta.DocID}
	narrative.narrativeChecks(reads, loose, info.Year)
	res.Checks = append(res.Checks, narrative.checks...)
	return res
}

func appendOnce(ids []dataset.TableID, id dataset.TableID) []dataset.TableID {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// docInfo gathers the unit name, year, kind and unit of the document.
func docInfo(tables []*RawTable, loose []string) DocInfo {
	var info DocInfo
	units := map[dataset.Unit]int{}
	fieldName := ""
	for _, t := range tables {
		info.TablesFound = appendOnce(info.TablesFound, t.ID)
		if info.UnitName == "" && t.UnitName != "" {
			info.UnitName = t.UnitName
		}
		if fieldName == "" && t.UnitName != "" && !t.nameOnTitle {
			fieldName = t.UnitName
		}
		if info.Year == "" {
			if m := coverYearRe.FindStringSubmatch(t.Title); m != nil {
				info.Year = m[1]
			}
		}
		if finalRe.MatchString(t.Title) {
			info.DocKind = dataset.DocFinal
		}
		if t.Unit != "" {
			units[t.Unit]++
		}
	}
	if info.DocKind == "" && len(tables) > 0 {
		info.DocKind = dataset.DocBudget
	}
	info.Unit = mostUsed(units)
	coverInfo(&info, loose)
	info.NotDisclosure = notDisclosure(loose)
	if fieldName != "" {
		info.UnitName = fieldName // 部门名称：… printed with the tables wins over the cover
	}
	info.Scope = scopeOf(tables, loose)
	return info
}

func mostUsed(units map[dataset.Unit]int) dataset.Unit {
	keys := make([]dataset.Unit, 0, len(units))
	for u := range units {
		keys = append(keys, u)
	}
	sort.Slice(keys, func(i, j int) bool {
		if units[keys[i]] != units[keys[j]] {
			return units[keys[i]] > units[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		return dataset.NoUnit
	}
	return keys[0]
}

var (
	coverTitleRe = regexp.MustCompile(`^(.{2,40}?)(20[0-9]{2})年(?:度)?(?:部门|单位)?(?:预算|决算)`)
	// coverYearFirstRe: 2026年北京市信访办公室部门预算.
	coverYearFirstRe = regexp.MustCompile(`^20[0-9]{2}年(?:度)?(.{2,40}?)(?:部门|单位)(?:预算|决算)(?:公开)?$`)
	// kindSuffix is the kind printed after a unit name (…部门预算).
	kindSuffix = regexp.MustCompile(`(?:部门|单位)(?:预算|决算)(?:公开)?$`)
	// coverPartRe: a cover line that is only a year or only the kind.
	coverPartRe = regexp.MustCompile(`^(?:20[0-9]{2}年(?:度)?|(?:部门|单位)?(?:预算|决算)(?:公开)?|20[0-9]{2}年(?:度)?(?:部门|单位)?(?:预算|决算)(?:公开)?)$`)
	// coverKindRe: 2024年度部门决算, 2019年部门综合预算说明, 2026 部门预算情况的说明.
	coverKindRe = regexp.MustCompile(`^(20[0-9]{2})\s*(?:年(?:度)?(?:区级|省级|市级|县级)?(?:部门|单位)?|(?:部门|单位))(?:综合)?(?:预算|决算)`)
	placeholdRe = regexp.MustCompile(`XX|ＸＸ|××|\*\*`)
	// evaluationRe is the title of a performance evaluation report
	// (长沙市财政项目支出绩效评价报告, 部门整体支出绩效自评报告).
	evaluationRe = regexp.MustCompile(`绩效(?:自评|评价)(?:报告|报告书)$`)
)

// notDisclosure returns what the document is when its title, the first
// line of its cover, names no budget or final account but a performance
// evaluation report.
func notDisclosure(loose []string) string {
	if len(loose) > 0 && evaluationRe.MatchString(compact(loose[0])) && !coverKindRe.MatchString(loose[0]) {
		return "绩效评价报告"
	}
	return ""
}

// placeholder reports a template's stand-in name (上海市XX局).
func placeholder(name string) bool {
	return placeholdRe.MatchString(name)
}

// coverUnitName finds the unit name on the cover: a 预算主管部门：/预算单位：
// line, or the line above "2024年度部门决算", or "X2026年度单位预算公开".
func coverUnitName(loose []string) string {
	for i, text := range loose {
		if i > 12 {
			break
		}
		// 部门名称：… printed on one line with 单位：万元
		if m := unitNameRe.FindStringSubmatch(strings.TrimSpace(unitRe.ReplaceAllString(text, ""))); m != nil {
			return m[1]
		}
		if i > 0 && coverKindRe.MatchString(text) && coverName(loose[i-1]) {
			return loose[i-1]
		}
		if m := coverTitleRe.FindStringSubmatch(text); m != nil && coverName(m[1]) && !strings.HasSuffix(text, "表") {
			return m[1]
		}
		if m := coverYearFirstRe.FindStringSubmatch(text); m != nil && coverName(m[1]) {
			return m[1]
		}
	}
	if joined := coverLines(loose); joined != "" && !strings.HasSuffix(joined, "表") {
		// a cover title wrapped over lines (2026年深圳市规划和自然资源局盐田 / 管理局部门预算)
		if m := coverYearFirstRe.FindStringSubmatch(joined); m != nil && coverName(m[1]) {
			return m[1]
		}
		if m := coverTitleRe.FindStringSubmatch(joined); m != nil && coverName(m[1]) {
			return m[1]
		}
	}
	return splitCoverName(loose)
}

// coverLines joins the short lines a document opens with, up to its
// contents or first part.
func coverLines(loose []string) string {
	var b strings.Builder
	for i, text := range loose {
		if i > 5 || sectionRe.MatchString(text) || len([]rune(text)) > 30 {
			break
		}
		b.WriteString(text)
	}
	return b.String()
}

// headerYear is the year most column headers print (2026年预算数), for a
// document whose titles and cover print none.
func headerYear(tables []*RawTable) string {
	n := map[string]int{}
	best := ""
	for _, t := range tables {
		for _, r := range t.Header {
			for _, c := range r.Cells {
				if m := headerYearRe.FindStringSubmatch(compact(c.Text)); m != nil {
					n[m[1]]++
					if n[m[1]] > n[best] || (n[m[1]] == n[best] && m[1] > best) {
						best = m[1]
					}
				}
			}
		}
	}
	return best
}

// yearLineRe is a line that is only a year ((2026年度) under a title).
var yearLineRe = regexp.MustCompile(`^[（(]?(20[0-9]{2})年(?:度)?[）)]?$`)

// lineYear is the year of the first line outside the tables that is only
// a year.
func lineYear(loose []string) string {
	for _, l := range loose {
		if m := yearLineRe.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	return ""
}

// dutiesRe matches the sentence that opens the section on a unit's duties
// with the unit's name (北京市气象局属于公益性事业单位…, 福州市医疗保障局的主要职责是：).
var dutiesRe = regexp.MustCompile(`^(\p{Han}{4,30}?(?:局|委员会|办公室|办公厅|中心|院|所|站|馆|处|部|学校|医院|支队))(?:[（(][^）)]{0,24}[）)])?(?:是|属于|为|主要职责|的主要职责|负责|贯彻|承担)`)

// dutiesUnitName finds the unit's name in the narrative of a document whose
// cover and tables name none (a 预算情况说明 published apart from its
// tables): the first sentence under the heading of its duties (（一）本部门职责
// 情况, 一、部门主要职责), when the name starts with a region.
func dutiesUnitName(loose []string) string {
	for i := 1; i < len(loose) && i < 80; i++ {
		head := compact(loose[i-1])
		if utf8.RuneCountInString(head) > 24 || !strings.Contains(head, "职责") && !strings.Contains(head, "职能") {
			continue
		}
		if m := dutiesRe.FindStringSubmatch(compact(loose[i])); m != nil &&
			dataset.RegionOf(partyPrefix.ReplaceAllString(m[1], ""), false) != (dataset.Region{}) {
			return m[1]
		}
	}
	return ""
}

// splitCoverName reads a cover whose name is printed apart from its year and
// kind, wrapped over lines (2026年度 / 福州经济技术开发区生态 / 环境局 / 单位预算):
// the name lines between or beside the year and kind lines, joined.
func splitCoverName(loose []string) string {
	var name []string
	parts := 0
	for i, text := range loose {
		if i > 12 || sectionRe.MatchString(text) {
			break
		}
		switch {
		case coverPartRe.MatchString(text):
			parts++
			if parts == 2 && len(name) > 0 {
				return strings.Join(name, "")
			}
		case coverName(text) && len([]rune(text)) <= 30 && hasHan(text):
			if kind := kindSuffix.FindString(text); kind != "" {
				// 中国共产党广州市委员会宣传部部门预算 after 2026年
				name = append(name, strings.TrimSuffix(text, kind))
				parts++
				if parts == 2 {
					return strings.Join(name, "")
				}
				continue
			}
			name = append(name, text)
		default:
			name = nil
		}
	}
	if parts >= 1 && len(name) > 0 && len(name) <= 3 {
		return strings.Join(name, "")
	}
	return ""
}

// sectionRe matches the headings of a disclosure's parts (第二部分, 目录).
var sectionRe = regexp.MustCompile(`^(?:第.{1,3}部分|目录|[一二三四五六七八九十]+、)`)

// coverName reports whether text can be a unit's name: no figures, no
// field, not a heading of the document's parts.
func coverName(text string) bool {
	return text != "" && !strings.ContainsAny(text, "0123456789：:") && !sectionRe.MatchString(text)
}

// coverInfo reads the text outside the tables (the cover: 晋城市乡村振兴中心 /
// 2026年度单位预算公开). A unit name on the cover wins over the tables' own
// (a name printed on a title line can come out garbled); year and kind only
// fill what the tables did not state.
func coverInfo(info *DocInfo, loose []string) {
	if name := coverUnitName(loose); name != "" {
		info.UnitName = name
	}
	for i, text := range loose {
		if i > 12 || info.DocKind != "" {
			break
		}
		// the kind the cover prints (2026 部门预算情况的说明) before any
		// 决算 the narrative mentions
		if m := coverKindRe.FindString(text); m != "" {
			info.DocKind = dataset.DocBudget
			if strings.HasSuffix(m, "决算") {
				info.DocKind = dataset.DocFinal
			}
		}
	}
	for i, text := range loose {
		if i > 40 {
			break
		}
		if info.Year == "" {
			if m := coverYearRe.FindStringSubmatch(text); m != nil && strings.ContainsAny(text, "预决") {
				info.Year = m[1]
			} else if m := coverKindRe.FindStringSubmatch(text); m != nil {
				info.Year = m[1] // 2026 部门预算情况的说明
			}
		}
		if info.DocKind == "" && strings.Contains(text, "决算") {
			info.DocKind = dataset.DocFinal
		}
	}
	if info.DocKind != "" {
		return
	}
	// A document without tables (a narrative beside its tables PDF) still
	// says on its cover what it is: 江苏省委办公厅2019年度部门预算公开.
	for i, text := range loose {
		if i > 40 {
			break
		}
		if m := coverTitleRe.FindString(text); m != "" && strings.HasSuffix(m, "预算") {
			info.DocKind = dataset.DocBudget
			return
		}
	}
}

// readerNotes reports the problems the file reader met without stopping (a
// formula with no result, an unreadable page) as reader_note warnings at
// their page or sheet, row and column.
func readerNotes(doc *extract.Document, meta Meta) []dataset.Check {
	var out []dataset.Check
	for _, n := range doc.Notes {
		pos := dataset.Position{Page: n.Page, Row: n.Row}
		if n.Row > 0 {
			pos.Column = colLetter(n.Col)
		}
		where := pos
		where.Source = meta.Source
		out = append(out, dataset.Check{DocID: meta.DocID, Check: dataset.CheckReaderNote, Position: pos,
			Status: dataset.Warn, Detail: where.String() + ": " + n.Detail})
	}
	return out
}
