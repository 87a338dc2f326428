package load

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/xuri/excelize/v2"
)

// XLSXOptions are the choices of a workbook sink.
type XLSXOptions struct {
	Inputs  []string  // what the run reads, listed on the 说明 sheet
	Started time.Time // when the run started, on the 说明 sheet; zero leaves it out
	// maxRows is the rows a sheet may hold, header included (0: Excel's
	// 1,048,576); a sheet that fills up continues on "name (2)".
	maxRows int
}

// XLSX is a Sink writing one workbook for people: 说明 (what is where, the
// run's inputs and time), documents, checks (failing first), facts (the
// rows of facts.csv), one sheet per canonical table in the layout the
// documents print (code, name, then the table's columns, in 元, and the
// published unit), and 类支出, spending by 类 across units with a native
// chart. Headers are frozen and filtered, amounts are numbers shown as
// #,##0.00, text is always a string cell (never a formula). A sheet that
// reaches Excel's 1,048,576 rows continues on another. Rows wait in
// temporary files until Close writes the workbook (xlsx_zip.go), so memory
// does not grow with them; the file is renamed into place.
type XLSX struct {
	path   string
	opts   XLSXOptions
	docs   *spool
	checks map[dataset.CheckStatus]*spool
	facts  *spool
	tables *tableSheets
	chart  *classChart
	count  runCount
	// inexact counts the amounts a double cannot hold exactly (more than
	// 15 significant digits); the 说明 sheet says so.
	inexact int
}

// runCount is what the 说明 sheet reports of the run.
type runCount struct{ documents, failed, facts, checks, checksFailed int }

// NewXLSX starts the workbook that Close writes at path.
func NewXLSX(path string, opts XLSXOptions) (*XLSX, error) {
	if opts.maxRows == 0 {
		opts.maxRows = excelize.TotalRows
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	probe, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	probe.Close()
	os.Remove(probe.Name())
	x := &XLSX{path: path, opts: opts, checks: map[dataset.CheckStatus]*spool{}, tables: newTableSheets(), chart: newClassChart()}
	for _, sp := range []**spool{&x.docs, &x.facts} {
		if *sp, err = newSpool(); err != nil {
			x.Abort()
			return nil, err
		}
	}
	for _, st := range []dataset.CheckStatus{dataset.Fail, dataset.Warn, dataset.Pass} {
		if x.checks[st], err = newSpool(); err != nil {
			x.Abort()
			return nil, err
		}
	}
	return x, nil
}

// Write adds one document's rows.
func (x *XLSX) Write(_ context.Context, b dataset.Batch) error {
	x.count.documents++
	x.count.facts += len(b.Facts)
	x.count.checks += len(b.Checks)
	if b.Document.Status == dataset.StatusFailed {
		x.count.failed++
	}
	if err := x.docs.add(b.Document.Record()); err != nil {
		return err
	}
	for _, c := range b.Checks {
		sp := x.checks[c.Status]
		if sp == nil {
			sp = x.checks[dataset.Warn]
		}
		if c.Status == dataset.Fail {
			x.count.checksFailed++
		}
		if err := sp.add(c.Record()); err != nil {
			return err
		}
	}
	for _, f := range b.Facts {
		if significantDigits(f.AmountYuan.String()) > 15 {
			x.inexact++
		}
		if err := x.facts.add(f.Record()); err != nil {
			return err
		}
	}
	if err := x.tables.add(b); err != nil {
		return err
	}
	x.chart.add(b)
	return nil
}

// significantDigits counts the digits of a decimal after its leading zeros.
func significantDigits(s string) int {
	n, lead := 0, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' || lead && c == '0' {
			continue
		}
		lead = false
		n++
	}
	return n
}

// Close writes the workbook under a temporary name and renames it into
// place.
func (x *XLSX) Close() error {
	defer x.release()
	return WriteFileAtomic(x.path, "", x.write)
}

// write makes the frame with excelize, then splices the rows into it.
func (x *XLSX) write(w io.Writer) error {
	sheets := x.sheets()
	frame, err := os.CreateTemp("", "budgetetl-frame-*.xlsx")
	if err != nil {
		return err
	}
	frame.Close()
	defer os.Remove(frame.Name())
	st, err := x.frame(frame.Name(), sheets)
	if err != nil {
		return err
	}
	return splice(frame.Name(), w, sheets, st)
}

// Abort drops the workbook; a file already at the path stays as it was.
func (x *XLSX) Abort() error {
	x.release()
	return nil
}

// release removes the temporary files.
func (x *XLSX) release() {
	for _, s := range append([]*spool{x.docs, x.facts}, x.checks[dataset.Fail], x.checks[dataset.Warn], x.checks[dataset.Pass]) {
		if s != nil {
			s.remove()
		}
	}
	x.tables.remove()
}

// sheets are the data sheets, each cut into parts that fit a sheet.
func (x *XLSX) sheets() []sheetRows {
	checks := func(fn func([]string) error) error {
		for _, st := range []dataset.CheckStatus{dataset.Fail, dataset.Warn, dataset.Pass} {
			if err := x.checks[st].each(fn); err != nil {
				return err
			}
		}
		return nil
	}
	out := []sheetRows{
		x.logical("documents", columnSpecs(dataset.DocumentColumns), x.count.documents, x.docs.each),
		x.logical("checks", columnSpecs(dataset.CheckColumns), x.count.checks, checks),
		x.logical("facts", columnSpecs(dataset.FactColumns), x.count.facts, x.facts.each),
	}
	for _, id := range dataset.Tables {
		if t := x.tables.byTable[id]; t != nil {
			cols, each := t.sheet()
			out = append(out, x.logical(tableSheetName(id), cols, t.rows, each))
		}
	}
	return out
}

// logical cuts a sheet of rows records into parts of at most maxRows rows,
// header included: name, name (2), ….
func (x *XLSX) logical(name string, cols []columnSpec, rows int, each func(func([]string) error) error) sheetRows {
	per := x.opts.maxRows - 1
	s := sheetRows{each: each}
	for i := 0; i == 0 || i*per < rows; i++ {
		p := sheetPart{name: name, cols: cols, rows: min(per, rows-i*per)}
		if i > 0 {
			p.name = fmt.Sprintf("%s (%d)", name, i+1)
		}
		s.parts = append(s.parts, p)
	}
	return s
}

// frame writes, with excelize, every sheet with its header and no rows,
// the 说明 sheet and the chart, and returns the number styles.
func (x *XLSX) frame(path string, sheets []sheetRows) (cellStyles, error) {
	f := excelize.NewFile()
	defer f.Close()
	var st cellStyles
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return st, err
	}
	if st.amount, err = f.NewStyle(&excelize.Style{NumFmt: 4}); err != nil { // #,##0.00
		return st, err
	}
	if st.integer, err = f.NewStyle(&excelize.Style{NumFmt: 1}); err != nil { // 0
		return st, err
	}
	if err := f.SetSheetName("Sheet1", sheetReadme); err != nil {
		return st, err
	}
	n := 0
	for _, s := range sheets {
		for _, p := range s.parts {
			n++
			if err := framePart(f, p, header, fmt.Sprintf("Table%d", n)); err != nil {
				return st, fmt.Errorf("sheet %s: %w", p.name, err)
			}
		}
	}
	if err := x.chart.write(f); err != nil {
		return st, err
	}
	if err := x.readme(f, sheets, header); err != nil {
		return st, err
	}
	return st, f.SaveAs(path)
}

// framePart makes one sheet: header, widths, frozen header, print setup
// and the table (named table) that gives the header its filter.
func framePart(f *excelize.File, p sheetPart, header int, table string) error {
	if _, err := f.NewSheet(p.name); err != nil {
		return err
	}
	row := make([]any, len(p.cols))
	for i, c := range p.cols {
		row[i] = c.header
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(p.name, col, col, c.width); err != nil {
			return err
		}
	}
	if err := f.SetSheetRow(p.name, "A1", &row); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(p.cols), 1)
	if err := f.SetCellStyle(p.name, "A1", last, header); err != nil {
		return err
	}
	if err := f.SetPanes(p.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := fitPage(f, p.name, false); err != nil {
		return err
	}
	end, _ := excelize.CoordinatesToCellName(len(p.cols), max(p.rows+1, 2))
	return f.AddTable(p.name, &excelize.Table{Range: "A1:" + end, Name: table, StyleName: "TableStyleLight9"})
}
