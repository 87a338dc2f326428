package load

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, "sqlite"
)

// SQLite is a Sink loading documents into a SQLite database file (tables
// documents, facts, checks of migrations/sqlite). Each Write replaces the
// document's rows in one transaction, so loading a document again, or from
// two processes at once, never duplicates or loses rows. A fact's amount
// is its exact decimal text (amount_yuan) and, when it is a whole number of
// 分 within 64 bits, that integer (amount_fen), which SUM adds exactly;
// any other amount (finer than 1 分) is stored with amount_fen NULL, never
// rounded, and aggregate adds its amount_yuan as a decimal.
type SQLite struct {
	db  *sql.DB
	doc string // the INSERT of a documents row
}

// sqliteBusy is how long a write waits for another writer of the file.
const sqliteBusy = 60 * time.Second

// OpenSQLite opens (creating it if needed) the database file at path and
// brings its schema up to date.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	db, err := openSQLiteDB(path)
	if err != nil {
		return nil, err
	}
	if err := migrateSQLite(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	ph := func(int) string { return "?" }
	s := &SQLite{db: db}
	s.doc = insertSQL("documents", withoutOrd(sqlColumns(dataset.DocumentColumns)), ph)
	return s, nil
}

// openSQLiteDB opens the file with a busy timeout, WAL journaling and
// transactions that take the write lock when they begin.
func openSQLiteDB(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusy.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// migrateSQLite brings the schema of a SQLite database up to date.
func migrateSQLite(ctx context.Context, db *sql.DB) error {
	return migrate(ctx, db, goose.DialectSQLite3, "migrations/sqlite", nil)
}

// migrate applies the embedded migrations of dir. Two processes may start
// on a new database at once; the one that loses the race fails on a table
// the other made (or on the guard of SQLite's 00003), and tries again once
// the other is done.
func migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, dir string, opts []goose.ProviderOption) error {
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, db, fsys, opts...)
	if err != nil {
		return err
	}
	for try := 0; ; try++ {
		_, err = p.Up(ctx)
		if err == nil || try == 5 || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(try+1) * 100 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("schema migration: %w", err)
	}
	return nil
}

// withoutOrd drops the ord column documents do not have.
func withoutOrd(cols []string) []string {
	return append([]string{cols[0]}, cols[2:]...)
}

// Write replaces the document's rows in one transaction.
func (s *SQLite) Write(ctx context.Context, b dataset.Batch) error {
	if skipBatch(b) {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := s.replace(ctx, tx, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *SQLite) replace(ctx context.Context, tx *sql.Tx, b dataset.Batch) error {
	for _, q := range deleteSQL("?") {
		if _, err := tx.ExecContext(ctx, q, b.Document.DocID); err != nil {
			return err
		}
	}
	text := func(v string) (any, error) { return v, nil }
	vals, err := sqlValues(dataset.DocumentColumns, b.Document.Record(), text)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.doc, vals...); err != nil {
		return err
	}
	facts := make([][]any, len(b.Facts))
	for i, f := range b.Facts {
		vals, err := sqlValues(dataset.FactColumns, f.Record(), text)
		if err != nil {
			return factError(f, err)
		}
		var amountFen any // NULL for an amount finer than 1 分
		if n, ok := fen(f.AmountYuan); ok {
			amountFen = n
		}
		facts[i] = append(withOrd(vals, i+1), amountFen)
	}
	if err := insertRows(ctx, tx, "facts", sqlColumns(dataset.FactColumns, "amount_fen"), facts); err != nil {
		return err
	}
	checks := make([][]any, len(b.Checks))
	for i, c := range b.Checks {
		vals, err := sqlValues(dataset.CheckColumns, c.Record(), text)
		if err != nil {
			return err
		}
		checks[i] = withOrd(vals, i+1)
	}
	return insertRows(ctx, tx, "checks", sqlColumns(dataset.CheckColumns), checks)
}

// insertRows inserts rows with multi-row INSERTs, up to 100 rows a
// statement: one statement per row costs SQLite more than the rows.
func insertRows(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	const per = 100
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for len(rows) > 0 {
		n := min(per, len(rows))
		args := make([]any, 0, n*len(cols))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// Close closes the database; every document is committed already.
func (s *SQLite) Close() error { return s.db.Close() }

// Abort closes the database. The documents written so far stay: each was
// committed whole when written.
func (s *SQLite) Abort() error {
	err := s.db.Close()
	if errors.Is(err, sql.ErrConnDone) {
		return nil
	}
	return err
}
