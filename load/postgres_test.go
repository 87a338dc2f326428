package load

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// postgresEnv names the server the tests use: a postgres:// URL of a user
// who may create databases. `eval "$(bash .ci/postgres)"` starts one and
// sets it; .ci/run does.
const postgresEnv = "BUDGETETL_TEST_POSTGRES"

// testPostgres creates an empty database for one test on the server of
// BUDGETETL_TEST_POSTGRES and returns its URL; the test skips, saying why,
// when there is no server.
func testPostgres(t *testing.T) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("no PostgreSQL: %s is not set (eval \"$(bash .ci/postgres)\" starts one)", postgresEnv)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Skipf("no PostgreSQL at %s: %v", redactURL(base), err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	name := "budgetetl_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err == nil {
			conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
			conn.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func postgresDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostgresSink(t *testing.T) {
	dsn := testPostgres(t)
	testDatabaseSink(t, dbTest{
		dest: dsn,
		open: func(t *testing.T) Sink {
			s, err := OpenPostgres(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		db: func(t *testing.T) (*sql.DB, bool) { return postgresDB(t, dsn), true },
	})
	wantColumns(t, postgresDB(t, dsn))
}
