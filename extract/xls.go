package extract

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
)

// noFormulaValue is the Problem of a formula cell whose result the file does
// not give.
const noFormulaValue = "formula cell: the .xls reader gives no value"

// xlsCols is the width of a BIFF8 sheet.
const xlsCols = 256

// readXLS reads a legacy Excel 97–2003 (BIFF8) workbook: one Page per sheet,
// cells as displayed (number formats applied, cached formula results),
// merged ranges as spans.
//
// The compound file around the workbook is opened with
// github.com/shakinm/xlsReader's cfb package, after checkCFB has checked
// the sector chains it follows without bounds (xls_cfb.go). The records of
// the Workbook stream are read here: the globals (sheets, shared strings,
// cell and number formats, the date system, FILEPASS for an encrypted
// workbook) and each sheet's cells (LABELSST, LABEL, RSTRING, NUMBER, RK,
// MULRK, BOOLERR, FORMULA with its cached result) and MERGECELLS. Only
// cells that hold something are kept, at most maxCells in a workbook, so a
// record that claims column 65535 costs one cell. Damage inside a cell (a
// shared string that does not exist, UTF-16 that does not decode, a cell
// right of column IV) is a Note naming sheet, row and column.
func readXLS(source string, data []byte, opts Options) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &Error{Source: source, Err: fmt.Errorf("%w: .xls reader panicked: %v", ErrDamaged, r)}
		}
	}()
	stream, err := workbookStream(data)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	return readWorkbookStream(source, stream)
}

// readWorkbookStream reads the records of a Workbook stream.
func readWorkbookStream(source string, stream []byte) (*Document, error) {
	glob, err := scanGlobals(stream)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	doc := &Document{}
	r := &xlsBook{g: glob}
	for i, sh := range glob.sheets {
		page, err := r.readSheet(stream, sh)
		if err != nil {
			return nil, &Error{Source: source, Page: sh.name, Err: err}
		}
		page.Number = i + 1
		if sh.hidden {
			hideSheet(&page, r.notes.add)
		}
		doc.Pages = append(doc.Pages, page)
	}
	doc.Notes = r.notes.list()
	return doc, nil
}

// xlsBook holds what the sheets of one workbook share while read.
type xlsBook struct {
	g     *xlsGlobals
	cells int // cells kept so far
	notes noteSet
}

// cellKey is a 0-based (row, col).
type cellKey struct{ row, col int }

// xlsCell is a cell of a sheet as read, before it is placed in its row.
type xlsCell struct {
	key  cellKey
	cell Cell
}

// xlsSheetReader reads the records of one sheet.
type xlsSheetReader struct {
	*xlsBook
	name    string
	cells   []xlsCell
	spans   map[cellKey]int
	pending int // index in cells of a string formula waiting for its STRING record; -1 for none
	notes   []kindNote
}

// kindNote is a Note with its kind, for noteSet.
type kindNote struct {
	kind string
	Note
}

// readSheet reads the sheet whose BOF is at sh.offset.
func (r *xlsBook) readSheet(stream []byte, sh xlsSheet) (Page, error) {
	sr := &xlsSheetReader{xlsBook: r, name: sh.name, spans: map[cellKey]int{}, pending: -1}
	var tooMany error
	err := biffRecords(stream, int(sh.offset), func(op uint16, body []byte) {
		if tooMany == nil {
			tooMany = sr.record(op, body)
		}
	})
	if err == nil {
		err = tooMany
	}
	if err != nil {
		return Page{}, err
	}
	page := sr.page()
	slices.SortStableFunc(sr.notes, func(a, b kindNote) int { return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.Col, b.Col)) })
	for _, n := range sr.notes {
		r.notes.add(n.kind, n.Note)
	}
	return page, nil
}

// note records a Note of kind on cell (row, col), both 0-based.
func (sr *xlsSheetReader) note(kind string, row, col int, detail string) {
	sr.notes = append(sr.notes, kindNote{kind, Note{Page: sr.name, Row: row + 1, Col: col, Detail: detail}})
}

// record handles one record of the sheet.
func (sr *xlsSheetReader) record(op uint16, b []byte) error {
	if op != opString {
		sr.pending = -1
	}
	if len(b) < 6 && op != opMergeCells {
		return nil
	}
	row, col, xf := int(le16(b)), int(le16(b[2:])), int(le16(b[4:]))
	switch op {
	case opLabelSST:
		if len(b) >= 10 {
			return sr.sharedString(row, col, int(le32(b[6:])))
		}
	case opLabel, opRString:
		s, bad, _ := (&biffCont{parts: [][]byte{b[6:]}}).unicodeString()
		return sr.text(row, col, s, bad)
	case opNumber:
		if len(b) >= 14 {
			return sr.number(row, col, xf, math.Float64frombits(binary.LittleEndian.Uint64(b[6:])))
		}
	case opRK:
		if len(b) >= 10 {
			return sr.number(row, col, xf, rkValue(le32(b[6:])))
		}
	case opMulRK:
		for i := 4; i+6 <= len(b)-2; i += 6 {
			if err := sr.number(row, col, int(le16(b[i:])), rkValue(le32(b[i+2:]))); err != nil {
				return err
			}
			col++
		}
	case opBoolErr:
		if len(b) >= 8 {
			return sr.text(row, col, boolErrText(b[6], b[7]), false)
		}
	case opFormula:
		return sr.formula(row, col, xf, b)
	case opString:
		if sr.pending >= 0 {
			c := &sr.cells[sr.pending].cell
			c.Text, c.Problem = biffString(b), ""
			sr.pending = -1
		}
	case opMergeCells:
		sr.addMerges(b)
	}
	return nil
}

// add keeps a non-empty cell; one right of the sheet is a Note.
func (sr *xlsSheetReader) add(row, col int, c Cell) error {
	if strings.TrimSpace(c.Text) == "" && c.Problem == "" {
		return nil
	}
	if col >= xlsCols {
		sr.note("outside the sheet", row, col, "a cell right of column IV, the last of an .xls sheet: left out")
		return nil
	}
	if sr.xlsBook.cells++; sr.xlsBook.cells > maxCells {
		return fmt.Errorf("%w: more than %d non-empty cells in the workbook", ErrTooLarge, maxCells)
	}
	c.Col, c.Span = col, 1
	sr.cells = append(sr.cells, xlsCell{key: cellKey{row, col}, cell: c})
	return nil
}

func (sr *xlsSheetReader) text(row, col int, s string, bad bool) error {
	if bad {
		sr.note("utf-16", row, col, badUTF16)
	}
	return sr.add(row, col, Cell{Text: unifyHan(s)})
}

// badUTF16 is the Detail of a Note on text whose UTF-16 does not decode.
const badUTF16 = "text is not valid UTF-16 (an unpaired surrogate): the bad characters read as U+FFFD"

func (sr *xlsSheetReader) number(row, col, xf int, v float64) error {
	return sr.add(row, col, Cell{Text: formatNumber(v, sr.g.formatCode(xf), sr.g.date1904)})
}

// sharedString adds a LABELSST cell; an index past the table is a Note and
// the cell is left empty.
func (sr *xlsSheetReader) sharedString(row, col, i int) error {
	if i < 0 || i >= len(sr.g.strings) {
		sr.note("shared string", row, col, fmt.Sprintf("shared string %d does not exist (the workbook has %d): cell left empty", i, len(sr.g.strings)))
		return nil
	}
	return sr.text(row, col, sr.g.strings[i], sr.g.badText[i])
}

// formula adds a FORMULA record's cached result: a number, a boolean, an
// error, or a string in the STRING record that follows. A formula without a
// usable result is a cell with a Problem, and a Note.
func (sr *xlsSheetReader) formula(row, col, xf int, b []byte) error {
	if len(b) < 14 {
		return nil
	}
	res := b[6:14]
	if le16(res[6:]) != 0xFFFF {
		return sr.number(row, col, xf, math.Float64frombits(binary.LittleEndian.Uint64(res)))
	}
	switch res[0] {
	case 0: // a string, in the STRING record that follows
		if err := sr.add(row, col, Cell{Problem: noFormulaValue}); err != nil || col >= xlsCols {
			return err
		}
		sr.pending = len(sr.cells) - 1
		return nil
	case 1, 2:
		return sr.text(row, col, boolErrText(res[2], res[0]-1), false)
	case 3: // the empty string
		return nil
	}
	return sr.add(row, col, Cell{Problem: noFormulaValue})
}

// boolErrText is the text of a boolean (isErr 0) or an error value.
func boolErrText(v, isErr byte) string {
	if isErr != 0 {
		return biffErrors[v]
	}
	return map[bool]string{true: "TRUE", false: "FALSE"}[v != 0]
}

// biffErrors maps BIFF error codes to the text Excel displays.
var biffErrors = map[byte]string{0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}

// addMerges records the width of each range of a MERGECELLS record.
func (sr *xlsSheetReader) addMerges(b []byte) {
	if len(b) < 2 {
		return
	}
	n := int(le16(b))
	for i := 0; i < n && 2+8*i+8 <= len(b); i++ {
		r := b[2+8*i:]
		row, col0, col1 := int(le16(r)), int(le16(r[4:])), min(int(le16(r[6:])), xlsCols-1)
		if col1 >= col0 {
			sr.spans[cellKey{row, col0}] = col1 - col0 + 1
		}
	}
}

// page orders the cells into rows (of two at one place, the later record
// wins), with their spans, noting the formulas without a usable result.
func (sr *xlsSheetReader) page() Page {
	page := Page{Name: sr.name}
	slices.SortStableFunc(sr.cells, func(a, b xlsCell) int {
		return cmp.Or(cmp.Compare(a.key.row, b.key.row), cmp.Compare(a.key.col, b.key.col))
	})
	for i, c := range sr.cells {
		if i+1 < len(sr.cells) && sr.cells[i+1].key == c.key {
			continue
		}
		c.cell.Span = max(sr.spans[c.key], 1)
		if c.cell.Problem != "" {
			sr.note("formula", c.key.row, c.key.col, c.cell.Problem)
		}
		if n := len(page.Rows); n == 0 || page.Rows[n-1].Index != c.key.row+1 {
			page.Rows = append(page.Rows, Row{Index: c.key.row + 1, Grid: 1})
		}
		row := &page.Rows[len(page.Rows)-1]
		row.Cells = append(row.Cells, c.cell)
	}
	return page
}

// rkValue decodes an RK number: a 30-bit signed integer or the top 30 bits
// of a double, either possibly scaled by 100.
func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}
