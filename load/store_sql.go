package load

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// sqlDialect is what differs between the SQLite and PostgreSQL stores:
// how an exact amount is summed and read back.
type sqlDialect struct {
	sum, max         string                                // SQL of the sum and largest amount of a group, as text
	readSum, readMax func(string) (decimal.Decimal, error) // read that text back
}

var (
	sqliteDialect = sqlDialect{
		sum:     sqliteAmounts("CAST(SUM(amount_fen / 1000000000) AS TEXT) || 'e7 ' || CAST(SUM(amount_fen % 1000000000) AS TEXT) || 'e-2'"),
		max:     sqliteAmounts("CAST(MAX(amount_fen) AS TEXT) || 'e-2'"),
		readSum: readSQLiteAmounts(decimal.Sum), readMax: readSQLiteAmounts(decimal.Max)}
	postgresDialect = sqlDialect{sum: "SUM(amount_yuan)::text", max: "MAX(amount_yuan)::text",
		readSum: decimal.NewFromString, readMax: decimal.NewFromString}
)

// sqliteAmounts is the SQL of a group's amounts as text, decimals in 元
// separated by spaces: fen, the text of an aggregate of amount_fen (empty
// when every amount_fen is NULL), then the amount_yuan of the rows whose
// amount_fen is NULL (finer than 1 分 or beyond 64 bits), e.g.
// "12e7 3456e-2 0.125". The sum of amount_fen is taken as the sums of its
// quotient and remainder by 10⁹ 分, which no group overflows.
func sqliteAmounts(fen string) string {
	return "COALESCE(" + fen + ", '') || " +
		"COALESCE(' ' || group_concat(CASE WHEN amount_fen IS NULL THEN amount_yuan END, ' '), '')"
}

// readSQLiteAmounts reads the text of sqliteAmounts and combines its
// amounts, exactly, with combine (decimal.Sum or decimal.Max); no amount
// at all is zero.
func readSQLiteAmounts(combine func(first decimal.Decimal, rest ...decimal.Decimal) decimal.Decimal) func(string) (decimal.Decimal, error) {
	return func(s string) (decimal.Decimal, error) {
		fields := strings.Fields(s)
		if len(fields) == 0 {
			return decimal.Zero, nil
		}
		amounts := make([]decimal.Decimal, len(fields))
		for i, f := range fields {
			d, err := decimal.NewFromString(f)
			if err != nil {
				return decimal.Zero, fmt.Errorf("amount %q: %w", f, err)
			}
			amounts[i] = d
		}
		return combine(amounts[0], amounts[1:]...), nil
	}
}

// sqlStore reads a database a SQLite or PostgreSQL sink wrote. The sums are
// done by the database (GROUP BY, exact: integer 分 or NUMERIC), per
// document, and combined in Go with the same code as the CSV store; the
// few SQLite amounts with no amount_fen are listed and added in Go.
type sqlStore struct {
	db      *sql.DB
	dialect sqlDialect
}

func (s *sqlStore) Close() error { return s.db.Close() }

func (s *sqlStore) documents(ctx context.Context) ([]dataset.Document, error) {
	cols := make([]string, len(dataset.DocumentColumns))
	for i, c := range dataset.DocumentColumns {
		cols[i] = quote(c)
	}
	var docs []dataset.Document
	err := s.query(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM documents ORDER BY source, doc_id", len(cols), func(rec []string) error {
		d, err := dataset.ParseDocument(rec)
		docs = append(docs, d)
		return err
	})
	return docs, err
}

// keySQL is the SQL of a key's value.
func keySQL(k Key) string {
	if n := codeLevel(k); n > 0 {
		col := "func_code"
		if k == KeyEcon3 || k == KeyEcon5 {
			col = "econ_code"
		}
		return fmt.Sprintf("CASE WHEN length(%[1]s) >= %[2]d THEN substr(%[1]s, 1, %[2]d) ELSE '' END", col, n)
	}
	return quote(string(k))
}

func (s *sqlStore) facts(ctx context.Context, keys []Key) (factStats, error) {
	st := factStats{subUnits: map[docRef][]string{}}
	exprs, groupBy := []string{"doc_id", "source"}, []string{"1", "2"}
	for i, k := range keys {
		exprs = append(exprs, keySQL(k))
		groupBy = append(groupBy, strconv.Itoa(i+3))
	}
	q := fmt.Sprintf("SELECT %s, CAST(COUNT(*) AS TEXT), %s FROM facts WHERE row_kind = 'detail' GROUP BY %s",
		strings.Join(exprs, ", "), s.dialect.sum, strings.Join(groupBy, ", "))
	err := s.query(ctx, q, len(exprs)+2, func(rec []string) error {
		n, amount, err := s.countSum(rec[len(exprs)], rec[len(exprs)+1])
		st.sums = append(st.sums, docSum{doc: docRef{rec[0], rec[1]}, values: rec[2:len(exprs)], facts: n, amount: amount})
		return err
	})
	if err != nil {
		return factStats{}, err
	}
	q = fmt.Sprintf(`SELECT doc_id, source, "table", flow, "column", row_kind, unit_published, CAST(COUNT(*) AS TEXT), %s, %s
		FROM facts WHERE row_kind IN ('detail', 'total') GROUP BY 1, 2, 3, 4, 5, 6, 7`, s.dialect.sum, s.dialect.max)
	err = s.query(ctx, q, 10, func(rec []string) error {
		n, sum, err := s.countSum(rec[7], rec[8])
		if err != nil {
			return err
		}
		max, err := s.dialect.readMax(rec[9])
		st.parts = append(st.parts, part{doc: docRef{rec[0], rec[1]}, table: rec[2], flow: rec[3], column: rec[4],
			kind: dataset.RowKind(rec[5]), unit: dataset.Unit(rec[6]), count: n, sum: sum, max: max})
		return err
	})
	if err != nil {
		return factStats{}, err
	}
	err = s.query(ctx, "SELECT DISTINCT doc_id, source, sub_unit FROM facts WHERE sub_unit <> '' ORDER BY 1, 2, 3", 3, func(rec []string) error {
		ref := docRef{rec[0], rec[1]}
		st.subUnits[ref] = append(st.subUnits[ref], rec[2])
		return nil
	})
	return st, err
}

func (s *sqlStore) countSum(count, sum string) (int, decimal.Decimal, error) {
	n, err := strconv.Atoi(count)
	if err != nil {
		return 0, decimal.Zero, fmt.Errorf("count %q: %w", count, err)
	}
	d, err := s.dialect.readSum(sum)
	return n, d, err
}

// query runs q and hands each row, as text, to fn.
func (s *sqlStore) query(ctx context.Context, q string, n int, fn func([]string) error) error {
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		vals := make([]sql.NullString, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		rec := make([]string, n)
		for i, v := range vals {
			rec[i] = v.String
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return rows.Err()
}
