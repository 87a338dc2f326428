package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxFormulaProbe bounds how many blank cells of one sheet are asked for a
// formula (a formula saved without its result shows as blank).
const maxFormulaProbe = 200_000

// readXLSX reads an Office Open XML workbook: one Page per sheet, cells as
// displayed (number formats applied, cached formula results), merged ranges
// as spans.
func readXLSX(source string, data []byte, opts Options) (*Document, error) {
	limit := opts.MaxSheetBytes
	if limit <= 0 {
		limit = DefaultMaxSheetBytes
	}
	if err := checkZip(data, limit); err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    4 * limit,
		UnzipXMLSizeLimit: limit,
	})
	if err != nil {
		return nil, &Error{Source: source, Err: classifyXLSXError(err)}
	}
	defer f.Close()
	doc := &Document{}
	for i, name := range f.GetSheetList() {
		page, notes, err := readSheet(f, name)
		if err != nil {
			return nil, &Error{Source: source, Page: name, Err: err}
		}
		page.Number = i + 1
		doc.Pages = append(doc.Pages, page)
		doc.Notes = append(doc.Notes, notes...)
	}
	return doc, nil
}

func classifyXLSXError(err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), strings.Contains(msg, "zip:"):
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	case strings.Contains(msg, "password"), strings.Contains(msg, "encrypt"):
		return fmt.Errorf("%w: %w", ErrEncrypted, err)
	}
	return fmt.Errorf("%w: %w", ErrDamaged, err)
}

// readSheet streams the rows of one sheet.
func readSheet(f *excelize.File, name string) (Page, []Note, error) {
	page := Page{Name: name}
	rows, err := f.Rows(name)
	if err != nil {
		return page, nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	defer rows.Close()
	width := 0 // columns the sheet's cells reach, blank ones (formulas without results) included
	for n := 1; rows.Next(); n++ {
		values, err := rows.Columns()
		if err != nil {
			return page, nil, fmt.Errorf("row %d: %w: %w", n, ErrDamaged, err)
		}
		width = max(width, len(values))
		page.Rows = append(page.Rows, Row{Index: n, Grid: 1, Cells: textCells(values)})
	}
	if err := rows.Error(); err != nil {
		return page, nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if err := applyMerges(f, &page); err != nil {
		return page, nil, err
	}
	notes := fillFormulas(f, &page, width)
	return page, notes, nil
}

// textCells keeps the non-blank values of a row as cells.
func textCells(values []string) []Cell {
	var cells []Cell
	for col, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}
		cells = append(cells, Cell{Col: col, Span: 1, Text: v})
	}
	return cells
}

// applyMerges records the width of each merged range on its top-left cell.
func applyMerges(f *excelize.File, page *Page) error {
	merges, err := f.GetMergeCells(page.Name)
	if err != nil {
		return fmt.Errorf("merged cells: %w: %w", ErrDamaged, err)
	}
	for _, m := range merges {
		c0, r0, err0 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, _, err1 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err0 != nil || err1 != nil || r0 > len(page.Rows) {
			continue
		}
		row := &page.Rows[r0-1]
		for i := range row.Cells {
			if row.Cells[i].Col == c0-1 {
				row.Cells[i].Span = c1 - c0 + 1
			}
		}
	}
	return nil
}

// fillFormulas finds blank cells that hold a formula saved without its
// result, computes the result with excelize's calculator, and notes the cells
// it cannot compute rather than leaving a silent blank.
func fillFormulas(f *excelize.File, page *Page, width int) []Note {
	if width*len(page.Rows) > maxFormulaProbe {
		return nil
	}
	var notes []Note
	for ri := range page.Rows {
		row := &page.Rows[ri]
		for col := 0; col < width; col++ {
			if row.Text(col) != "" {
				continue
			}
			axis, _ := excelize.CoordinatesToCellName(col+1, row.Index)
			formula, err := f.GetCellFormula(page.Name, axis)
			if err != nil || formula == "" {
				continue
			}
			cell := Cell{Col: col, Span: 1}
			value, err := f.CalcCellValue(page.Name, axis)
			if err != nil || strings.TrimSpace(value) == "" {
				cell.Problem = fmt.Sprintf("formula =%s has no saved result and cannot be computed", formula)
				notes = append(notes, Note{Page: page.Name, Row: row.Index, Col: col, Detail: cell.Problem})
			} else {
				cell.Text = value // formatted with the cell's number format
			}
			row.Cells = insertCell(row.Cells, cell)
		}
	}
	return notes
}

func insertCell(cells []Cell, c Cell) []Cell {
	i := 0
	for i < len(cells) && cells[i].Col < c.Col {
		i++
	}
	cells = append(cells, Cell{})
	copy(cells[i+1:], cells[i:])
	cells[i] = c
	return cells
}
