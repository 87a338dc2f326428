package load

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/budgetetl/budgetetl/dataset"
)

// Header is the header row of the aggregation's CSV: the keys, then
// documents, facts and amount_yuan.
func (a *Aggregation) Header() []string {
	h := make([]string, 0, len(a.Keys)+3)
	for _, k := range a.Keys {
		h = append(h, string(k))
	}
	return append(h, "documents", "facts", "amount_yuan")
}

// WriteCSV writes the groups as CSV, text cells with the formula guard.
func (a *Aggregation) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(a.Header())
	for _, g := range a.Groups {
		rec := make([]string, 0, len(g.Values)+3)
		for _, v := range g.Values {
			rec = append(rec, guardFormula(v))
		}
		cw.Write(append(rec, strconv.Itoa(g.Documents), strconv.Itoa(g.Facts), g.Amount.String()))
	}
	cw.Flush()
	return cw.Error()
}

// LeftOutColumns are the columns of the list of documents left out.
var LeftOutColumns = []string{"doc_id", "source", "unit_name", "reason"}

// WriteLeftOutCSV writes the documents left out and why.
func (a *Aggregation) WriteLeftOutCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(LeftOutColumns)
	for _, l := range a.LeftOut {
		cw.Write([]string{l.DocID, guardFormula(l.Source), guardFormula(l.UnitName), guardFormula(l.Reason)})
	}
	cw.Flush()
	return cw.Error()
}

// TableCheckColumns are the columns of the detail-sum checks.
var TableCheckColumns = []string{"doc_id", "source", "table", "flow", "column", "expected_yuan", "actual_yuan",
	"diff_yuan", "tolerance_yuan", "status"}

// Record returns the check's values in the order of TableCheckColumns.
func (c TableCheck) Record() []string {
	return []string{c.DocID, c.Source, c.Table, c.Flow, c.Column, c.Expected.String(), c.Actual.String(),
		c.Diff.String(), c.Tolerance.String(), string(c.Status)}
}

// WriteChecksCSV writes the detail-sum checks, failing first.
func (a *Aggregation) WriteChecksCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(TableCheckColumns)
	for _, c := range a.Checks {
		rec := c.Record()
		rec[1], rec[4] = guardFormula(rec[1]), guardFormula(rec[4])
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// Failed counts the checks that failed.
func (a *Aggregation) Failed() int {
	n := 0
	for _, c := range a.Checks {
		if c.Status == dataset.Fail {
			n++
		}
	}
	return n
}
