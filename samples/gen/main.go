// Command gen writes the sample disclosures in samples/: the 13 tables of
// 晋城市乡村振兴中心's 2026 budget as an .xlsx (data in jincheng.txt), the
// same workbook as a PDF (converted with LibreOffice, when -pdf is set), and
// a small workbook in 元 with split 类|款|项 codes (data in yuan.go).
//
//	go run ./samples/gen            # writes samples/*.xlsx and samples/*.pdf
//	go run ./samples/gen -pdf=false # no LibreOffice needed
//
// The expected outputs in samples/expected are written by the pipeline, not
// here: see the samples recipe in the justfile.
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

//go:embed jincheng.txt
var jinchengData string

// Names of the files written in the output directory.
const (
	jinchengName = "jincheng-2026.xlsx"
	yuanName     = "yangcheng-yuan-2026.xlsx"
	// PDFs without cell borders (base names).
	jinchengBorderless = "jincheng-2026-noborders"
	yuanBorderless     = "yangcheng-yuan-2026-noborders"
)

func main() {
	out := flag.String("o", "samples", "output `DIR`")
	pdf := flag.Bool("pdf", true, "also convert "+jinchengName+" to PDF with LibreOffice (soffice)")
	flag.Parse()
	if err := generate(*out, *pdf); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generate(dir string, pdf bool) error {
	seed, err := parseTables(jinchengData)
	if err != nil {
		return err
	}
	wb := workbook{UnitLine: "单位名称：晋城市乡村振兴中心", UnitOfMoney: "单位：万元", Tables: seed, Format: "0.00"}
	if err := wb.save(filepath.Join(dir, jinchengName)); err != nil {
		return err
	}
	if err := yuanWorkbook().save(filepath.Join(dir, yuanName)); err != nil {
		return err
	}
	if !pdf {
		return nil
	}
	if err := toPDF(filepath.Join(dir, jinchengName), dir); err != nil {
		return err
	}
	// Borderless PDFs of both workbooks: tables that only text alignment
	// delimits. Their workbooks are not kept (they equal the ones above).
	wb.Borderless = true
	yuan := yuanWorkbook()
	yuan.Borderless = true
	for name, b := range map[string]workbook{jinchengBorderless: wb, yuanBorderless: yuan} {
		if err := borderlessPDF(b, name, dir); err != nil {
			return err
		}
	}
	return nil
}

// borderlessPDF saves wb as name.xlsx in a temporary directory and converts
// it to dir/name.pdf.
func borderlessPDF(wb workbook, name, dir string) error {
	tmp, err := os.MkdirTemp("", "budgetetl-gen")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	xlsx := filepath.Join(tmp, name+".xlsx")
	if err := wb.save(xlsx); err != nil {
		return err
	}
	if err := toPDF(xlsx, tmp); err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(tmp, name+".pdf"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".pdf"), data, 0o644)
}

// table is one published table: a sheet with a label line, a title, header
// rows and body rows, and notes printed below it.
type table struct {
	Sheet, Label, Title string
	Header, Body        [][]string
	Notes               []string
	RepeatHeader        bool // print the header rows again on every page
}

// parseTables reads the text format described at the top of jincheng.txt.
func parseTables(text string) ([]table, error) {
	var tables []table
	for n, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, _ := strings.Cut(line, "|")
		if strings.HasPrefix(kind, "= ") {
			f := strings.Split(strings.TrimPrefix(line, "= "), "|")
			if len(f) != 3 {
				return nil, fmt.Errorf("jincheng.txt line %d: want = sheet|label|title", n+1)
			}
			tables = append(tables, table{Sheet: f[0], Label: f[1], Title: f[2]})
			continue
		}
		if len(tables) == 0 {
			return nil, fmt.Errorf("jincheng.txt line %d: row before the first table", n+1)
		}
		t := &tables[len(tables)-1]
		switch kind {
		case "H":
			t.Header = append(t.Header, strings.Split(rest, "|"))
		case "B":
			t.Body = append(t.Body, strings.Split(rest, "|"))
		case "N":
			t.Notes = append(t.Notes, rest)
		default:
			return nil, fmt.Errorf("jincheng.txt line %d: unknown row kind %q", n+1, kind)
		}
	}
	return tables, nil
}

// workbook is a disclosure: one sheet per table, each opening with the
// table's label, title, unit name and unit of money.
type workbook struct {
	UnitLine    string // 单位名称：…
	UnitOfMoney string // 单位：万元
	SameLine    bool   // unit name and unit of money on one line (no label line)
	Borderless  bool   // no cell borders: a PDF of it has no ruling lines
	Format      string // number format of amount cells
	Tables      []table
}

func (wb workbook) save(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, t := range wb.Tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.Sheet); err != nil {
			return err
		}
		if err := wb.writeSheet(f, t); err != nil {
			return fmt.Errorf("%s sheet %s: %w", path, t.Sheet, err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		return err
	}
	return os.Chmod(path, 0o644) // SaveAs makes files executable
}

// sheetWriter fills one sheet row by row.
type sheetWriter struct {
	f      *excelize.File
	sheet  string
	row    int // last row written
	width  int // columns of the table
	styles styles
}

type styles struct{ title, meta, metaRight, header, text, amount int }

func (wb workbook) writeSheet(f *excelize.File, t table) error {
	st, err := newStyles(f, wb.Format, !wb.Borderless)
	if err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: t.Sheet, width: width(t), styles: st}
	if !wb.SameLine {
		w.line(t.Label, st.meta)
	}
	w.line(t.Title, st.title)
	if wb.SameLine {
		w.pair(wb.UnitLine, wb.UnitOfMoney)
	} else {
		w.line(wb.UnitLine, st.meta)
		w.line(wb.UnitOfMoney, st.metaRight)
	}
	first := w.row + 1
	w.grid(t.Header, true)
	if t.RepeatHeader {
		w.must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: t.Sheet,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", t.Sheet, first, w.row)}))
	}
	w.grid(t.Body, false)
	for _, n := range t.Notes {
		w.line(n, st.meta)
	}
	return w.layout()
}

func width(t table) int {
	n := 0
	for _, r := range append(append([][]string{}, t.Header...), t.Body...) {
		n = max(n, len(r))
	}
	return n
}

func newStyles(f *excelize.File, amountFormat string, borders bool) (styles, error) {
	var border []excelize.Border
	if borders {
		border = []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
			{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	}
	defs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		{Alignment: &excelize.Alignment{Horizontal: "left"}},
		{Alignment: &excelize.Alignment{Horizontal: "right"}},
		{Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Border: border, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}},
		{Border: border, CustomNumFmt: &amountFormat, Alignment: &excelize.Alignment{Horizontal: "right"}},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return styles{}, err
		}
		ids[i] = id
	}
	return styles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]}, nil
}

// line writes text across the whole width of the table.
func (w *sheetWriter) line(text string, style int) {
	w.row++
	a, b := w.cell(0, w.row), w.cell(w.width-1, w.row)
	w.must(w.f.SetCellStr(w.sheet, a, text))
	w.must(w.f.MergeCell(w.sheet, a, b))
	w.must(w.f.SetCellStyle(w.sheet, a, b, style))
}

// pair writes the unit name on the left and the unit of money on the right
// of one line.
func (w *sheetWriter) pair(left, right string) {
	w.row++
	w.must(w.f.SetCellStr(w.sheet, w.cell(0, w.row), left))
	w.must(w.f.SetCellStyle(w.sheet, w.cell(0, w.row), w.cell(0, w.row), w.styles.meta))
	w.must(w.f.SetCellStr(w.sheet, w.cell(w.width-1, w.row), right))
	w.must(w.f.SetCellStyle(w.sheet, w.cell(w.width-1, w.row), w.cell(w.width-1, w.row), w.styles.metaRight))
}

var amountRe = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)

// grid writes header and body rows, merging ">" cells into the cell on
// their left and "^" cells into the cell above.
func (w *sheetWriter) grid(rows [][]string, header bool) {
	first := w.row + 1
	for _, cells := range rows {
		w.row++
		for c := 0; c < w.width; c++ {
			w.put(c, at(cells, c), header)
		}
	}
	for i, cells := range rows {
		for c, text := range cells {
			if text == ">" || text == "^" || text == "" {
				continue
			}
			right, down := span(rows, i, c)
			if right > c || down > i {
				w.must(w.f.MergeCell(w.sheet, w.cell(c, first+i), w.cell(right, first+down)))
			}
		}
	}
}

// span returns the last column and row of the merge anchored at row i,
// column c of rows.
func span(rows [][]string, i, c int) (right, down int) {
	right, down = c, i
	for at(rows[i], right+1) == ">" {
		right++
	}
	for down+1 < len(rows) && at(rows[down+1], c) == "^" {
		down++
	}
	return right, down
}

func at(cells []string, c int) string {
	if c < len(cells) {
		return cells[c]
	}
	return ""
}

func (w *sheetWriter) put(c int, text string, header bool) {
	ref := w.cell(c, w.row)
	style := w.styles.text
	switch {
	case header:
		style = w.styles.header
	case amountRe.MatchString(strings.ReplaceAll(text, ",", "")):
		style = w.styles.amount
	}
	w.must(w.f.SetCellStyle(w.sheet, ref, ref, style))
	switch {
	case text == ">" || text == "^" || text == "":
	case style == w.styles.amount:
		v, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
		w.must(err)
		w.must(w.f.SetCellFloat(w.sheet, ref, v, 2, 64))
	default:
		w.must(w.f.SetCellStr(w.sheet, ref, text))
	}
}

func (w *sheetWriter) value(c, r int) string {
	v, err := w.f.GetCellValue(w.sheet, w.cell(c, r))
	w.must(err)
	return v
}

// layout sets column widths and a landscape page fitted to one page wide,
// so that the PDF keeps every column of a table on one page.
func (w *sheetWriter) layout() error {
	if err := w.f.SetColWidth(w.sheet, "A", "A", 14); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(w.width)
	if err := w.f.SetColWidth(w.sheet, "B", last, 16); err != nil {
		return err
	}
	for c := 0; c < w.width; c++ {
		if w.labelColumn(c) {
			name, _ := excelize.ColumnNumberToName(c + 1)
			if err := w.f.SetColWidth(w.sheet, name, name, 36); err != nil {
				return err
			}
		}
	}
	fit, one, zero := true, 1, 0
	orient := "landscape"
	if err := w.f.SetSheetProps(w.sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return w.f.SetPageLayout(w.sheet, &excelize.PageLayoutOptions{Orientation: &orient, FitToWidth: &one, FitToHeight: &zero})
}

// labelColumn reports whether column c holds long row labels.
func (w *sheetWriter) labelColumn(c int) bool {
	for r := 1; r <= w.row; r++ {
		if len([]rune(w.value(c, r))) > 12 && !w.isMerged(c, r) {
			return true
		}
	}
	return false
}

func (w *sheetWriter) isMerged(c, r int) bool {
	cells, err := w.f.GetMergeCells(w.sheet)
	w.must(err)
	ref := w.cell(c, r)
	for _, m := range cells {
		if m.GetStartAxis() == ref {
			return true
		}
	}
	return false
}

func (w *sheetWriter) cell(c, r int) string {
	ref, err := excelize.CoordinatesToCellName(c+1, r)
	w.must(err)
	return ref
}

// must panics on errors that only a bug in gen can cause (bad cell names,
// overlapping merges); main is the only caller and the program is a tool.
func (w *sheetWriter) must(err error) {
	if err != nil {
		panic(fmt.Sprintf("%s row %d: %v", w.sheet, w.row, err))
	}
}

// toPDF converts an .xlsx to PDF in dir with LibreOffice.
func toPDF(xlsx, dir string) error {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		return fmt.Errorf("PDF: LibreOffice not found (apt-get install -y libreoffice-calc), or run with -pdf=false: %w", err)
	}
	cmd := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, xlsx)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("soffice --convert-to pdf %s: %w", xlsx, err)
	}
	return nil
}
