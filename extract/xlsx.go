package extract

import (
	"encoding/xml"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
)

// maxCells bounds the non-empty cells of one workbook, and its shared
// strings. A budget disclosure has some tens of thousands of cells.
const maxCells = 1_000_000

// readXLSX reads an Office Open XML workbook: one Page per sheet, cells as
// displayed (number formats applied, cached formula results, formulas saved
// without a result computed when they are simple enough: see
// xlsx_formula.go), merged ranges as spans.
//
// It reads the package itself rather than through a general spreadsheet
// library, so that it can bound what it reads: every part by its content
// type (zipguard.go), cells by count (maxCells, and only rows that hold
// cells are kept: a cell in column XFD or row 1048576 costs one cell), each
// sheet in one streaming pass that also reads its merged ranges, and
// formula evaluation by depth and work. What it cannot read in a cell (a
// shared string that does not exist, text that is not valid UTF-8, a
// formula it cannot compute) becomes a Note naming sheet, row and column.
func readXLSX(source string, data []byte, opts Options) (*Document, error) {
	pkg, err := openPackage(data, opts.MaxSheetBytes)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	wb, err := readWorkbook(pkg)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	r := &xlsxReader{pkg: pkg, wb: wb}
	if err := r.readSharedStrings(); err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	if err := r.readStyles(); err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	doc := &Document{}
	for i, s := range wb.sheets {
		page, err := r.readSheet(i, s)
		if err != nil {
			return nil, &Error{Source: source, Page: s.name, Err: err}
		}
		page.Number = i + 1
		doc.Pages = append(doc.Pages, page)
	}
	r.computeFormulas(doc)
	for i, s := range wb.sheets {
		if s.hidden {
			hideSheet(&doc.Pages[i], r.notes.add)
		}
	}
	doc.Notes = r.notes.list()
	return doc, nil
}

// xlsxReader holds what one workbook's sheets share while they are read.
type xlsxReader struct {
	pkg     *xlsxPackage
	wb      *workbook
	strings []string
	badText []bool   // strings that held bytes replaced as not valid UTF-8
	formats []string // number format code by cell format (xf) index
	cells   int      // non-empty cells read so far
	grids   []*sheetGrid
	notes   noteSet
}

// workbook is what the workbook part and its relationships say.
type workbook struct {
	sheets        []sheetRef
	date1904      bool
	sharedStrings string // part name, "" when the workbook has none
	styles        string // part name, "" when the workbook has none
}

// sheetRef is one sheet of the workbook, in tab order.
type sheetRef struct {
	name string
	part string // "" when the relationship is missing
	kind string // relationship type: worksheet, chartsheet, dialogsheet, …
	// hidden: the workbook does not show the sheet (state hidden or
	// veryHidden).
	hidden bool
}

// officeKind names the Office package that is no workbook (a Word
// document, a presentation) from its main part, the one the package
// relationships name or, without them, the one it holds: such a file is
// not a damaged workbook but a format budgetetl does not read.
func officeKind(pkg *xlsxPackage, main string) string {
	for _, k := range []struct{ part, kind string }{
		{"word/document.xml", "a Word document (word/document.xml)"},
		{"ppt/presentation.xml", "a presentation (ppt/presentation.xml)"},
	} {
		if path.Base(main) == path.Base(k.part) || !pkg.has(main) && pkg.has(k.part) {
			return k.kind
		}
	}
	return ""
}

// readWorkbook finds the workbook part from the package relationships and
// reads its sheet list and the parts it relates to.
func readWorkbook(pkg *xlsxPackage) (*workbook, error) {
	main := "xl/workbook.xml"
	rels, err := pkg.relationships("")
	if err != nil {
		return nil, err
	}
	for _, rel := range rels {
		if rel.kind == "officeDocument" {
			main = rel.target
		}
	}
	if kind := officeKind(pkg, main); kind != "" {
		return nil, fmt.Errorf("%w: %s", ErrUnknown, kind)
	}
	if !pkg.has(main) {
		return nil, fmt.Errorf("%w: no workbook part %s", ErrDamaged, main)
	}
	if rels, err = pkg.relationships(main); err != nil {
		return nil, err
	}
	wb := &workbook{}
	byID := map[string]relationship{}
	for _, rel := range rels {
		byID[rel.id] = rel
		switch rel.kind {
		case "sharedStrings":
			wb.sharedStrings = rel.target
		case "styles":
			wb.styles = rel.target
		}
	}
	r, err := pkg.open(main, partWorkbook)
	if err != nil {
		return nil, err
	}
	err = r.each(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "workbookPr":
			wb.date1904 = xmlBool(attr(se, "date1904"))
		case "sheet":
			rel := byID[attr(se, "id")]
			state := attr(se, "state")
			wb.sheets = append(wb.sheets, sheetRef{name: attr(se, "name"), part: rel.target, kind: rel.kind,
				hidden: state == "hidden" || state == "veryHidden"})
		}
		return nil
	})
	return wb, err
}

func xmlBool(s string) bool { return s == "1" || s == "true" }

// readSharedStrings reads the shared strings table, if the workbook has one.
func (r *xlsxReader) readSharedStrings() error {
	name := r.wb.sharedStrings
	if name == "" || !r.pkg.has(name) {
		return nil
	}
	p, err := r.pkg.open(name, partSharedStrings)
	if err != nil {
		return err
	}
	return p.each(func(se xml.StartElement) error {
		if se.Name.Local != "si" {
			return nil
		}
		if len(r.strings) >= maxCells {
			return fmt.Errorf("%w: %s holds more than %d strings", ErrTooLarge, name, maxCells)
		}
		s, err := p.richText()
		if err != nil {
			return err
		}
		r.strings = append(r.strings, s)
		r.badText = append(r.badText, p.repaired() && hasReplacement(s))
		return nil
	})
}

// maxFormatCode is the longest number format code Excel writes; a longer
// one would cost its length for every cell it formats.
const maxFormatCode = 255

// readStyles reads the number format of each cell format (cellXfs), if the
// workbook has a styles part.
func (r *xlsxReader) readStyles() error {
	name := r.wb.styles
	if name == "" || !r.pkg.has(name) {
		return nil
	}
	p, err := r.pkg.open(name, partStyles)
	if err != nil {
		return err
	}
	custom := map[int]string{}
	var ids []int
	inXfs := false
	err = p.walk(func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if id, err := strconv.Atoi(attr(t, "numFmtId")); err == nil {
					custom[id] = attr(t, "formatCode")
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					ids = append(ids, id)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
		return nil
	})
	for _, id := range slices.Sorted(maps.Keys(custom)) {
		if code := custom[id]; len(code) > maxFormatCode {
			custom[id] = "General"
			r.notes.add("number format", Note{Detail: fmt.Sprintf("number format %d is %d bytes long (Excel allows %d): its cells read as General", id, len(code), maxFormatCode)})
		}
	}
	for _, id := range ids {
		code, ok := custom[id]
		if !ok {
			code = builtinFormat(id)
		}
		r.formats = append(r.formats, code)
	}
	return err
}

// format is the number format code of cell format xf ("General" when the
// workbook has no such format).
func (r *xlsxReader) format(xf int) string {
	if xf < 0 || xf >= len(r.formats) {
		return "General"
	}
	return r.formats[xf]
}

func hasReplacement(s string) bool {
	for _, c := range s {
		if c == '\uFFFD' {
			return true
		}
	}
	return false
}

// hideSheet empties the page of a sheet the workbook hides and says so: a
// disclosure is what it shows, and a hidden sheet (a draft, an older copy of
// a table, working figures) would count money the document does not
// publish. Formulas of the shown sheets still read its cells.
func hideSheet(p *Page, note func(string, Note)) {
	if len(p.Rows) == 0 {
		return
	}
	note("hidden sheet", Note{Page: p.Name, Row: p.Rows[0].Index,
		Detail: fmt.Sprintf("the workbook hides this sheet; its %d rows are not read", len(p.Rows))})
	p.Rows = nil
}

// maxNotesPerKind bounds the Notes of one kind a document reports cell by
// cell; the rest are counted in one more Note.
const maxNotesPerKind = 20

// noteSet collects a document's Notes in the order they are met.
type noteSet struct {
	notes   []Note
	kinds   []string
	dropped map[string]*droppedNotes
}

// droppedNotes counts the Notes of one kind past maxNotesPerKind.
type droppedNotes struct {
	kept, n int
	first   Note
}

// add records n, a Note of kind.
func (s *noteSet) add(kind string, n Note) {
	if s.dropped == nil {
		s.dropped = map[string]*droppedNotes{}
	}
	d := s.dropped[kind]
	if d == nil {
		d = &droppedNotes{}
		s.dropped[kind] = d
		s.kinds = append(s.kinds, kind)
	}
	if d.kept < maxNotesPerKind {
		d.kept++
		s.notes = append(s.notes, n)
		return
	}
	if d.n++; d.n == 1 {
		d.first = n
	}
}

// list is the Notes, then one per kind that had more than maxNotesPerKind,
// placed at the first cell left out.
func (s *noteSet) list() []Note {
	out := s.notes
	for _, kind := range s.kinds {
		if d := s.dropped[kind]; d.n > 0 {
			n := d.first
			n.Detail = fmt.Sprintf("%d more cells with a %s problem from here on, not listed one by one (the first: %s)", d.n, kind, n.Detail)
			out = append(out, n)
		}
	}
	return out
}
