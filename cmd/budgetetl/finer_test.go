package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// TestRunFinerThanFen runs a workbook holding an amount finer than 0.01 元
// (4594134.725, as a misread PDF once gave: the SQLite sink refused it and
// the run stopped with no output written) to csv: and sqlite: (and
// PostgreSQL when BUDGETETL_TEST_POSTGRES names one), loads the CSV
// directory into a second SQLite database, and checks that the run
// succeeds, every fact is in the databases, the amounts finer than 1 分
// have amount_fen NULL, and aggregate writes the same bytes from all.
func TestRunFinerThanFen(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "finer.xlsx")
	finerWorkbook(t, filepath.Join(samples, "yangcheng-yuan-2026.xlsx"), in)
	out, db, loaded := filepath.Join(tmp, "out"), filepath.Join(tmp, "run.db"), filepath.Join(tmp, "loaded.db")
	args := []string{"budgetetl", "run", "-q", "--to", "csv:" + out, "--to", "sqlite:" + db}
	froms := []string{out, "sqlite:" + db, "sqlite:" + loaded}
	if os.Getenv("BUDGETETL_TEST_POSTGRES") != "" {
		dsn := testDatabase(t)
		args, froms = append(args, "--to", dsn), append(froms, dsn)
	}
	if got := run(append(args, in)); got != exitOK {
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
			t.Errorf("%s: no amount_fen NULL: the amount finer than 1 分 was not read", path)
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

// finerWorkbook copies the workbook from to to with its first amount, in
// 元, half a 分 finer: 4,594,134.72 becomes 4594134.725.
func finerWorkbook(t *testing.T, from, to string) {
	t.Helper()
	f, err := excelize.OpenFile(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("收支总表", "B5"); v != "4,594,134.72" {
		t.Fatalf("%s 收支总表!B5 = %q, want 4,594,134.72", from, v)
	}
	if err := f.SetCellStr("收支总表", "B5", "4594134.725"); err != nil { // text: a number format would round it
		t.Fatal(err)
	}
	if err := f.SaveAs(to); err != nil {
		t.Fatal(err)
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
