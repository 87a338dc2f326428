package load

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/pressly/goose/v3"
)

// sqliteProvider is a goose provider of the embedded SQLite migrations on db.
func sqliteProvider(t *testing.T, db *sql.DB) *goose.Provider {
	t.Helper()
	fsys, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSQLiteUpgrade opens a database made and filled by the schema before
// 00003 (amount_fen NOT NULL): the migration keeps every row as it was and
// the indexes, amount_fen becomes nullable, and the database then takes an
// amount finer than 1 分 and aggregates as the CSV output of the same
// documents. Going down again fails while such an amount is there, and
// leaves the rows.
func TestSQLiteUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, p, old := oldSQLite(t, path)
	batches := runBatches()
	before := dumpFacts(t, db)
	wantFactsSchema(t, db, true)
	if err := old.Write(ctx, finerThanFenBatch()); err == nil || !strings.Contains(err.Error(), "NOT NULL") {
		t.Fatalf("the schema before 00003 took amount_fen NULL (%v): the test does not start from it", err)
	}

	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v != 3 {
		t.Errorf("version %d (%v) after OpenSQLite, want 3", v, err)
	}
	if after := dumpFacts(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("facts after the migration =\n%v\nwant as before\n%v", after, before)
	}
	wantFactsSchema(t, db, false)
	batches = append(batches, finerThanFenBatch())
	if err := s.Write(ctx, batches[len(batches)-1]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	keys := []Key{KeyCity, KeyUnit, KeyFunc7}
	want, err := Aggregate(ctx, writeRun(t, batches), keys)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Aggregate(ctx, "sqlite:"+path, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(groupMap(got), groupMap(want)) || !reflect.DeepEqual(checkRecords(got), checkRecords(want)) {
		t.Errorf("aggregate = %v %v, want the CSV's %v %v", groupMap(got), checkRecords(got), groupMap(want), checkRecords(want))
	}

	withNull := dumpFacts(t, db)
	if _, err := p.Down(ctx); err == nil || !strings.Contains(err.Error(), "NOT NULL") {
		t.Errorf("migration 00003 down over an amount_fen NULL: %v, want a NOT NULL constraint failure", err)
	}
	if after := dumpFacts(t, db); !reflect.DeepEqual(after, withNull) {
		t.Errorf("a failed down changed facts")
	}
	wantFactsSchema(t, db, false)
}

// oldSQLite makes a database at path with the schema before 00003 and
// loads runBatches into it with that schema's sink (the same Write).
func oldSQLite(t *testing.T, path string) (*sql.DB, *goose.Provider, *SQLite) {
	t.Helper()
	ctx := context.Background()
	db, err := openSQLiteDB(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := sqliteProvider(t, db)
	if _, err := p.UpTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	old := &SQLite{db: db, doc: insertSQL("documents", withoutOrd(sqlColumns(dataset.DocumentColumns)), func(int) string { return "?" })}
	for _, b := range runBatches() {
		if err := old.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return db, p, old
}

// TestSQLiteUpgradeAtOnce opens an old database from three sinks at once,
// a few times: each takes an amount finer than 1 分, the rows are all
// there, and 00003 was applied once (a second opener that found it to
// apply fails on its guard and retries).
func TestSQLiteUpgradeAtOnce(t *testing.T) {
	ctx := context.Background()
	want := 0
	for _, b := range runBatches() {
		if !skipBatch(b) {
			want += len(b.Facts)
		}
	}
	want += len(finerThanFenBatch().Facts)
	for try := range 3 {
		path := filepath.Join(t.TempDir(), "old.db")
		db, _, _ := oldSQLite(t, path)
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				s, err := OpenSQLite(ctx, path)
				if err != nil {
					t.Error(err)
					return
				}
				if err := s.Write(ctx, finerThanFenBatch()); err != nil {
					t.Error(err)
				}
				s.Close()
			})
		}
		wg.Wait()
		var facts, applied int
		if err := db.QueryRow("SELECT COUNT(*) FROM facts").Scan(&facts); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT COUNT(*) FROM goose_db_version WHERE version_id = 3").Scan(&applied); err != nil {
			t.Fatal(err)
		}
		if facts != want || applied != 1 {
			t.Errorf("try %d: %d facts, 00003 applied %d times; want %d, once", try, facts, applied, want)
		}
		wantFactsSchema(t, db, false)
	}
}

// dumpFacts is every facts row as text, in key order.
func dumpFacts(t *testing.T, db *sql.DB) [][]string {
	t.Helper()
	rows, err := db.Query("SELECT * FROM facts ORDER BY doc_id, ord")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := make([]string, len(cols))
		for i, v := range vals {
			rec[i] = cols[i] + "=" + v.String
			if !v.Valid {
				rec[i] = cols[i] + " NULL"
			}
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// wantFactsSchema checks that facts has its indexes and its reference to
// documents, and that amount_fen is NOT NULL or not as notNull says.
func wantFactsSchema(t *testing.T, db *sql.DB, notNull bool) {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT \"notnull\" FROM pragma_table_info('facts') WHERE name = 'amount_fen'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if (n == 1) != notNull {
		t.Errorf("amount_fen notnull = %d, want %v", n, notNull)
	}
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'facts' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"facts_econ", "facts_func", "facts_region", "facts_table"}; !slices.Equal(got, want) {
		t.Errorf("indexes of facts %v, want %v", got, want)
	}
	var parent, onDelete string
	if err := db.QueryRow("SELECT \"table\", on_delete FROM pragma_foreign_key_list('facts')").Scan(&parent, &onDelete); err != nil {
		t.Fatal(err)
	}
	if parent != "documents" || onDelete != "CASCADE" {
		t.Errorf("facts references %s ON DELETE %s, want documents ON DELETE CASCADE", parent, onDelete)
	}
}
