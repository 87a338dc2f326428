package load

import (
	"embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// migrations holds the schema of the database sinks, one goose directory
// per dialect (migrations/sqlite, migrations/postgres). A column added to
// a dataset row needs a new migration in both; TestMigrationsMatchDataset
// says which.
//
//go:embed migrations
var migrations embed.FS

// ord is the column that keeps a row's place within its document.
const ord = "ord"

// sqlColumns are the SQL columns of a table: the dataset columns in their
// order with ord after doc_id, quoted, so that reserved words (table,
// column, row, check) are plain names.
func sqlColumns(columns []string, extra ...string) []string {
	out := []string{quote(columns[0]), ord}
	for _, c := range columns[1:] {
		out = append(out, quote(c))
	}
	for _, c := range extra {
		out = append(out, quote(c))
	}
	return out
}

func quote(name string) string { return `"` + name + `"` }

// decimalValue turns a decimal column's text into the value a driver
// stores: decimal.Decimal for PostgreSQL's NUMERIC, text for SQLite.
type decimalValue func(s string) (any, error)

// sqlValues converts a record to driver values by the columns' types:
// integers as int64, decimals by dec, text as is; an empty number is NULL.
func sqlValues(columns, rec []string, dec decimalValue) ([]any, error) {
	out := make([]any, len(rec))
	for i, v := range rec {
		switch typeOf(columns[i]) {
		case typeText:
			out[i] = v
		case typeInteger:
			if v == "" {
				continue
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s %q: %w", columns[i], v, err)
			}
			out[i] = n
		case typeDecimal:
			if v == "" {
				continue
			}
			d, err := dec(v)
			if err != nil {
				return nil, fmt.Errorf("%s %q: %w", columns[i], v, err)
			}
			out[i] = d
		}
	}
	return out, nil
}

// withOrd puts a row's place in its document after doc_id.
func withOrd(vals []any, n int) []any {
	out := make([]any, 0, len(vals)+2)
	out = append(out, vals[0], int64(n))
	return append(out, vals[1:]...)
}

// fen is an amount in 分, exactly; false for an amount that is not a
// whole number of 分 or does not fit in an int64.
func fen(d decimal.Decimal) (int64, bool) {
	f := d.Shift(2)
	if !f.Equal(f.Truncate(0)) || !f.BigInt().IsInt64() {
		return 0, false
	}
	return f.IntPart(), true
}

// insertSQL is an INSERT of one row into table; ph gives the i-th
// placeholder (1-based) of the dialect.
func insertSQL(table string, cols []string, ph func(int) string) string {
	marks := make([]string, len(cols))
	for i := range cols {
		marks[i] = ph(i + 1)
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "), strings.Join(marks, ", "))
}

// deleteSQL are the statements that remove one document's rows, children
// first.
func deleteSQL(ph string) []string {
	return []string{
		"DELETE FROM checks WHERE doc_id = " + ph,
		"DELETE FROM facts WHERE doc_id = " + ph,
		"DELETE FROM documents WHERE doc_id = " + ph,
	}
}

// skipBatch reports a document a database already holds from this run:
// the same file (same doc_id) given twice. Its rows are the original's.
func skipBatch(b dataset.Batch) bool {
	return b.Document.DuplicateOf != "" && b.Document.DuplicateOf == b.Document.DocID
}

// factError places an error on the fact it concerns.
func factError(f dataset.Fact, err error) error {
	return &dataset.Error{Pos: f.Position(), Err: err}
}
