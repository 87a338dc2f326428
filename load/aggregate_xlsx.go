package load

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the aggregation as a workbook at path: sheets 汇总 (the
// groups; amounts as numbers, #,##0.00; the exact sums are in the CSV
// form), 未计入 (the documents left out) and 核对 (the detail-sum checks).
// Text cells are strings, never formulas.
func (a *Aggregation) WriteXLSX(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	amount, err := f.NewStyle(&excelize.Style{NumFmt: 4})
	if err != nil {
		return err
	}
	num := func(s string) any {
		if v, _, err := amountFloat(s); err == nil {
			return excelize.Cell{StyleID: amount, Value: v}
		}
		return s
	}
	var groups [][]any
	for _, g := range a.Groups {
		row := make([]any, 0, len(g.Values)+3)
		for _, v := range g.Values {
			row = append(row, v)
		}
		groups = append(groups, append(row, g.Documents, g.Facts, num(g.Amount.String())))
	}
	var left [][]any
	for _, l := range a.LeftOut {
		left = append(left, []any{l.DocID, l.Source, l.UnitName, l.Reason})
	}
	var checks [][]any
	for _, c := range a.Checks {
		rec := c.Record()
		row := make([]any, len(rec))
		for i, v := range rec {
			row[i] = v
			if i >= 5 && i <= 8 {
				row[i] = num(v)
			}
		}
		checks = append(checks, row)
	}
	sheets := []struct {
		name   string
		header []string
		rows   [][]any
	}{{"汇总", a.Header(), groups}, {"未计入", LeftOutColumns, left}, {"核对", TableCheckColumns, checks}}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return err
		}
		if err := writeSmallSheet(f, s.name, s.header, s.rows); err != nil {
			return err
		}
	}
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path)) // excelize wants the .xlsx ending
	if err := f.SaveAs(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// writeSmallSheet writes a header and rows with a frozen, filtered header.
func writeSmallSheet(f *excelize.File, sheet string, header []string, rows [][]any) error {
	h := make([]any, len(header))
	for i, v := range header {
		h[i] = v
	}
	if err := f.SetSheetRow(sheet, "A1", &h); err != nil {
		return err
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, "A"+strconv.Itoa(i+2), &r); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(header), len(rows)+1)
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(header))
	if err := f.SetColWidth(sheet, "A", lastCol, 16); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
