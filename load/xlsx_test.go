package load

import (
	"archive/zip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/xuri/excelize/v2"
)

// writeXLSX writes batches to a workbook; maxRows 0 is Excel's limit.
func writeXLSX(t *testing.T, maxRows int, batches ...dataset.Batch) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "run.xlsx")
	s, err := NewXLSX(path, XLSXOptions{Inputs: []string{"in/"}, Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), maxRows: maxRows})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if err := s.Write(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestXLSXSink checks the sheets, that facts holds every fact with its
// amount as a number, that text starting with = + - @ is a string cell
// written as published, checks come failing first, headers are frozen, and
// the chart is there.
func TestXLSXSink(t *testing.T) {
	batches := append(runBatches(), injectionBatch())
	batches[len(batches)-1].Checks[0].Status = dataset.Fail
	f := openXLSX(t, writeXLSX(t, 0, batches...))
	wantSheets := []string{"说明", "documents", "checks", "facts", "一般公共预算支出表", "三公经费表", "类支出"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(wantSheets, ",") {
		t.Errorf("sheets %v, want %v", got, wantSheets)
	}
	facts, err := f.GetRows("facts")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range batches {
		n += len(b.Facts)
	}
	if len(facts) != n+1 {
		t.Errorf("facts sheet has %d rows, want %d facts and a header", len(facts), n)
	}
	last := len(facts)
	cellType := func(sheet, cell string) excelize.CellType {
		ct, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return ct
	}
	// The injection batch's first fact: unit_name B, item O, amount Q.
	for cell, want := range map[string]string{"B": "=单位", "O": "+SUM(1)", "T": "@表一"} {
		ref := cell + itoa(last-1)
		v, _ := f.GetCellValue("facts", ref)
		formula, _ := f.GetCellFormula("facts", ref)
		if v != want || formula != "" || cellType("facts", ref) != excelize.CellTypeInlineString {
			t.Errorf("facts %s = %q (formula %q, type %v), want the string %q", ref, v, formula, cellType("facts", ref), want)
		}
	}
	amount := "Q" + itoa(last)
	if v, _ := f.GetCellValue("facts", amount); v != "-12,345,600.30" || cellType("facts", amount) != excelize.CellTypeUnset {
		t.Errorf("facts %s = %q (type %v), want the number -12,345,600.30", amount, v, cellType("facts", amount))
	}
	checks, _ := f.GetRows("checks")
	if len(checks) < 3 || checks[1][8] != "fail" || checks[2][8] != "pass" {
		t.Errorf("checks sheet starts %q, want the failing check first", checks[:min(3, len(checks))])
	}
	panes, err := f.GetPanes("facts")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("facts panes %+v, %v: want the header frozen", panes, err)
	}
	table, _ := f.GetRows("一般公共预算支出表")
	if strings.Join(table[0], "|") != "单位|科目编码|项目|合计（元）|公开单位|来源|页/表|行" {
		t.Errorf("table sheet header %q", table[0])
	}
	if !zipHas(t, f.Path, "xl/charts/chart1.xml") {
		t.Error("no chart in the workbook")
	}
}

func itoa(n int) string {
	s, _ := excelize.CoordinatesToCellName(1, n)
	return strings.TrimPrefix(s, "A")
}

func zipHas(t *testing.T, path, name string) bool {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// TestXLSXRowLimit continues a full sheet on the next, losing no row.
func TestXLSXRowLimit(t *testing.T) {
	batches := runBatches()
	f := openXLSX(t, writeXLSX(t, 4, batches...))
	n, rows := 0, 0
	for _, b := range batches {
		n += len(b.Facts)
	}
	for _, sheet := range f.GetSheetList() {
		if sheet == "facts" || strings.HasPrefix(sheet, "facts (") {
			r, _ := f.GetRows(sheet)
			if len(r) > 4 || r[0][0] != "doc_id" {
				t.Errorf("sheet %s: %d rows, header %q; want at most 4 with the header", sheet, len(r), r[0])
			}
			rows += len(r) - 1
		}
	}
	if rows != n {
		t.Errorf("facts sheets hold %d rows, want %d", rows, n)
	}
	if _, err := f.GetSheetIndex("facts (2)"); err != nil {
		t.Error(err)
	}
}

// TestXLSXLibreOffice converts a workbook to PDF with LibreOffice
// headless, which must succeed; it skips without soffice.
func TestXLSXLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("SKIP: no soffice (apt-get install libreoffice-calc-nogui)")
	}
	path := writeXLSX(t, 0, append(runBatches(), injectionBatch())...)
	dir := t.TempDir()
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+dir+"/profile", "--convert-to", "pdf", "--outdir", dir, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	info, err := os.Stat(filepath.Join(dir, "run.pdf"))
	if err != nil || info.Size() < 1000 {
		t.Fatalf("soffice wrote no PDF: %v", err)
	}
}
