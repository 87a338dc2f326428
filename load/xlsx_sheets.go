package load

import (
	"bufio"
	"encoding/csv"
	"io"
	"os"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// columnSpec is one column of a sheet: its header, the kind of its values
// and its width in characters.
type columnSpec struct {
	header string
	kind   colType
	width  float64
}

// columnSpecs are the columns of a sheet holding one of the canonical
// tables as its CSV file does.
func columnSpecs(columns []string) []columnSpec {
	out := make([]columnSpec, len(columns))
	for i, c := range columns {
		w := 12.0
		switch c {
		case "item", "unit_name", "detail", "source", "error", "tables_found", "tables_empty":
			w = 30
		case "doc_id", "duplicate_of":
			w = 18
		case "amount_yuan", "expected_yuan", "actual_yuan", "diff_yuan", "tolerance_yuan":
			w = 18
		}
		out[i] = columnSpec{header: c, kind: typeOf(c), width: w}
	}
	return out
}

// amountFloat is the number a cell holds for an exact amount. A double
// holds 15 significant digits exactly, every amount of a budget so far (a
// trillion 元 to the 分), and excelize writes it back as those digits;
// exact is false for an amount it would round.
func amountFloat(v string) (f float64, exact bool, err error) {
	d, err := decimal.NewFromString(v)
	if err != nil {
		return 0, false, err
	}
	f = d.InexactFloat64()
	back, err := decimal.NewFromString(strconv.FormatFloat(f, 'g', 15, 64))
	return f, err == nil && back.Equal(d), nil
}

// spool keeps records in a temporary file until the end of the run.
type spool struct {
	file *os.File
	w    *csv.Writer
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "budgetetl-xlsx-*.csv")
	if err != nil {
		return nil, err
	}
	return &spool{file: f, w: csv.NewWriter(bufio.NewWriter(f))}, nil
}

func (s *spool) add(rec []string) error { return s.w.Write(rec) }

// each hands every record back, in order, to fn.
func (s *spool) each(fn func([]string) error) error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := csv.NewReader(bufio.NewReader(s.file))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

func (s *spool) remove() {
	s.file.Close()
	os.Remove(s.file.Name())
}

// tableSheets lays out the facts of each canonical table as the documents
// print them: one row per printed row, its amounts side by side under the
// table's columns. Rows wait in a spool per table, since the columns a
// table needs are known only at the end of the run.
type tableSheets struct {
	byTable map[dataset.TableID]*tableSheet
}

// tableSheet is one canonical table's rows so far.
type tableSheet struct {
	spool   *spool
	rows    int
	columns []dataset.Column // every column met, in first-met order
	govEcon bool             // some row has a 政府经济分类 code
	flows   map[dataset.Flow]bool
	widths  map[string]float64 // widest text per fixed field
}

// The fixed fields of a spooled row, before its column-amount pairs.
const (
	rowUnit = iota
	rowCode
	rowGovCode
	rowItem
	rowFlow
	rowUnitPublished
	rowSource
	rowPage
	rowRow
	rowFields
)

func newTableSheets() *tableSheets { return &tableSheets{byTable: map[dataset.TableID]*tableSheet{}} }

// rowKey is one printed row of a table: a “三公” table prints items as
// columns, all on row 1, so the item is part of it.
type rowKey struct {
	flow            dataset.Flow
	page, item, sub string
	row             int
}

// add spools the rows of one document.
func (ts *tableSheets) add(b dataset.Batch) error {
	type pending struct {
		t   *tableSheet
		rec []string
	}
	var rows []*pending
	index := map[dataset.TableID]map[rowKey]*pending{}
	for _, f := range b.Facts {
		t, err := ts.sheet(f.Table)
		if err != nil {
			return err
		}
		if index[f.Table] == nil {
			index[f.Table] = map[rowKey]*pending{}
		}
		k := rowKey{f.Flow, f.Page, f.Item, f.SubUnit, f.Row}
		p := index[f.Table][k]
		if p == nil {
			p = &pending{t: t, rec: t.fixed(f)}
			index[f.Table][k] = p
			rows = append(rows, p)
		}
		if !slices.Contains(t.columns, f.Column) {
			t.columns = append(t.columns, f.Column)
		}
		p.rec = append(p.rec, string(f.Column), f.AmountYuan.String())
	}
	for _, p := range rows {
		p.t.rows++
		if err := p.t.spool.add(p.rec); err != nil {
			return err
		}
	}
	return nil
}

func (ts *tableSheets) sheet(id dataset.TableID) (*tableSheet, error) {
	if t := ts.byTable[id]; t != nil {
		return t, nil
	}
	s, err := newSpool()
	if err != nil {
		return nil, err
	}
	t := &tableSheet{spool: s, flows: map[dataset.Flow]bool{}, widths: map[string]float64{}}
	ts.byTable[id] = t
	return t, nil
}

// fixed is the start of a fact's row: who, which code and item, where.
func (t *tableSheet) fixed(f dataset.Fact) []string {
	code := f.FuncCode
	if code == "" {
		code = f.EconCode
	}
	unit := f.UnitName
	if f.SubUnit != "" {
		unit += " / " + f.SubUnit
	}
	t.govEcon = t.govEcon || f.GovEconCode != ""
	t.flows[f.Flow] = true
	rec := make([]string, rowFields, rowFields+8)
	rec[rowUnit], rec[rowCode], rec[rowGovCode], rec[rowItem] = unit, code, f.GovEconCode, f.Item
	rec[rowFlow], rec[rowUnitPublished], rec[rowSource] = string(f.Flow), string(f.UnitPublished), f.Source
	rec[rowPage], rec[rowRow] = f.Page, strconv.Itoa(f.Row)
	for _, i := range []int{rowUnit, rowItem, rowSource} {
		t.widths[strconv.Itoa(i)] = max(t.widths[strconv.Itoa(i)], textWidth(rec[i]))
	}
	return rec
}

// textWidth is how wide text shows: two for a CJK character.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if utf8.RuneLen(r) > 1 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// layout is the sheet's columns: the fixed ones that carry something in
// this table, then one per amount column, in 元.
func (t *tableSheet) layout() ([]columnSpec, []int) {
	width := func(field int, least float64) float64 {
		return max(least, min(t.widths[strconv.Itoa(field)]+2, 60))
	}
	specs := []columnSpec{{"单位", typeText, width(rowUnit, 16)}, {"科目编码", typeText, 12}}
	fields := []int{rowUnit, rowCode}
	if t.govEcon {
		specs, fields = append(specs, columnSpec{"政府经济分类", typeText, 12}), append(fields, rowGovCode)
	}
	specs, fields = append(specs, columnSpec{"项目", typeText, width(rowItem, 20)}), append(fields, rowItem)
	if len(t.flows) > 1 {
		specs, fields = append(specs, columnSpec{"收支", typeText, 8}), append(fields, rowFlow)
	}
	for _, c := range t.sortedColumns() {
		specs = append(specs, columnSpec{columnLabel(c) + "（元）", typeDecimal, 16})
	}
	specs = append(specs, columnSpec{"公开单位", typeText, 8}, columnSpec{"来源", typeText, width(rowSource, 12)},
		columnSpec{"页/表", typeText, 8}, columnSpec{"行", typeInteger, 6})
	fields = append(fields, rowUnitPublished, rowSource, rowPage, rowRow)
	return uniqueHeaders(specs), fields
}

// sortedColumns are the table's columns in SCHEMA order, raw ones last as
// first met.
func (t *tableSheet) sortedColumns() []dataset.Column {
	var out []dataset.Column
	for _, c := range columnOrder {
		if slices.Contains(t.columns, c.id) {
			out = append(out, c.id)
		}
	}
	for _, c := range t.columns {
		if c.IsRaw() {
			out = append(out, c)
		}
	}
	return out
}

// uniqueHeaders makes headers unique, as a table's filter needs.
func uniqueHeaders(specs []columnSpec) []columnSpec {
	seen := map[string]int{}
	for i := range specs {
		h := specs[i].header
		seen[h]++
		if seen[h] > 1 {
			specs[i].header = h + " " + strconv.Itoa(seen[h])
		}
	}
	return specs
}

// sheet is the table's columns and its rows in that layout.
func (t *tableSheet) sheet() ([]columnSpec, func(func([]string) error) error) {
	specs, fields := t.layout()
	cols := t.sortedColumns()
	amountAt := len(fields) - 4 // the amounts stand before the last four fixed fields
	each := func(fn func([]string) error) error {
		return t.spool.each(func(rec []string) error {
			out := make([]string, len(specs))
			for i, f := range fields[:amountAt] {
				out[i] = rec[f]
			}
			for i := rowFields; i+1 < len(rec); i += 2 {
				if at := slices.Index(cols, dataset.Column(rec[i])); at >= 0 {
					out[amountAt+at] = rec[i+1]
				}
			}
			for i, f := range fields[amountAt:] {
				out[amountAt+len(cols)+i] = rec[f]
			}
			return fn(out)
		})
	}
	return specs, each
}

func (ts *tableSheets) remove() {
	for _, t := range ts.byTable {
		t.spool.remove()
	}
}
