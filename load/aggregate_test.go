package load

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// runBatches is a small run with every case aggregate must handle: a
// department (A) with a unit it lists by name (B) and its own unit (C), a
// second format of A (D), the file of A given twice (E), a failed file (F)
// and a unit whose detail rows miss its total (G). Amounts have 分 that a
// float sum would get wrong (0.10 + 0.20).
func runBatches() []dataset.Batch {
	dec := decimal.RequireFromString
	doc := func(id, src, unit string, scope dataset.Scope) dataset.Document {
		return dataset.Document{DocID: id, Source: src, Format: "xlsx", UnitName: unit, Province: "山西省", City: "晋城市",
			Year: "2026", DocKind: dataset.DocBudget, UnitPublished: dataset.WanYuan, Status: dataset.StatusOK, Scope: scope}
	}
	fact := func(d dataset.Document, kind dataset.RowKind, code, item, amount string, row int) dataset.Fact {
		return dataset.Fact{DocID: d.DocID, UnitName: d.UnitName, Province: d.Province, City: d.City, Year: d.Year,
			DocKind: d.DocKind, Table: dataset.GeneralBudgetFunc, Flow: dataset.FlowExpense, RowKind: kind, FuncCode: code,
			Item: item, Column: dataset.Total, AmountYuan: dec(amount), UnitPublished: dataset.WanYuan, Source: d.Source,
			Page: "表五", Row: row}
	}
	batch := func(d dataset.Document, facts ...dataset.Fact) dataset.Batch {
		d.Facts = len(facts)
		return dataset.Batch{Document: d, Facts: facts, Checks: []dataset.Check{{DocID: d.DocID, Check: dataset.CheckChildrenSum,
			Position: dataset.Position{Table: dataset.GeneralBudgetFunc, Page: "表五", Row: 1}, Status: dataset.Pass,
			Expected: dataset.Amount(dec("0.005")), Detail: "=SUM(A1)"}}}
	}
	a := doc("aaaaaaaaaaaaaaaa", "in/a.xlsx", "晋城市某局", dataset.ScopeDepartment)
	aFacts := []dataset.Fact{
		fact(a, dataset.KindTotal, "", "合计", "12345600.30", 1),
		fact(a, dataset.KindSubtotal, "201", "一般公共服务支出", "12345600.30", 2),
		fact(a, dataset.KindDetail, "2010101", "行政运行", "12345600.10", 3),
		fact(a, dataset.KindDetail, "2010102", "-一般行政管理事务", "0.20", 4),
	}
	memo := fact(a, dataset.KindMemo, "", "公务接待费", "3000", 1)
	memo.Table, memo.SubUnit = dataset.ThreePublic, "晋城市某中心"
	b := doc("bbbbbbbbbbbbbbbb", "in/b.xlsx", "晋城市某中心", dataset.ScopeUnit)
	c := doc("cccccccccccccccc", "in/c.xlsx", "晋城市某局（本级）", dataset.ScopeUnit)
	d := doc("dddddddddddddddd", "in/d.pdf", "晋城市某局", dataset.ScopeDepartment)
	d.Format, d.DuplicateOf = "pdf", a.DocID
	e := a
	e.Source, e.DuplicateOf = "in/copy/a.xlsx", a.DocID
	f := dataset.Document{DocID: "ffffffffffffffff", Source: "in/f.pdf", Status: dataset.StatusFailed, Error: "encrypted"}
	g := doc("9999999999999999", "in/g.xlsx", "=晋城市另一单位", dataset.ScopeUnit)
	g.City = "阳泉市"
	refact := func(src dataset.Document, to dataset.Document) []dataset.Fact {
		var out []dataset.Fact
		for _, x := range src2(aFacts, memo) {
			x.DocID, x.Source, x.UnitName = to.DocID, to.Source, to.UnitName
			out = append(out, x)
		}
		return out
	}
	return []dataset.Batch{
		batch(a, src2(aFacts, memo)...),
		batch(b, fact(b, dataset.KindTotal, "", "合计", "500", 1), fact(b, dataset.KindDetail, "2010101", "行政运行", "500", 2)),
		batch(c, fact(c, dataset.KindDetail, "2010101", "行政运行", "700.01", 1)),
		batch(d, refact(a, d)...),
		batch(e, refact(a, e)...),
		{Document: f},
		batch(g, fact(g, dataset.KindTotal, "", "合计", "1000000", 1), fact(g, dataset.KindDetail, "2130101", "@行政运行", "990000", 2),
			fact(g, dataset.KindDetail, "21301", "农业农村", "9000.07", 3)),
	}
}

func src2(facts []dataset.Fact, more ...dataset.Fact) []dataset.Fact {
	return append(slices.Clone(facts), more...)
}

// wantLeftOut are the documents of runBatches aggregate must leave out.
// (sorted by source: in/copy/a.xlsx is E).
var wantLeftOut = []string{"bbbbbbbbbbbbbbbb", "cccccccccccccccc", "aaaaaaaaaaaaaaaa", "dddddddddddddddd", "ffffffffffffffff"}

// plainAggregate is the computation aggregate must agree with, done the
// plainest way over facts.csv: every detail row of a document not left
// out (by doc_id and source), summed by keys as decimals.
func plainAggregate(t *testing.T, dir string, keys []Key, leftOut map[[2]string]bool) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, FactsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	sums := map[string]decimal.Decimal{}
	for _, r := range recs[1:] {
		if r[col["row_kind"]] != "detail" || leftOut[[2]string{r[col["doc_id"]], r[col["source"]]}] {
			continue
		}
		var vals []string
		for _, k := range keys {
			name, n := string(k), 0
			switch k {
			case KeyFunc3, KeyFunc5, KeyFunc7:
				name, n = "func_code", codeLevel(k)
			case KeyEcon3, KeyEcon5:
				name, n = "econ_code", codeLevel(k)
			}
			v := unguardFormula(r[col[name]])
			if n > 0 {
				if len(v) < n {
					v = ""
				} else {
					v = v[:n]
				}
			}
			vals = append(vals, v)
		}
		k := strings.Join(vals, "|")
		sums[k] = sums[k].Add(decimal.RequireFromString(r[col["amount_yuan"]]))
	}
	out := map[string]string{}
	for k, v := range sums {
		out[k] = v.String()
	}
	return out
}

func groupMap(a *Aggregation) map[string]string {
	out := map[string]string{}
	for _, g := range a.Groups {
		out[strings.Join(g.Values, "|")] = g.Amount.String()
	}
	return out
}

// writeRun writes batches to a fresh output directory.
func writeRun(t testing.TB, batches []dataset.Batch) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	s, err := NewCSV(dir, CSVOptions{})
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
	return dir
}

// TestAggregateCSV checks the groups against the plain computation, what
// is left out and why, and the detail-sum checks.
func TestAggregateCSV(t *testing.T) {
	dir := writeRun(t, runBatches())
	keys := []Key{KeyCity, KeyUnit, KeyFunc3, KeyFunc7}
	agg, err := Aggregate(context.Background(), dir, keys)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	leftOut := map[[2]string]bool{}
	for _, l := range agg.LeftOut {
		ids = append(ids, l.DocID)
		leftOut[[2]string{l.DocID, l.Source}] = true
	}
	if !reflect.DeepEqual(ids, wantLeftOut) {
		t.Errorf("left out %v, want %v", ids, wantLeftOut)
	}
	want := plainAggregate(t, dir, keys, leftOut)
	if got := groupMap(agg); !reflect.DeepEqual(got, want) {
		t.Errorf("groups = %v, want %v", got, want)
	}
	by3, err := Aggregate(context.Background(), dir, []Key{KeyFunc3})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := groupMap(by3), map[string]string{"201": "12345600.3", "213": "999000.07"}; !reflect.DeepEqual(got, want) {
		t.Errorf("by func3: %v, want %v (the department once, its units not at all)", got, want)
	}
	if agg.Failed() != 1 || agg.Checks[0].DocID != "9999999999999999" || agg.Checks[0].Diff.String() != "999.93" {
		t.Errorf("checks = %+v, want one failing check first, of unit 999…, diff 999.93", agg.Checks)
	}
}

// TestAggregateAcrossRuns leaves out a document that repeats one loaded by
// another run (no duplicate_of: no single run saw both), in the order of
// sources, and still counts a department beside its own unit's document.
func TestAggregateAcrossRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	b := runBatches()
	pdf := b[1] // unit B again, as another run's PDF
	pdf.Document.DocID, pdf.Document.Source = "b2b2b2b2b2b2b2b2", "other-run/b.pdf"
	pdf.Facts, pdf.Checks = slices.Clone(pdf.Facts), slices.Clone(pdf.Checks)
	pdf.Checks[0].DocID = pdf.Document.DocID
	for i := range pdf.Facts {
		pdf.Facts[i].DocID, pdf.Facts[i].Source = pdf.Document.DocID, pdf.Document.Source
	}
	g := b[6]
	for _, run := range [][]dataset.Batch{{b[1], g}, {pdf}} {
		s, err := OpenSQLite(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		for _, batch := range run {
			if err := s.Write(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
	}
	agg, err := Aggregate(context.Background(), "sqlite:"+path, []Key{KeyUnit})
	if err != nil {
		t.Fatal(err)
	}
	if len(agg.LeftOut) != 1 || agg.LeftOut[0].DocID != "b2b2b2b2b2b2b2b2" || !strings.Contains(agg.LeftOut[0].Reason, "bbbbbbbbbbbbbbbb") {
		t.Errorf("left out %+v, want other-run/b.pdf as a repeat of in/b.xlsx (first by source)", agg.LeftOut)
	}
	if got := groupMap(agg); len(got) != 2 || got["晋城市某中心"] != "500" {
		t.Errorf("groups %v, want 晋城市某中心 once (500) and the other unit", got)
	}
}
