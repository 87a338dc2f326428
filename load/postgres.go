package load

import (
	"context"
	"fmt"

	"github.com/budgetetl/budgetetl/dataset"
	pgxdecimal "github.com/jackc/pgx-shopspring-decimal"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/shopspring/decimal"
)

// Postgres is a Sink loading documents into a PostgreSQL database (tables
// documents, facts, checks of migrations/postgres, amounts NUMERIC). Each
// Write is one transaction that takes an advisory lock on the doc_id,
// deletes the document's rows and copies the new ones in (COPY), so
// re-loads and concurrent loaders never duplicate or lose rows.
type Postgres struct {
	conn *pgx.Conn
	doc  string // the INSERT of a documents row
}

// OpenPostgres connects to the database at url (postgres://…) and brings
// its schema up to date; migrations hold a session lock, so loaders that
// start together migrate once.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if err := migratePostgres(ctx, cfg); err != nil {
		return nil, err
	}
	conn, err := connectPostgres(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Postgres{conn: conn, doc: postgresDocumentSQL()}, nil
}

// connectPostgres connects with shopspring decimals for NUMERIC.
func connectPostgres(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	pgxdecimal.Register(conn.TypeMap())
	return conn, nil
}

func migratePostgres(ctx context.Context, cfg *pgx.ConnConfig) error {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	return migrate(ctx, db, goose.DialectPostgres, "migrations/postgres", []goose.ProviderOption{goose.WithSessionLocker(locker)})
}

// numeric is a decimal column's value for NUMERIC.
func numeric(s string) (any, error) { return decimal.NewFromString(s) }

// Write replaces the document's rows in one transaction.
func (p *Postgres) Write(ctx context.Context, b dataset.Batch) error {
	if skipBatch(b) {
		return nil
	}
	return pgx.BeginFunc(ctx, p.conn, func(tx pgx.Tx) error { return p.replace(ctx, tx, b) })
}

func (p *Postgres) replace(ctx context.Context, tx pgx.Tx, b dataset.Batch) error {
	id := b.Document.DocID
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", id); err != nil {
		return err
	}
	for _, q := range deleteSQL("$1") {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return err
		}
	}
	vals, err := sqlValues(dataset.DocumentColumns, b.Document.Record(), numeric)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, p.doc, vals...); err != nil {
		return err
	}
	facts := make([][]any, len(b.Facts))
	for i, f := range b.Facts {
		v, err := sqlValues(dataset.FactColumns, f.Record(), numeric)
		if err != nil {
			return factError(f, err)
		}
		facts[i] = withOrd(v, i+1)
	}
	if err := copyRows(ctx, tx, "facts", dataset.FactColumns, facts); err != nil {
		return err
	}
	checks := make([][]any, len(b.Checks))
	for i, c := range b.Checks {
		v, err := sqlValues(dataset.CheckColumns, c.Record(), numeric)
		if err != nil {
			return err
		}
		checks[i] = withOrd(v, i+1)
	}
	return copyRows(ctx, tx, "checks", dataset.CheckColumns, checks)
}

// copyRows copies rows into table with COPY.
func copyRows(ctx context.Context, tx pgx.Tx, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	cols := append([]string{columns[0], ord}, columns[1:]...)
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	if int(n) != len(rows) {
		return fmt.Errorf("copy into %s: %d of %d rows", table, n, len(rows))
	}
	return nil
}

// Close closes the connection; every document is committed already.
func (p *Postgres) Close() error { return p.conn.Close(context.Background()) }

// Abort closes the connection. The documents written so far stay: each was
// committed whole when written.
func (p *Postgres) Abort() error { return p.Close() }
