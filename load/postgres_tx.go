package load

import (
	"context"
	"strconv"

	"github.com/budgetetl/budgetetl/dataset"
	pgxdecimal "github.com/jackc/pgx-shopspring-decimal"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The PostgreSQL sink inside a caller's transaction: a queue worker loads
// a document's rows and completes its job in one transaction, so that a
// worker killed between the two neither loses nor repeats the document.

// OpenPostgresPool brings the schema of the database at url up to date (as
// OpenPostgres does) and returns a pool whose connections read and write
// NUMERIC as shopspring decimals, as WritePostgresTx needs.
func OpenPostgresPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if err := migratePostgres(ctx, cfg.ConnConfig); err != nil {
		return nil, err
	}
	cfg.AfterConnect = func(_ context.Context, conn *pgx.Conn) error {
		pgxdecimal.Register(conn.TypeMap())
		return nil
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

// WritePostgresTx replaces the rows of b's document (by doc_id) inside tx,
// which the caller commits or rolls back; tx must come from a pool of
// OpenPostgresPool. It takes the same advisory lock on the doc_id as the
// Postgres sink, so loaders of either kind never duplicate or lose rows.
func WritePostgresTx(ctx context.Context, tx pgx.Tx, b dataset.Batch) error {
	if skipBatch(b) {
		return nil
	}
	p := Postgres{doc: postgresDocumentSQL()}
	return p.replace(ctx, tx, b)
}

// postgresDocumentSQL is the INSERT of a documents row.
func postgresDocumentSQL() string {
	ph := func(i int) string { return "$" + strconv.Itoa(i) }
	return insertSQL("documents", withoutOrd(sqlColumns(dataset.DocumentColumns)), ph)
}
