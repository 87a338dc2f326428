package extract

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// One worksheet, read in a single streaming pass: its cells (with their
// values as text, as displayed) and its merged ranges.

// Excel's sheet size.
const (
	sheetRows = 1 << 20
	sheetCols = 1 << 14
)

// sheetReader reads one worksheet part.
type sheetReader struct {
	*xlsxReader
	p       *partReader
	sheet   string
	grid    *sheetGrid
	rows    []Row  // rows with cells, in the order read
	row     int    // the current row number
	col     int    // the column of the last cell read, 0-based
	cells   []Cell // the current row's
	chunk   []Cell // where the rows' cells are kept
	merges  []string
	shared  map[string]sharedFormula // shared formulas by group index (si)
	ordered bool                     // rows and cells came in sheet order
}

// sharedFormula is the master cell of a shared formula group.
type sharedFormula struct {
	text     string
	row, col int
}

// readSheet reads sheet s, the index-th of the workbook, into a Page. A sheet
// without cells of its own (a chart sheet) or whose part is missing is an
// empty Page; the second with a Note.
func (r *xlsxReader) readSheet(index int, s sheetRef) (Page, error) {
	page := Page{Name: s.name}
	grid := &sheetGrid{name: s.name}
	r.grids = append(r.grids, grid)
	switch {
	case s.part == "" || !r.pkg.has(s.part):
		r.notes.add("missing sheet", Note{Page: s.name, Row: 1, Detail: "the workbook lists this sheet but holds no part for it; read as empty"})
		return page, nil
	case s.kind != "worksheet":
		return page, nil
	}
	p, err := r.pkg.open(s.part, partSheet)
	if err != nil {
		return page, err
	}
	defer p.rc.Close()
	sr := &sheetReader{xlsxReader: r, p: p, sheet: s.name, grid: grid, shared: map[string]sharedFormula{}, ordered: true}
	if err := sr.read(); err != nil {
		return page, err
	}
	if !sr.ordered {
		sortGrid(grid)
	}
	page.Rows = sr.rows
	if !sr.ordered {
		page.Rows = mergeRows(page.Rows)
	}
	r.applyMerges(&page, sr.merges)
	return page, nil
}

// read walks the part's tokens.
func (sr *sheetReader) read() error {
	for {
		tok, err := sr.p.token()
		if err == io.EOF {
			sr.endRow()
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "row" {
				sr.endRow()
			}
			continue
		}
		switch se.Name.Local {
		case "row":
			if err := sr.startRow(se); err != nil {
				return err
			}
		case "c":
			if err := sr.readCell(se); err != nil {
				return err
			}
		case "mergeCell":
			sr.merges = append(sr.merges, attr(se, "ref"))
		}
	}
}

func (sr *sheetReader) startRow(se xml.StartElement) error {
	sr.endRow()
	n := sr.row + 1
	if s := attr(se, "r"); s != "" {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v < 1 || v > sheetRows {
			return fmt.Errorf("%w: row number %q is outside the sheet", ErrDamaged, s)
		}
		n = v
	}
	if n <= sr.row {
		sr.ordered = false
	}
	sr.row, sr.col = n, -1
	return nil
}

// endRow keeps the cells of the current row.
func (sr *sheetReader) endRow() {
	if len(sr.cells) == 0 {
		return
	}
	cells := sr.cells
	if !slices.IsSortedFunc(cells, byCol) {
		cells = sortDedupCells(cells)
	}
	if cap(sr.chunk)-len(sr.chunk) < len(cells) {
		sr.chunk = make([]Cell, 0, max(cellChunk, len(cells)))
	}
	start := len(sr.chunk)
	sr.chunk = append(sr.chunk, cells...)
	sr.rows = append(sr.rows, Row{Index: sr.row, Grid: 1, Cells: sr.chunk[start:len(sr.chunk):len(sr.chunk)]})
	sr.cells = sr.cells[:0]
}

// cellChunk is how many cells the rows of a sheet take their cells from
// at a time (one allocation for many short rows).
const cellChunk = 4096

func byCol(a, b Cell) int { return cmp.Compare(a.Col, b.Col) }

// sortDedupCells orders cells by column; of two at one column the later
// read wins.
func sortDedupCells(cells []Cell) []Cell {
	slices.SortStableFunc(cells, byCol)
	out := cells[:0]
	for _, c := range cells {
		if n := len(out); n > 0 && out[n-1].Col == c.Col {
			out[n-1] = c
			continue
		}
		out = append(out, c)
	}
	return out
}

// xlsxCell is a <c> element as read.
type xlsxCell struct {
	ref, typ, value  string
	xf               int
	hasValue         bool
	formula          string
	fType, fGroup    string // formula type (shared, array, …) and shared group
	hasFormula, fBad bool
	inline           string
	inlineSeen       bool
}

// readCell reads one <c> element and adds its cell to the row.
func (sr *sheetReader) readCell(se xml.StartElement) error {
	if sr.row == 0 { // a cell outside any <row>
		sr.row = 1
	}
	c := xlsxCell{ref: attr(se, "r"), typ: attr(se, "t")}
	c.xf, _ = strconv.Atoi(attr(se, "s"))
	if err := sr.cellChildren(&c); err != nil {
		return err
	}
	col := sr.col + 1
	if c.ref != "" {
		cc, _, ok := parseCellName(c.ref)
		if !ok {
			return fmt.Errorf("%w: row %d: cell reference %q is outside the sheet", ErrDamaged, sr.row, c.ref)
		}
		col = cc
	}
	if col >= sheetCols {
		return fmt.Errorf("%w: row %d: a cell right of column XFD", ErrDamaged, sr.row)
	}
	if col <= sr.col {
		sr.ordered = false
	}
	sr.col = col
	return sr.addCell(col, &c)
}

// cellChildren reads the <v>, <f> and <is> of a cell up to its end.
func (sr *sheetReader) cellChildren(c *xlsxCell) error {
	for {
		tok, err := sr.p.token()
		if err == io.EOF {
			return sr.p.damaged(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "c" {
				return nil
			}
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				c.hasValue = true
				c.value, err = sr.p.text()
			case "f":
				c.hasFormula, c.fType, c.fGroup = true, attr(t, "t"), attr(t, "si")
				c.formula, err = sr.p.text()
			case "is":
				c.inlineSeen = true
				c.inline, err = sr.p.richText()
			}
			if err != nil {
				return err
			}
		}
	}
}

// addCell turns a cell into its text (or a pending formula) in the row and
// the sheet's grid.
func (sr *sheetReader) addCell(col int, c *xlsxCell) error {
	if c.fType == "shared" && strings.TrimSpace(c.formula) != "" {
		sr.shared[c.fGroup] = sharedFormula{text: c.formula, row: sr.row, col: col}
	}
	if c.hasFormula && pendingFormula(c) {
		return sr.addFormula(col, c)
	}
	text, kind, raw := sr.cellText(col, c)
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if err := sr.countCell(); err != nil {
		return err
	}
	sr.cells = append(sr.cells, Cell{Col: col, Span: 1, Text: unifyHan(text)})
	sr.grid.cells = append(sr.grid.cells, gridCell{row: int32(sr.row), col: int32(col), kind: kind, raw: raw})
	return nil
}

func (sr *sheetReader) countCell() error {
	if sr.xlsxReader.cells++; sr.xlsxReader.cells > maxCells {
		return fmt.Errorf("%w: more than %d non-empty cells in the workbook", ErrTooLarge, maxCells)
	}
	return nil
}

// pendingFormula reports whether a formula cell was saved without a result.
func pendingFormula(c *xlsxCell) bool {
	switch {
	case strings.TrimSpace(c.value) != "":
		return false
	case c.typ == "str" && c.hasValue: // a result that is the empty string
		return false
	}
	return c.fType == "shared" || strings.TrimSpace(c.formula) != ""
}

// cellText is the displayed text of a cell's value, with the kind and raw
// form it has as a formula operand (kind 0: no value).
func (sr *sheetReader) cellText(col int, c *xlsxCell) (text string, kind byte, raw string) {
	switch c.typ {
	case "s":
		if strings.TrimSpace(c.value) == "" {
			return "", 0, ""
		}
		return sr.sharedString(col, c.value), valText, ""
	case "inlineStr":
		sr.checkText(col, c.inline, sr.p.repaired())
		return c.inline, valText, ""
	case "str":
		sr.checkText(col, c.value, sr.p.repaired())
		return c.value, valText, ""
	case "b":
		b := map[string]string{"1": "TRUE", "0": "FALSE"}[strings.TrimSpace(c.value)]
		return cmp.Or(b, c.value), valText, ""
	case "e":
		return c.value, valError, c.value
	}
	v := strings.TrimSpace(c.value)
	if v == "" {
		return "", 0, ""
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return c.value, valText, ""
	}
	return formatNumber(f, sr.format(c.xf), sr.wb.date1904), valNumber, v
}

// sharedString is the text of shared string index s; one that does not
// exist is a Note, and the cell stays empty.
func (sr *sheetReader) sharedString(col int, s string) string {
	i, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || i < 0 || i >= len(sr.strings) {
		sr.notes.add("shared string", Note{Page: sr.sheet, Row: sr.row, Col: col,
			Detail: fmt.Sprintf("shared string %q does not exist (the workbook has %d): cell left empty", s, len(sr.strings))})
		return ""
	}
	if sr.badText[i] {
		sr.notes.add("utf-8", Note{Page: sr.sheet, Row: sr.row, Col: col, Detail: badUTF8})
	}
	return sr.strings[i]
}

// badUTF8 is the Detail of a Note on text that was not valid UTF-8.
const badUTF8 = "text is not valid UTF-8: the bad bytes read as U+FFFD"

func (sr *sheetReader) checkText(col int, s string, repaired bool) {
	if repaired && hasReplacement(s) {
		sr.notes.add("utf-8", Note{Page: sr.sheet, Row: sr.row, Col: col, Detail: badUTF8})
	}
}

// addFormula keeps a formula saved without its result, to be computed once
// every sheet is read; its cell waits in the row without text.
func (sr *sheetReader) addFormula(col int, c *xlsxCell) error {
	if err := sr.countCell(); err != nil {
		return err
	}
	f := &pendingCell{sheet: len(sr.grids) - 1, row: sr.row, col: col, xf: c.xf, text: formulaText(c.formula), shared: c.fType == "shared"}
	switch {
	case c.fType == "shared" && strings.TrimSpace(c.formula) == "":
		m, ok := sr.shared[c.fGroup]
		if !ok {
			f.err = fmt.Errorf("shared formula %q has no master cell", c.fGroup)
		}
		f.text, f.dRow, f.dCol = formulaText(m.text), sr.row-m.row, col-m.col
	case c.fType != "" && c.fType != "shared" && c.fType != "normal" && c.fType != "array":
		f.err = fmt.Errorf("%s formulas are not computed", c.fType)
	}
	sr.cells = append(sr.cells, Cell{Col: col, Span: 1})
	sr.grid.cells = append(sr.grid.cells, gridCell{row: int32(sr.row), col: int32(col), kind: valFormula, f: f})
	return nil
}

// formulaText is the text of a formula without the = some writers put first.
func formulaText(s string) string {
	return strings.TrimPrefix(strings.TrimSpace(s), "=")
}

// mergeRows sorts rows by number and joins rows read twice.
func mergeRows(rows []Row) []Row {
	slices.SortStableFunc(rows, func(a, b Row) int { return cmp.Compare(a.Index, b.Index) })
	out := rows[:0]
	for _, row := range rows {
		if n := len(out); n > 0 && out[n-1].Index == row.Index {
			out[n-1].Cells = sortDedupCells(append(out[n-1].Cells, row.Cells...))
			continue
		}
		out = append(out, row)
	}
	return out
}

// parseCellName parses an A1-style cell name (dollar signs allowed) into a
// 0-based column and a 1-based row.
func parseCellName(s string) (col, row int, ok bool) {
	ref, n := scanCellRef(s)
	if n != len(s) || n == 0 || ref.row == 0 {
		return 0, 0, false
	}
	return ref.col, ref.row, true
}
