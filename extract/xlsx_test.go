package extract

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// formulaBook builds a workbook whose formulas are saved without results,
// as some generators write them.
func formulaBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	twoDecimals := "0.00"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &twoDecimals})
	if err != nil {
		t.Fatal(err)
	}
	for axis, v := range map[string]any{"A1": "合计", "B1": 1.5, "C1": 1.5} {
		if err := f.SetCellValue("Sheet1", axis, v); err != nil {
			t.Fatal(err)
		}
	}
	for axis, formula := range map[string]string{"D1": "=B1+C1", "E1": "=NOSUCHFUNCTION(B1)"} {
		if err := f.SetCellFormula("Sheet1", axis, formula); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle("Sheet1", "B1", "E1", style); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXFormulaWithoutResult(t *testing.T) {
	doc, err := Read("formulas.xlsx", formulaBook(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	row := doc.Pages[0].Rows[0]
	if got, want := row.Text(3), "3.00"; got != want {
		t.Errorf("computed formula: got %q, want %q (the cell's number format)", got, want)
	}
	cell, ok := row.Cell(4)
	if !ok || cell.Problem == "" || cell.Text != "" {
		t.Errorf("uncomputable formula: got %+v, want a blank cell with a Problem", cell)
	}
	if len(doc.Notes) != 1 || doc.Notes[0].Col != 4 || doc.Notes[0].Row != 1 {
		t.Errorf("notes: got %+v, want one note for row 1 column 4", doc.Notes)
	}
}
