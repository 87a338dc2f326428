package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
)

// finerThanFenDoc is a badly printed Xi'an document whose reading carries
// amounts finer than 0.01 元 (936647884.387416): the SQLite sink once
// refused it and the run stopped with no output written.
var finerThanFenDoc = filepath.Join("..", "..", "..", "shared", "corpus", "cities", "xian", "b6aea555.pdf")

// TestRunFinerThanFen runs that document to csv: and sqlite: (and
// PostgreSQL when BUDGETETL_TEST_POSTGRES names one), loads the CSV
// directory into a second SQLite database, and checks that the run
// succeeds, every fact is in the databases, the amounts finer than 1 分
// have amount_fen NULL, and aggregate writes the same bytes from all.
func TestRunFinerThanFen(t *testing.T) {
	if _, err := os.Stat(finerThanFenDoc); err != nil {
		t.Skipf("SKIP: shared corpus not found at %s: %v", finerThanFenDoc, err)
	}
	tmp := t.TempDir()
	out, db, loaded := filepath.Join(tmp, "out"), filepath.Join(tmp, "run.db"), filepath.Join(tmp, "loaded.db")
	args := []string{"budgetetl", "run", "-q", "--to", "csv:" + out, "--to", "sqlite:" + db}
	froms := []string{out, "sqlite:" + db, "sqlite:" + loaded}
	if os.Getenv("BUDGETETL_TEST_POSTGRES") != "" {
		dsn := testDatabase(t)
		args, froms = append(args, "--to", dsn), append(froms, dsn)
	}
	if got := run(append(args, finerThanFenDoc)); got != exitOK {
		t.Fatalf("run: exit status %d", got)
	}
	if got := run([]string{"budgetetl", "load", "--to", "sqlite:" + loaded, out}); got != exitOK {
		t.Fatalf("load: exit status %d", got)
	}
	sums := sumsOf(t, filepath.Join(out, "facts.csv")) // all ("") and by doc_id
	if len(sums) != 2 {
		t.Fatalf("facts.csv holds %d documents, want 1", len(sums)-1)
	}
	want := sums[""]
	for _, path := range []string{db, loaded} {
		rows, finer := sqliteFacts(t, path)
		if rows != want {
			t.Errorf("%s: facts %s, facts.csv %s", path, rows, want)
		}
		if finer == 0 {
			t.Errorf("%s: no amount_fen NULL: the document no longer reads an amount finer than 1 分, the test needs another", path)
		}
	}
	var agg []byte
	for i, from := range froms {
		file := filepath.Join(tmp, "agg"+string(rune('0'+i))+".csv")
		if got := run([]string{"budgetetl", "aggregate", "--from", from, "--by", "city,table,column,func7", "-o", file}); got != exitOK {
			t.Fatalf("aggregate --from %s: exit status %d", from, got)
		}
		var b []byte
		for _, f := range []string{file, file[:len(file)-len(".csv")] + ".checks.csv"} {
			part, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			b = append(b, part...)
		}
		if agg == nil {
			agg = b
		} else if !bytes.Equal(b, agg) {
			t.Errorf("aggregate --from %s =\n%s\nwant (from %s)\n%s", from, b, out, agg)
		}
	}
}

// sqliteFacts is the sum and count of a SQLite database's facts, as
// sumsOf gives them, and how many have amount_fen NULL.
func sqliteFacts(t *testing.T, path string) (string, int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT amount_yuan, amount_fen IS NULL FROM facts")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sum, n, finer := decimal.Zero, 0, 0
	for rows.Next() {
		var yuan string
		var null bool
		if err := rows.Scan(&yuan, &null); err != nil {
			t.Fatal(err)
		}
		sum, n = sum.Add(decimal.RequireFromString(yuan)), n+1
		if null {
			finer++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sum.String() + " in " + decimal.NewFromInt(int64(n)).String(), finer
}
