package load

import (
	"context"
	"database/sql"
	"errors"
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

// testDatabaseSink loads runBatches twice one after the other and then
// from two loaders at once, and checks after each that the database holds
// every document once, with the facts and checks of the CSV output, and
// aggregates to the same groups and checks as the CSV output.
func testDatabaseSink(t *testing.T, dt dbTest) {
	batches := runBatches()
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

// wantCounts compares the rows and amount sums of the database with the
// batches (each doc_id once).
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
	sumSQL := "SELECT CAST(SUM(amount_fen) AS TEXT) FROM facts"
	if isPG {
		sumSQL = "SELECT SUM(amount_yuan)::text FROM facts"
	}
	var gotDocs, gotFacts, gotChecks int
	var gotSum string
	for q, dst := range map[string]any{"SELECT COUNT(*) FROM documents": &gotDocs, "SELECT COUNT(*) FROM facts": &gotFacts,
		"SELECT COUNT(*) FROM checks": &gotChecks, sumSQL: &gotSum} {
		if err := db.QueryRow(q).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	got := decimal.RequireFromString(gotSum)
	if !isPG {
		got = got.Shift(-2) // 分 to 元
	}
	if gotDocs != docs || gotFacts != facts || gotChecks != checks || !got.Equal(sum) {
		t.Errorf("%s: %d documents, %d facts (sum %s), %d checks; want %d, %d (sum %s), %d", when, gotDocs, gotFacts,
			got, gotChecks, docs, facts, sum, checks)
	}
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

// TestSQLiteNotFen refuses an amount finer than 1 分 rather than round it,
// naming the fact.
func TestSQLiteNotFen(t *testing.T) {
	s, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "run.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := runBatches()[1]
	b.Facts[1].AmountYuan = decimal.RequireFromString("0.125")
	err = s.Write(context.Background(), b)
	if !errors.Is(err, ErrNotFen) {
		t.Fatalf("Write(0.125 元) = %v, want ErrNotFen", err)
	}
	if want := "in/b.xlsx sheet 表五 table general_budget_func row 2 column total: " + ErrNotFen.Error(); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
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
