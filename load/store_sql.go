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
	sum, max string                                // SQL of the sum and largest amount of a group, as text
	amount   func(string) (decimal.Decimal, error) // reads the text back
}

var (
	sqliteDialect = sqlDialect{sum: "CAST(SUM(amount_fen) AS TEXT)", max: "CAST(MAX(amount_fen) AS TEXT)",
		amount: func(s string) (decimal.Decimal, error) {
			n, err := strconv.ParseInt(s, 10, 64)
			return fromFen(n), err
		}}
	postgresDialect = sqlDialect{sum: "SUM(amount_yuan)::text", max: "MAX(amount_yuan)::text",
		amount: decimal.NewFromString}
)

// sqlStore reads a database a SQLite or PostgreSQL sink wrote. The sums are
// done by the database (GROUP BY, exact: integer 分 or NUMERIC), per
// document, and combined in Go with the same code as the CSV store.
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
		max, err := s.dialect.amount(rec[9])
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
	d, err := s.dialect.amount(sum)
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
