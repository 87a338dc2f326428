package load

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// dbTest is one database destination under test.
type dbTest struct {
	dest string                             // what Open and Aggregate take
	open func(t *testing.T) Sink            // a new sink on it
	db   func(t *testing.T) (*sql.DB, bool) // a connection for counting; false: sqlite
}

// testDatabaseSink loads runBatches and finerThanFenBatch twice one after
// the other and then from two loaders at once, and checks after each that
// the database holds every document once, with the facts and checks of the
// CSV output, and aggregates to the same groups and checks as the CSV
// output.
func testDatabaseSink(t *testing.T, dt dbTest) {
	batches := append(runBatches(), finerThanFenBatch())
	csvAgg, err := Aggregate(context.Background(), writeRun(t, batches), []Key{KeyCity, KeyUnit, KeyFunc7})
	if err != nil {
		t.Fatal(err)
	}
	load := func() {
		s := dt.open(t)
		for _, b := range batches {
			if err := s.Write(context.Background(), b); err != nil {
				t.Error(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
	check := func(when string) {
		t.Helper()
		wantCounts(t, dt, batches, when)
		agg, err := Aggregate(context.Background(), dt.dest, csvAgg.Keys)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(groupMap(agg), groupMap(csvAgg)) || !reflect.DeepEqual(checkRecords(agg), checkRecords(csvAgg)) {
			t.Errorf("%s: aggregate = %v %v, want the CSV's %v %v", when, groupMap(agg), checkRecords(agg), groupMap(csvAgg), checkRecords(csvAgg))
		}
		// The database holds the file given twice once: the copy is not
		// there to be left out.
		wantLeft := slices.DeleteFunc(slices.Clone(csvAgg.LeftOut), func(l LeftOut) bool { return l.Source == "in/copy/a.xlsx" })
		if !reflect.DeepEqual(agg.LeftOut, wantLeft) {
			t.Errorf("%s: left out %+v, want %+v", when, agg.LeftOut, wantLeft)
		}
	}
	load()
	check("first load")
	load()
	check("second load")
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); load() }()
	}
	wg.Wait()
	check("two loaders at once")
}

func checkRecords(a *Aggregation) [][]string {
	var out [][]string
	for _, c := range a.Checks {
		out = append(out, c.Record())
	}
	return out
}

// finerThanFenBatch is a document whose amounts are not all whole numbers
// of 分, nor all within the range of amount_fen: a total row finer than 1
// 分 larger than a whole one (column total), a column with no whole amount
// (basic), a whole total larger than one finer than 1 分 beside negative
// amounts (project), and a
// total of 10¹⁷ 元, beyond amount_fen, whose detail rows are within it but
// add up beyond it (personnel).
func finerThanFenBatch() dataset.Batch {
	d := dataset.Document{DocID: "8888888888888888", Source: "in/h.pdf", Format: "pdf", UnitName: "太原市某局", Province: "山西省",
		City: "太原市", Year: "2026", DocKind: dataset.DocBudget, UnitPublished: dataset.WanYuan, Status: dataset.StatusOK,
		Scope: dataset.ScopeDepartment}
	var facts []dataset.Fact
	add := func(col dataset.Column, kind dataset.RowKind, code, amount string) {
		facts = append(facts, dataset.Fact{DocID: d.DocID, UnitName: d.UnitName, Province: d.Province, City: d.City, Year: d.Year,
			DocKind: d.DocKind, Table: dataset.GeneralBudgetFunc, Flow: dataset.FlowExpense, RowKind: kind, FuncCode: code,
			Item: "项目" + code, Column: col, AmountYuan: decimal.RequireFromString(amount), UnitPublished: dataset.WanYuan,
			Source: d.Source, Page: "3", Row: len(facts) + 1})
	}
	add(dataset.Total, dataset.KindTotal, "", "1000.125")
	add(dataset.Total, dataset.KindTotal, "", "999.99")
	add(dataset.Total, dataset.KindDetail, "2010101", "600.0625")
	add(dataset.Total, dataset.KindDetail, "2010102", "400.05")
	add(dataset.Total, dataset.KindDetail, "2010103", "0.0125")
	add(dataset.Basic, dataset.KindTotal, "", "0.005")
	add(dataset.Basic, dataset.KindDetail, "2010101", "0.005")
	add(dataset.Project, dataset.KindTotal, "", "7")
	add(dataset.Project, dataset.KindTotal, "", "5.001")
	add(dataset.Project, dataset.KindDetail, "2010101", "7")
	add(dataset.Project, dataset.KindDetail, "2010102", "-0.001")
	add(dataset.Project, dataset.KindDetail, "2010103", "-12345678.91")
	add(dataset.Project, dataset.KindDetail, "2010104", "12345678.91")
	add(dataset.Personnel, dataset.KindTotal, "", "100000000000000000")
	add(dataset.Personnel, dataset.KindDetail, "2010101", "90000000000000000")
	add(dataset.Personnel, dataset.KindDetail, "2010101", "10000000000000000")
	d.Facts = len(facts)
	return dataset.Batch{Document: d, Facts: facts, Checks: []dataset.Check{{DocID: d.DocID, Check: dataset.CheckChildrenSum,
		Position: dataset.Position{Table: dataset.GeneralBudgetFunc, Page: "3", Row: 1}, Status: dataset.Pass,
		Expected: dataset.Amount(decimal.RequireFromString("1000.125")), Actual: dataset.Amount(decimal.RequireFromString("1000.125"))}}}
}

// wantCounts compares the rows and amount sums of the database with the
// batches (each doc_id once); in SQLite it checks every row's amount_fen
// against its amount_yuan.
func wantCounts(t *testing.T, dt dbTest, batches []dataset.Batch, when string) {
	t.Helper()
	db, isPG := dt.db(t)
	var docs, facts, checks int
	sum := decimal.Zero
	for _, b := range batches {
		if skipBatch(b) {
			continue
		}
		docs++
		facts += len(b.Facts)
		checks += len(b.Checks)
		for _, f := range b.Facts {
			sum = sum.Add(f.AmountYuan)
		}
	}
	var gotDocs, gotFacts, gotChecks int
	for q, dst := range map[string]any{"SELECT COUNT(*) FROM documents": &gotDocs, "SELECT COUNT(*) FROM facts": &gotFacts,
		"SELECT COUNT(*) FROM checks": &gotChecks} {
		if err := db.QueryRow(q).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var got decimal.Decimal
	if isPG {
		var s string
		if err := db.QueryRow("SELECT SUM(amount_yuan)::text FROM facts").Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = decimal.RequireFromString(s)
	} else {
		got = sqliteFactsSum(t, db, when)
	}
	if gotDocs != docs || gotFacts != facts || gotChecks != checks || !got.Equal(sum) {
		t.Errorf("%s: %d documents, %d facts (sum %s), %d checks; want %d, %d (sum %s), %d", when, gotDocs, gotFacts,
			got, gotChecks, docs, facts, sum, checks)
	}
}

// maxFen is the largest amount_fen, in 元.
var maxFen = decimal.New(math.MaxInt64, -2)

// sqliteFactsSum is the sum of amount_yuan over the facts of a SQLite
// database, as decimals; it checks that every row's amount_fen is its
// amount in 分, or NULL for an amount not a whole number of 分 or beyond
// maxFen.
func sqliteFactsSum(t *testing.T, db *sql.DB, when string) decimal.Decimal {
	t.Helper()
	rows, err := db.Query("SELECT amount_yuan, amount_fen FROM facts")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sum := decimal.Zero
	for rows.Next() {
		var yuan string
		var fen sql.NullInt64
		if err := rows.Scan(&yuan, &fen); err != nil {
			t.Fatal(err)
		}
		d := decimal.RequireFromString(yuan)
		sum = sum.Add(d)
		whole := d.Shift(2).IsInteger() && d.Abs().LessThanOrEqual(maxFen)
		if fen.Valid != whole || fen.Valid && !decimal.New(fen.Int64, -2).Equal(d) {
			t.Errorf("%s: amount_yuan %s stored with amount_fen %v, want %s", when, yuan, fen, d.Shift(2))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestSQLiteSink(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.db")
	testDatabaseSink(t, dbTest{
		dest: "sqlite:" + path,
		open: func(t *testing.T) Sink {
			s, err := OpenSQLite(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		db: func(t *testing.T) (*sql.DB, bool) {
			db, err := openSQLiteDB(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db, false
		},
	})
}

// TestSQLiteFinerThanFen stores amounts finer than 1 分 exactly (the
// text of facts.csv, amount_fen NULL) and aggregates them as the CSV
// output does: the same groups and checks, sums and largest totals.
func TestSQLiteFinerThanFen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.db")
	s, err := OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	b := finerThanFenBatch()
	if err := s.Write(context.Background(), b); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := openSQLiteDB(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tests := []struct {
		row  int
		yuan string
		fen  sql.NullInt64
	}{
		{1, "1000.125", sql.NullInt64{}},
		{2, "999.99", sql.NullInt64{Int64: 99999, Valid: true}},
		{7, "0.005", sql.NullInt64{}},
		{11, "-0.001", sql.NullInt64{}},
		{12, "-12345678.91", sql.NullInt64{Int64: -1234567891, Valid: true}},
		{14, "100000000000000000", sql.NullInt64{}},
		{15, "90000000000000000", sql.NullInt64{Int64: 9_000_000_000_000_000_000, Valid: true}},
	}
	for _, tt := range tests {
		var yuan string
		var fen sql.NullInt64
		if err := db.QueryRow(`SELECT amount_yuan, amount_fen FROM facts WHERE "row" = ?`, tt.row).Scan(&yuan, &fen); err != nil {
			t.Fatal(err)
		}
		if yuan != tt.yuan || fen != tt.fen {
			t.Errorf("row %d: amount_yuan %q, amount_fen %v; want %q, %v", tt.row, yuan, fen, tt.yuan, tt.fen)
		}
	}
	keys := []Key{KeyCity, KeyFunc7}
	want, err := Aggregate(context.Background(), writeRun(t, []dataset.Batch{b}), keys)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Aggregate(context.Background(), "sqlite:"+path, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(groupMap(got), groupMap(want)) || !reflect.DeepEqual(checkRecords(got), checkRecords(want)) {
		t.Errorf("aggregate from SQLite = %v %v, want the CSV's %v %v", groupMap(got), checkRecords(got), groupMap(want), checkRecords(want))
	}
	if len(want.Checks) != 4 {
		t.Errorf("%d table checks, want one per column: %v", len(want.Checks), checkRecords(want))
	}
}

// TestMigrationsMatchDataset checks that the SQLite schema has a column
// for every column of the dataset rows; a column added to dataset needs a
// migration.
func TestMigrationsMatchDataset(t *testing.T) {
	db, err := openSQLiteDB(filepath.Join(t.TempDir(), "run.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := migrateSQLite(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	wantColumns(t, db)
	wantFactsSchema(t, db, false)
}

// wantColumns compares the columns of the three tables with dataset's.
func wantColumns(t *testing.T, db *sql.DB) {
	t.Helper()
	for table, want := range map[string][]string{"documents": dataset.DocumentColumns, "facts": dataset.FactColumns,
		"checks": dataset.CheckColumns} {
		rows, err := db.Query("SELECT * FROM " + table + " LIMIT 0")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := rows.Columns()
		rows.Close()
		for _, c := range want {
			if !slices.Contains(got, c) {
				t.Errorf("table %s has no column %s: add a migration under load/migrations/ for both databases", table, c)
			}
		}
	}
}
