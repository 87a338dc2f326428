package load

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// openStore opens what aggregate reads: an output directory (DIR or
// csv:DIR), sqlite:FILE or a postgres:// URL. Nothing is created: a
// SQLite file must exist.
func openStore(ctx context.Context, from string) (store, error) {
	if strings.HasPrefix(from, "postgres://") || strings.HasPrefix(from, "postgresql://") {
		cfg, err := pgx.ParseConfig(from)
		if err != nil {
			return nil, err
		}
		db := stdlib.OpenDB(*cfg)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", redactURL(from), err)
		}
		return &sqlStore{db: db, dialect: postgresDialect}, nil
	}
	if path, ok := strings.CutPrefix(from, "sqlite:"); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, err
		}
		db, err := openSQLiteDB(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", from, err)
		}
		return &sqlStore{db: db, dialect: sqliteDialect}, nil
	}
	dir := strings.TrimPrefix(from, "csv:")
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return &csvStore{dir: resolveGeneration(dir)}, nil // one generation, even while a run commits
}

// csvStore reads an output directory; facts.csv is read in one pass.
type csvStore struct{ dir string }

func (s *csvStore) documents(context.Context) ([]dataset.Document, error) {
	schema, err := readSchema(s.dir)
	if err != nil {
		return nil, err
	}
	return readDocuments(s.dir, schema)
}

func (s *csvStore) facts(ctx context.Context, keys []Key) (factStats, error) {
	schema, err := readSchema(s.dir)
	if err != nil {
		return factStats{}, err
	}
	r, err := openCSV(s.dir, FactsFile, dataset.FactColumns, schema)
	if err != nil {
		return factStats{}, err
	}
	defer r.file.Close()
	acc := newFactAccumulator(keys)
	for {
		rec, err := r.next()
		if err == io.EOF {
			return acc.stats(), nil
		}
		if err != nil {
			return factStats{}, err
		}
		f, err := dataset.ParseFact(rec)
		if err != nil {
			return factStats{}, r.errorf("%v", err)
		}
		acc.add(f)
	}
}

func (s *csvStore) Close() error { return nil }

// factAccumulator builds factStats from facts one at a time, the plain
// computation the database stores do in SQL.
type factAccumulator struct {
	keys     []Key
	sums     map[string]*docSum
	parts    map[partKey]*part
	subUnits map[docRef][]string
}

type partKey struct {
	tableKey
	kind dataset.RowKind
	unit dataset.Unit
}

func newFactAccumulator(keys []Key) *factAccumulator {
	return &factAccumulator{keys: keys, sums: map[string]*docSum{}, parts: map[partKey]*part{},
		subUnits: map[docRef][]string{}}
}

func (a *factAccumulator) add(f dataset.Fact) {
	ref := docRef{f.DocID, f.Source}
	if f.SubUnit != "" && !slices.Contains(a.subUnits[ref], f.SubUnit) {
		a.subUnits[ref] = append(a.subUnits[ref], f.SubUnit)
	}
	if f.RowKind != dataset.KindDetail && f.RowKind != dataset.KindTotal {
		return
	}
	pk := partKey{tableKey{ref, string(f.Table), string(f.Flow), string(f.Column)}, f.RowKind, f.UnitPublished}
	p := a.parts[pk]
	if p == nil {
		p = &part{doc: ref, table: pk.table, flow: pk.flow, column: pk.column, kind: f.RowKind, unit: f.UnitPublished, max: f.AmountYuan}
		a.parts[pk] = p
	}
	p.count++
	p.sum = p.sum.Add(f.AmountYuan)
	if f.AmountYuan.GreaterThan(p.max) {
		p.max = f.AmountYuan
	}
	if f.RowKind != dataset.KindDetail {
		return
	}
	values := make([]string, len(a.keys))
	for i, k := range a.keys {
		values[i] = keyValue(f, k)
	}
	sk := f.DocID + "\x00" + f.Source + "\x00" + strings.Join(values, "\x00")
	s := a.sums[sk]
	if s == nil {
		s = &docSum{doc: ref, values: values}
		a.sums[sk] = s
	}
	s.facts++
	s.amount = s.amount.Add(f.AmountYuan)
}

func (a *factAccumulator) stats() factStats {
	st := factStats{subUnits: a.subUnits}
	for _, s := range a.sums {
		st.sums = append(st.sums, *s)
	}
	for _, p := range a.parts {
		st.parts = append(st.parts, *p)
	}
	return st
}
