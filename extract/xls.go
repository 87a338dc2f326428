package extract

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shakinm/xlsReader/xls"
	"github.com/shakinm/xlsReader/xls/structure"
)

// noFormulaValue is the Problem of a formula cell whose result the file does
// not give.
const noFormulaValue = "formula cell: the .xls reader gives no value"

// readXLS reads a legacy Excel 97–2003 (BIFF8) workbook: one Page per sheet,
// cells as displayed (number formats applied), merged ranges as spans.
//
// Sheets, shared strings, cells and number formats come from
// github.com/shakinm/xlsReader. That library drops three things a budget
// table needs, so readXLS walks each sheet's records itself for them:
//   - FORMULA records, which xlsReader skips: their cached results, so a 合计
//     written as =B7+B8+B9 reads as its value (a formula without a usable
//     result gets Cell.Problem and a Note, never a silent blank);
//   - MERGECELLS records, which xlsReader does not expose: Cell.Span;
//   - RK numbers, whose integer forms xlsReader decodes as unsigned (a
//     negative integer amount would read as about a billion).
//
// It also checks what xlsReader does not: a truncated workbook stream, which
// xlsReader turns into an empty workbook and no error, and a FILEPASS record
// (an encrypted workbook). xlsReader indexes its input without bounds checks,
// so its panics on damaged files are recovered here as ErrDamaged.
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
	glob, err := scanGlobals(stream)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	wb, err := xls.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Source: source, Err: fmt.Errorf("%w: %w", ErrDamaged, err)}
	}
	if n := wb.GetNumberSheets(); n != len(glob.sheets) {
		return nil, &Error{Source: source, Err: fmt.Errorf("%w: read %d of %d sheets", ErrDamaged, n, len(glob.sheets))}
	}
	doc = &Document{}
	for i := range wb.GetSheets() {
		sheet, _ := wb.GetSheet(i)
		extra, err := scanSheet(stream, int(glob.sheets[i]))
		if err != nil {
			return nil, &Error{Source: source, Page: sheet.GetName(), Err: err}
		}
		page, notes := xlsPage(&wb, sheet, extra, glob.date1904)
		page.Number = i + 1
		doc.Pages = append(doc.Pages, page)
		doc.Notes = append(doc.Notes, notes...)
	}
	return doc, nil
}

// xlsPage builds the Page of one sheet: a Row for each row holding a
// non-empty cell.
func xlsPage(wb *xls.Workbook, sheet *xls.Sheet, x *sheetExtra, date1904 bool) (Page, []Note) {
	page := Page{Name: sheet.GetName()}
	grid := map[cellKey]string{}
	var notes []Note
	last := -1
	add := func(k cellKey, text string) {
		if strings.TrimSpace(text) != "" {
			grid[k] = text
			last = max(last, k.row)
		}
	}
	for r, row := range sheet.GetRows() {
		for c, cell := range row.GetCols() {
			add(cellKey{r, c}, xlsCellText(wb, cell, x.rk[cellKey{r, c}], date1904))
		}
	}
	for k, f := range x.formulas {
		if f.problem != "" {
			grid[k] = ""
			last = max(last, k.row)
			notes = append(notes, Note{Page: page.Name, Row: k.row + 1, Col: k.col, Detail: f.problem})
			continue
		}
		text := f.text
		if !f.isText {
			text = formatNumber(f.num, xlsFormatCode(wb, f.xf), date1904)
		}
		delete(grid, k)
		add(k, text)
	}
	byRow := make([][]Cell, last+1)
	for k, text := range grid {
		span := max(x.spans[k], 1)
		cell := Cell{Col: k.col, Span: span, Text: text}
		if f := x.formulas[k]; f != nil {
			cell.Problem = f.problem
		}
		byRow[k.row] = append(byRow[k.row], cell)
	}
	for r, cells := range byRow {
		if len(cells) == 0 {
			continue
		}
		sortCells(cells)
		page.Rows = append(page.Rows, Row{Index: r + 1, Grid: 1, Cells: cells})
	}
	sortNotes(notes)
	return page, notes
}

// xlsCellText is the displayed text of a cell xlsReader read; rk is the
// value readXLS decoded itself for RK cells.
func xlsCellText(wb *xls.Workbook, cell structure.CellData, rk float64, date1904 bool) string {
	switch cell.GetType() {
	case "*record.Blank", "*record.FakeBlank":
		return ""
	case "*record.Rk":
		return formatNumber(rk, xlsFormatCode(wb, cell.GetXFIndex()), date1904)
	case "*record.Number":
		return formatNumber(cell.GetFloat64(), xlsFormatCode(wb, cell.GetXFIndex()), date1904)
	case "*record.BoolErr":
		return strings.Replace(cell.GetString(), "#NUM!!", "#NUM!", 1)
	}
	return cell.GetString()
}

// xlsFormatCode is the number format of cell format (XF) xf: a FORMAT
// record of the workbook, or else Excel's built-in format of that index.
func xlsFormatCode(wb *xls.Workbook, xf int) string {
	rec := wb.GetXFbyIndex(xf)
	id := rec.GetFormatIndex()
	f := wb.GetFormatByIndex(id)
	if code := f.String(); code != "" {
		return code
	}
	return builtinFormat(id)
}

func sortCells(cells []Cell) {
	slices.SortFunc(cells, func(a, b Cell) int { return cmp.Compare(a.Col, b.Col) })
}

func sortNotes(notes []Note) {
	slices.SortFunc(notes, func(a, b Note) int { return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.Col, b.Col)) })
}
