package load

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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
// reaches Excel's 1,048,576 rows continues on another. It is written with
// excelize's StreamWriter and temporary files, so memory does not grow
// with the rows, and renamed into place by Close.
type XLSX struct {
	path   string
	opts   XLSXOptions
	f      *excelize.File
	styles xlsxStyles
	docs   *sheetStream
	checks *sheetStream // failing checks; the others wait in spools
	facts  *sheetStream
	later  map[dataset.CheckStatus]*spool
	tables *tableSheets
	chart  *classChart
	count  runCount
	// inexact counts the amounts a double cannot hold exactly (more than
	// 15 significant digits); the 说明 sheet says so.
	inexact int
}

// runCount is what the 说明 sheet reports of the run.
type runCount struct{ documents, failed, facts, checksFailed int }

// xlsxStyles are the cell styles of the workbook.
type xlsxStyles struct{ header, amount, integer int }

// NewXLSX starts the workbook that Close writes at path.
func NewXLSX(path string, opts XLSXOptions) (*XLSX, error) {
	if opts.maxRows == 0 {
		opts.maxRows = excelize.TotalRows
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if probe, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*"); err != nil {
		return nil, err
	} else {
		probe.Close()
		os.Remove(probe.Name())
	}
	x := &XLSX{path: path, opts: opts, f: excelize.NewFile(), later: map[dataset.CheckStatus]*spool{}}
	if err := x.start(); err != nil {
		x.Abort()
		return nil, err
	}
	return x, nil
}

func (x *XLSX) start() error {
	if err := x.f.SetSheetName("Sheet1", sheetReadme); err != nil {
		return err
	}
	var err error
	if x.styles, err = newStyles(x.f); err != nil {
		return err
	}
	if x.docs, err = x.stream("documents", columnSpecs(dataset.DocumentColumns)); err != nil {
		return err
	}
	if x.checks, err = x.stream("checks", columnSpecs(dataset.CheckColumns)); err != nil {
		return err
	}
	if x.facts, err = x.stream("facts", columnSpecs(dataset.FactColumns)); err != nil {
		return err
	}
	for _, st := range []dataset.CheckStatus{dataset.Warn, dataset.Pass} {
		if x.later[st], err = newSpool(); err != nil {
			return err
		}
	}
	x.tables = newTableSheets()
	x.chart = newClassChart()
	return nil
}

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}); err != nil {
		return s, err
	}
	if s.amount, err = f.NewStyle(&excelize.Style{NumFmt: 4}); err != nil { // #,##0.00
		return s, err
	}
	s.integer, err = f.NewStyle(&excelize.Style{NumFmt: 1}) // 0
	return s, err
}

// Write adds one document's rows.
func (x *XLSX) Write(_ context.Context, b dataset.Batch) error {
	x.count.documents++
	x.count.facts += len(b.Facts)
	if b.Document.Status == dataset.StatusFailed {
		x.count.failed++
	}
	if err := x.docs.add(b.Document.Record()); err != nil {
		return err
	}
	for _, c := range b.Checks {
		if c.Status != dataset.Fail {
			if err := x.later[c.Status].add(c.Record()); err != nil {
				return err
			}
			continue
		}
		x.count.checksFailed++
		if err := x.checks.add(c.Record()); err != nil {
			return err
		}
	}
	for _, f := range b.Facts {
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

// Close writes the sheets that wait for the end of the run and saves the
// workbook under a temporary name, then renames it into place.
func (x *XLSX) Close() error {
	err := x.finish()
	if err == nil {
		err = x.save()
	}
	if err != nil {
		x.Abort()
		return fmt.Errorf("%s: %w", x.path, err)
	}
	return nil
}

func (x *XLSX) finish() error {
	for _, st := range []dataset.CheckStatus{dataset.Warn, dataset.Pass} {
		if err := x.later[st].each(x.checks.add); err != nil {
			return err
		}
	}
	for _, s := range []*sheetStream{x.docs, x.checks, x.facts} {
		if err := s.finish(); err != nil {
			return err
		}
	}
	if err := x.tables.write(x); err != nil {
		return err
	}
	if err := x.chart.write(x.f); err != nil {
		return err
	}
	return x.readme()
}

func (x *XLSX) save() error {
	tmp, err := os.CreateTemp(filepath.Dir(x.path), "."+filepath.Base(x.path)+".*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	err = x.f.Write(tmp)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, x.path)
	}
	if err != nil {
		os.Remove(name)
		return err
	}
	x.release()
	return nil
}

// Abort drops the workbook; a file already at the path stays as it was.
func (x *XLSX) Abort() error {
	x.release()
	return nil
}

// release removes the temporary files of the streams and spools.
func (x *XLSX) release() {
	x.f.Close()
	for _, s := range x.later {
		s.remove()
	}
	if x.tables != nil {
		x.tables.remove()
	}
}

// stream starts a streamed sheet.
func (x *XLSX) stream(name string, cols []columnSpec) (*sheetStream, error) {
	s := &sheetStream{x: x, base: name, cols: cols}
	return s, s.open()
}

// sheetStream writes one logical sheet: a header and rows, continued on
// "name (2)"… when a sheet is full.
type sheetStream struct {
	x     *XLSX
	base  string
	cols  []columnSpec
	part  int // sheets started
	rows  int // rows of the current sheet, header included
	sw    *excelize.StreamWriter
	names []string // the sheets written
}

func (s *sheetStream) open() error {
	s.part++
	name := s.base
	if s.part > 1 {
		name = fmt.Sprintf("%s (%d)", s.base, s.part)
	}
	if _, err := s.x.f.NewSheet(name); err != nil {
		return err
	}
	if err := fitPage(s.x.f, name, false); err != nil {
		return err
	}
	sw, err := s.x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	s.sw, s.rows, s.names = sw, 1, append(s.names, name)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, c := range s.cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	header := make([]any, len(s.cols))
	for i, c := range s.cols {
		header[i] = excelize.Cell{StyleID: s.x.styles.header, Value: c.header}
	}
	return sw.SetRow("A1", header)
}

// add writes one record, its values typed by the columns.
func (s *sheetStream) add(rec []string) error {
	if s.rows == s.x.opts.maxRows {
		if err := s.close(); err != nil {
			return err
		}
		if err := s.open(); err != nil {
			return err
		}
	}
	s.rows++
	row := make([]any, len(rec))
	for i, v := range rec {
		row[i] = s.x.cell(s.cols[i].kind, v)
	}
	cell, _ := excelize.CoordinatesToCellName(1, s.rows)
	return s.sw.SetRow(cell, row)
}

// close ends the current sheet with its filter.
func (s *sheetStream) close() error {
	last, _ := excelize.CoordinatesToCellName(len(s.cols), max(s.rows, 2))
	name := tableName(s.names[len(s.names)-1])
	if err := s.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: name, StyleName: "TableStyleLight9"}); err != nil {
		return err
	}
	return s.sw.Flush()
}

func (s *sheetStream) finish() error { return s.close() }

// tableName is an Excel table name for a sheet: letters, digits and _.
func tableName(sheet string) string {
	b := []byte("t_")
	for i, r := range sheet {
		switch {
		case r < 128 && (r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			b = append(b, byte(r))
		default:
			b = strconv.AppendInt(append(b, '_'), int64(i), 10)
		}
	}
	return string(b)
}

// cell is the value of a cell of a column of kind k: a number for amounts
// and counts, a string for everything else (an inline string, which no
// spreadsheet evaluates, whatever it starts with).
func (x *XLSX) cell(k colType, v string) any {
	if v == "" {
		return nil
	}
	switch k {
	case typeDecimal:
		if f, exact, err := amountFloat(v); err == nil {
			if !exact {
				x.inexact++
			}
			return excelize.Cell{StyleID: x.styles.amount, Value: f}
		}
	case typeInteger:
		if n, err := strconv.Atoi(v); err == nil {
			return excelize.Cell{StyleID: x.styles.integer, Value: n}
		}
	}
	return v
}
