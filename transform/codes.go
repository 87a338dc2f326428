package transform

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The reference code lists shipped with the tool. Each CSV has the columns
// code,name,parent_code,level,from_year,to_year,status,source; a code may
// appear on several rows when its printed name changed over the years
// (from_year/to_year bound the years a name was in use, empty = open).
// status is one of reference (from /work/shared/reference, confirmed),
// unconfirmed (kept, but the reference marks it UNCONFIRMED), legacy (a name
// of an earlier scheme) or document (a code and name printed in a real
// document the reference lacked).
//
//go:embed refdata/*.csv
var codeRefFS embed.FS

// CodeEntry is one row of a reference code list.
type CodeEntry struct {
	Code     string // 3, 5 or 7 digits
	Name     string // the name as listed
	Parent   string // the parent code, "" for a class (类)
	Level    int    // 1 类, 2 款, 3 项
	FromYear int    // first fiscal year the name applies to, 0 = open
	ToYear   int    // last fiscal year the name applies to, 0 = open
	Status   string // reference, unconfirmed, legacy or document
	Source   string // where the pair was seen
}

// yearDistance is how many years year lies outside the entry's range.
func (e CodeEntry) yearDistance(year int) int {
	switch {
	case e.FromYear != 0 && year < e.FromYear:
		return e.FromYear - year
	case e.ToYear != 0 && year > e.ToYear:
		return year - e.ToYear
	}
	return 0
}

// codeList is one classification, indexed for lookups. It is immutable once
// built.
type codeList struct {
	entries []CodeEntry
	known   map[string]bool
	byName  map[string][]int // parent + "|" + NormalizeName(name) → entries
	byCode  map[string][]int // code → entries (one per name it was listed under)
}

func (l *codeList) add(e CodeEntry) {
	l.entries = append(l.entries, e)
	l.known[e.Code] = true
	l.byCode[e.Code] = append(l.byCode[e.Code], len(l.entries)-1)
	k := codeKey(e.Parent, NormalizeName(e.Name))
	l.byName[k] = append(l.byName[k], len(l.entries)-1)
}

func codeKey(parent, normName string) string { return parent + "|" + normName }

// lookup returns the code of the entry under parent whose normalized name is
// norm, preferring an entry in use in year, then a confirmed one, then the
// one whose years lie nearest. A year <= 0 (unknown) means the current
// scheme.
func (l *codeList) lookup(parent, normName string, year int) (string, bool) {
	if year <= 0 {
		year = 9999
	}
	best := -1
	for _, i := range l.byName[codeKey(parent, normName)] {
		if best < 0 || codeBetter(l.entries[i], l.entries[best], year) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	return l.entries[best].Code, true
}

func codeBetter(a, b CodeEntry, year int) bool {
	if da, db := a.yearDistance(year), b.yearDistance(year); da != db {
		return da < db
	}
	return a.Status != "unconfirmed" && b.Status == "unconfirmed"
}

// codeLists are the three classifications, read from the embedded CSVs once.
type codeLists struct {
	fn, econ, gov *codeList
}

var codeListsOnce = sync.OnceValue(func() codeLists {
	return codeLists{
		fn:   mustCodeList("refdata/func.csv"),
		econ: mustCodeList("refdata/econ_dept.csv"),
		gov:  mustCodeList("refdata/econ_gov.csv"),
	}
})

// mustCodeList reads an embedded list; the data ships with the binary and is
// tested, so a read error is a build defect.
func mustCodeList(path string) *codeList {
	f, err := codeRefFS.Open(path)
	if err != nil {
		panic(fmt.Sprintf("transform: embedded %s: %v", path, err))
	}
	defer f.Close()
	l, err := readCodeList(f)
	if err != nil {
		panic(fmt.Sprintf("transform: embedded %s: %v", path, err))
	}
	return l
}

func readCodeList(r io.Reader) (*codeList, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 8
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	l := &codeList{known: map[string]bool{}, byName: map[string][]int{}, byCode: map[string][]int{}}
	for i, rec := range recs[1:] {
		e, err := parseCodeEntry(rec)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+2, err)
		}
		l.add(e)
	}
	return l, nil
}

func parseCodeEntry(rec []string) (CodeEntry, error) {
	e := CodeEntry{Code: rec[0], Name: rec[1], Parent: rec[2], Status: rec[6], Source: rec[7]}
	var err error
	if e.Level, err = strconv.Atoi(rec[3]); err != nil {
		return e, fmt.Errorf("level %q: %w", rec[3], err)
	}
	if e.FromYear, err = atoiEmpty(rec[4]); err != nil {
		return e, fmt.Errorf("from_year %q: %w", rec[4], err)
	}
	if e.ToYear, err = atoiEmpty(rec[5]); err != nil {
		return e, fmt.Errorf("to_year %q: %w", rec[5], err)
	}
	return e, nil
}

func atoiEmpty(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// FuncCodeEntries returns the 支出功能分类 reference entries (all levels), in
// code order. The slice is shared: do not modify it.
func FuncCodeEntries() []CodeEntry { return codeListsOnce().fn.entries }

// EconCodeEntries returns the 部门预算支出经济分类 reference entries, in code order.
// The slice is shared: do not modify it.
func EconCodeEntries() []CodeEntry { return codeListsOnce().econ.entries }

// GovEconCodeEntries returns the 政府预算支出经济分类 reference entries, in code
// order. The slice is shared: do not modify it.
func GovEconCodeEntries() []CodeEntry { return codeListsOnce().gov.entries }

// FuncClassCode returns the 类 (3-digit) 支出功能分类 code for a class name as
// printed in a 收支总表 line ("二十、住房保障支出" → "221"). The name is
// normalized with NormalizeName, and a name printed without its "支出" suffix
// ("住房保障") is accepted. Names of earlier years map too (文化体育与传媒支出 →
// 207, 医疗卫生与计划生育支出 → 210); year decides between candidates when a
// name was used for more than one code.
func FuncClassCode(name string, year int) (code string, ok bool) {
	l := codeListsOnce().fn
	n := NormalizeName(name)
	if code, ok = l.lookup("", n, year); ok || n == "" || n == "其他" || strings.HasSuffix(n, "支出") {
		return code, ok
	}
	return l.lookup("", n+"支出", year)
}

// EconCode returns the 部门预算支出经济分类 code for a row name. With parent ""
// it finds a class (工资福利支出 → 301); with parent set to a class code it
// finds the 款 of that class (基本工资 under 301 → 30101). Names are
// normalized with NormalizeName, so 维修(护)费 matches 维修（护）费. year picks
// the scheme: before 2018 the legacy codes apply (医疗费 under 303 → 30307 in
// 2017, 医疗费 under 301 → 30114 from 2018).
func EconCode(name, parent string, year int) (code string, ok bool) {
	return codeListsOnce().econ.lookup(parent, NormalizeName(name), year)
}

// EconClassOf returns the 部门预算支出经济分类 class code when name is a class
// name, as EconCode(name, "", year).
func EconClassOf(name string, year int) (string, bool) {
	return EconCode(name, "", year)
}

// GovEconCode returns the 政府预算支出经济分类 code for a name. With parent ""
// it finds a class (机关工资福利支出 → 501) or, failing that, a 款 whose name
// is unique across classes (工资奖金津补贴 → 50101, 离退休费 → 50905); with
// parent set to a class code it finds the 款 of that class.
func GovEconCode(name, parent string) (string, bool) {
	l := codeListsOnce().gov
	n := NormalizeName(name)
	if code, ok := l.lookup(parent, n, 0); ok || parent != "" {
		return code, ok
	}
	return l.uniqueByName(n)
}

// uniqueByName returns the code of the only 款 named normName in any class.
func (l *codeList) uniqueByName(normName string) (string, bool) {
	code := ""
	for _, e := range l.entries {
		if e.Parent == "" || NormalizeName(e.Name) != normName {
			continue
		}
		if code != "" && code != e.Code {
			return "", false
		}
		code = e.Code
	}
	return code, code != ""
}

// KnownFuncCode reports whether code is in the shipped 支出功能分类 list. The
// list covers every 类 but only the 款 and 项 seen so far, so false means
// "not known to the tool", a reason for an unknown_code warning.
func KnownFuncCode(code string) bool { return codeListsOnce().fn.known[code] }

// KnownEconCode reports whether code is in the shipped 部门预算支出经济分类
// list (current and legacy codes).
func KnownEconCode(code string) bool { return codeListsOnce().econ.known[code] }

// KnownGovEconCode reports whether code is in the shipped 政府预算支出经济分类
// list.
func KnownGovEconCode(code string) bool { return codeListsOnce().gov.known[code] }

// listedName reports whether the shipped list of class names code name in
// any year (names compared by NormalizeName), and returns the name it lists
// last, for a message; known is false when the code is not listed.
func listedName(class classKind, code, name string) (listed string, known, same bool) {
	var l *codeList
	switch class {
	case classFunc:
		l = codeListsOnce().fn
	case classEcon:
		l = codeListsOnce().econ
	case classGovEcon:
		l = codeListsOnce().gov
	default:
		return "", false, false
	}
	norm := NormalizeName(name)
	for _, i := range l.byCode[code] {
		listed = l.entries[i].Name
		if NormalizeName(listed) == norm {
			return listed, true, true
		}
	}
	return listed, listed != "", false
}

// NormalizeName returns the form of a row name used for matching: CleanItem,
// then NFKC folding, so full-width and half-width brackets, digits and letters
// compare equal (维修（护）费 and 维修(护)费 both give 维修(护)费). It is
// idempotent.
func NormalizeName(s string) string {
	t := CleanItem(s)
	for range 8 { // NFKC may uncover an ordinal (㈠ → (一)); settle it
		u := CleanItem(norm.NFKC.String(t))
		if u == t {
			break
		}
		t = u
	}
	return t
}

// CleanItem returns a row label as it goes to the item column: all
// whitespace removed (line-wrap spaces, letter-spacing, U+3000) and leading
// ordinal prefixes dropped (一、 二十三、 （一） (一) 1. 1、 1． （1） ① … ⑳),
// keeping the printed width of brackets. A label that is nothing but an
// ordinal is kept as it is.
func CleanItem(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "其中："), "其中:")
	return stripCatalogue(stripOrdinal(s))
}

// stripCatalogue drops the catalogue letter of a procurement category
// (A-货物 → 货物, CONVENTIONS P4).
func stripCatalogue(s string) string {
	if len(s) > 2 && s[0] >= 'A' && s[0] <= 'Z' && (s[1] == '-' || strings.HasPrefix(s[1:], "－")) {
		rest := strings.TrimPrefix(strings.TrimPrefix(s[1:], "-"), "－")
		if hasHan(rest) {
			return rest
		}
	}
	return s
}

// stripOrdinal drops leading ordinal prefixes, unless nothing would remain.
func stripOrdinal(s string) string {
	strippers := [...]func(string) (string, bool){stripCircled, stripParenOrdinal, stripNumberOrdinal}
	for stripped := true; stripped; {
		stripped = false
		for _, strip := range strippers {
			if rest, ok := strip(s); ok && rest != "" {
				s, stripped = rest, true
				break
			}
		}
	}
	return s
}

// stripCircled strips ① … ⑳ (and ⑴ … ⒇, ⒈ … ⒛).
func stripCircled(s string) (string, bool) {
	r, n := utf8.DecodeRuneInString(s)
	if (r >= '①' && r <= '⑳') || (r >= '⑴' && r <= '⒛') {
		return s[n:], true
	}
	return s, false
}

// stripParenOrdinal strips （一） (一) （1） (1) and mixed-width pairs.
func stripParenOrdinal(s string) (string, bool) {
	r, n := utf8.DecodeRuneInString(s)
	if r != '(' && r != '（' {
		return s, false
	}
	inner, rest := takeOrdinal(s[n:])
	if inner == "" {
		return s, false
	}
	r, n = utf8.DecodeRuneInString(rest)
	if r != ')' && r != '）' {
		return s, false
	}
	return rest[n:], true
}

// stripNumberOrdinal strips 一、 二十三、 1. 1、 1． １． (a number then a
// separator); "2026年…" is left alone.
func stripNumberOrdinal(s string) (string, bool) {
	num, rest := takeOrdinal(s)
	if num == "" {
		return s, false
	}
	r, n := utf8.DecodeRuneInString(rest)
	switch r {
	case '、', '．', '.', '，':
		if r == '.' && isOrdinalDigit(firstRune(rest[n:])) {
			return s, false // 1.5 is a number, not an ordinal
		}
		return rest[n:], true
	}
	return s, false
}

// takeOrdinal splits a leading run of Chinese numerals or of digits (up to
// three) off s.
func takeOrdinal(s string) (num, rest string) {
	i := 0
	chinese := isChineseNumeral(firstRune(s))
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if chinese != isChineseNumeral(r) || (!chinese && !isOrdinalDigit(r)) || utf8.RuneCountInString(s[:i]) >= 4 {
			break
		}
		i += n
	}
	return s[:i], s[i:]
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isChineseNumeral(r rune) bool {
	return strings.ContainsRune("一二三四五六七八九十〇零百", r)
}

func isOrdinalDigit(r rune) bool { return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') }
