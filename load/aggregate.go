package load

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// Key is a column aggregate groups by: a column of facts.csv, a function
// code cut to its 类 (func3), 款 (func5) or 项 (func7), or an economic
// code cut to its 类 (econ3) or 款 (econ5).
type Key string

// The keys aggregate knows.
const (
	KeyProvince Key = "province"
	KeyCity     Key = "city"
	KeyCounty   Key = "county"
	KeyUnit     Key = "unit_name"
	KeyYear     Key = "year"
	KeyDocKind  Key = "doc_kind"
	KeyTable    Key = "table"
	KeyFlow     Key = "flow"
	KeyColumn   Key = "column"
	KeyFunc3    Key = "func3"
	KeyFunc5    Key = "func5"
	KeyFunc7    Key = "func7"
	KeyEcon3    Key = "econ3"
	KeyEcon5    Key = "econ5"
)

// Keys lists every key in the order --help shows them.
var Keys = []Key{KeyProvince, KeyCity, KeyCounty, KeyUnit, KeyYear, KeyDocKind, KeyTable, KeyFlow, KeyColumn,
	KeyFunc3, KeyFunc5, KeyFunc7, KeyEcon3, KeyEcon5}

// ErrKey is the cause of the error for a --by value that names no key.
var ErrKey = errors.New("unknown key")

// ParseKeys reads a --by value: keys joined by commas.
func ParseKeys(s string) ([]Key, error) {
	var keys []Key
	for _, part := range strings.Split(s, ",") {
		k := Key(strings.TrimSpace(part))
		if !slices.Contains(Keys, k) {
			return nil, fmt.Errorf("--by %q: %w %q (want some of %s)", s, ErrKey, k, joinKeys(Keys))
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

func joinKeys(keys []Key) string {
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

// keyValue is a fact's value of key k.
func keyValue(f dataset.Fact, k Key) string {
	switch k {
	case KeyProvince:
		return f.Province
	case KeyCity:
		return f.City
	case KeyCounty:
		return f.County
	case KeyUnit:
		return f.UnitName
	case KeyYear:
		return f.Year
	case KeyDocKind:
		return string(f.DocKind)
	case KeyTable:
		return string(f.Table)
	case KeyFlow:
		return string(f.Flow)
	case KeyColumn:
		return string(f.Column)
	case KeyFunc3, KeyFunc5, KeyFunc7:
		return codePrefix(f.FuncCode, k)
	case KeyEcon3, KeyEcon5:
		return codePrefix(f.EconCode, k)
	}
	return ""
}

// codeLevel is the number of digits a code key keeps.
func codeLevel(k Key) int {
	switch k {
	case KeyFunc3, KeyEcon3:
		return 3
	case KeyFunc5, KeyEcon5:
		return 5
	case KeyFunc7:
		return 7
	}
	return 0
}

// codePrefix cuts a code to the key's level; a code shorter than that (a
// 款 row with no 项 under it, for func7) has no value at that level.
func codePrefix(code string, k Key) string {
	n := codeLevel(k)
	if len(code) < n {
		return ""
	}
	return code[:n]
}

// docRef names one document of a run: the same file read twice has one
// doc_id and two sources.
type docRef struct{ docID, source string }

// docSum is the detail rows of one document with one value of the keys.
type docSum struct {
	doc    docRef
	values []string
	facts  int
	amount decimal.Decimal
}

// part is the rows of one document, table, flow, column, row kind and
// published unit: their sum, count and largest amount.
type part struct {
	doc                 docRef
	table, flow, column string
	kind                dataset.RowKind
	unit                dataset.Unit
	count               int
	sum, max            decimal.Decimal
}

// factStats is what aggregate needs of the facts of a store.
type factStats struct {
	sums     []docSum
	parts    []part
	subUnits map[docRef][]string // the sub_unit names a document lists
}

// store is where aggregate reads a run from: an output directory, a
// SQLite file or a PostgreSQL database. Both methods see every document
// and every detail and total row; aggregate picks what to count.
type store interface {
	documents(ctx context.Context) ([]dataset.Document, error)
	facts(ctx context.Context, keys []Key) (factStats, error)
	Close() error
}

// Group is one line of an aggregation: the keys' values, how many
// documents and detail facts it adds up, and their sum in 元, exact.
type Group struct {
	Values    []string
	Documents int
	Facts     int
	Amount    decimal.Decimal
}

// LeftOut is a document aggregate did not count, and why.
type LeftOut struct {
	DocID, Source, UnitName string
	Reason                  string
}

// TableCheck says whether one document's detail rows of one table, flow
// and column add up to the table's printed total, within the 尾差
// tolerance (half a unit of the last printed digit per addend).
type TableCheck struct {
	DocID, Source, Table, Flow, Column string
	Expected, Actual, Diff, Tolerance  decimal.Decimal
	Status                             dataset.CheckStatus
}

// Aggregation is the result of Aggregate.
type Aggregation struct {
	Keys    []Key
	Groups  []Group // sorted by their values
	LeftOut []LeftOut
	Checks  []TableCheck // failing first, then by document and table
}

// Aggregate sums the detail rows of the run stored at from (an output
// DIR, sqlite:FILE or a postgres:// URL) by keys. It counts each unit once:
// a document that repeats another (duplicate_of), a failed one, and a
// unit's 单位预算 whose department's 部门预算 is also there are left out and
// listed. Every source gives the same result for the same facts: the sums
// are exact decimals whatever the store.
func Aggregate(ctx context.Context, from string, keys []Key) (*Aggregation, error) {
	st, err := openStore(ctx, from)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return aggregate(ctx, st, keys)
}

func aggregate(ctx context.Context, st store, keys []Key) (*Aggregation, error) {
	docs, err := st.documents(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(docs, func(a, b dataset.Document) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.DocID, b.DocID))
	})
	stats, err := st.facts(ctx, keys)
	if err != nil {
		return nil, err
	}
	counted, left := selectDocuments(docs, stats.subUnits)
	return &Aggregation{Keys: keys, Groups: groups(stats.sums, counted), LeftOut: left,
		Checks: tableChecks(stats.parts, counted)}, nil
}

// groups adds up the sums of the counted documents by their values.
func groups(sums []docSum, counted map[docRef]bool) []Group {
	byValues := map[string]*Group{}
	for _, s := range sums {
		if !counted[s.doc] {
			continue
		}
		k := strings.Join(s.values, "\x00")
		g := byValues[k]
		if g == nil {
			g = &Group{Values: s.values}
			byValues[k] = g
		}
		g.Documents++
		g.Facts += s.facts
		g.Amount = g.Amount.Add(s.amount)
	}
	out := make([]Group, 0, len(byValues))
	for _, g := range byValues {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Group) int { return slices.Compare(a.Values, b.Values) })
	return out
}
