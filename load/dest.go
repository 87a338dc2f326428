package load

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DestKind is the kind of a destination.
type DestKind string

// The destination kinds.
const (
	DestCSV      DestKind = "csv"      // a directory of facts.csv, documents.csv, checks.csv
	DestXLSX     DestKind = "xlsx"     // one workbook
	DestSQLite   DestKind = "sqlite"   // one SQLite database file
	DestPostgres DestKind = "postgres" // a PostgreSQL database, by URL
)

// Dest is a parsed destination: csv:DIR, xlsx:FILE, sqlite:FILE or a
// postgres:// (postgresql://) URL.
type Dest struct {
	Kind   DestKind
	Target string // the directory, the file or the whole URL
}

// String writes the destination back the way ParseDest reads it; a
// PostgreSQL URL is printed without its password.
func (d Dest) String() string {
	if d.Kind == DestPostgres {
		return redactURL(d.Target)
	}
	return string(d.Kind) + ":" + d.Target
}

// ErrDest is the cause of every error ParseDest returns.
var ErrDest = errors.New("want csv:DIR, xlsx:FILE, sqlite:FILE or postgres://USER@HOST/DB")

// ParseDest reads a --to value.
func ParseDest(s string) (Dest, error) {
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		return Dest{Kind: DestPostgres, Target: s}, nil
	}
	kind, target, ok := strings.Cut(s, ":")
	if !ok || target == "" {
		return Dest{}, fmt.Errorf("destination %q: %w", s, ErrDest)
	}
	switch k := DestKind(kind); k {
	case DestCSV, DestXLSX, DestSQLite:
		return Dest{Kind: k, Target: target}, nil
	}
	return Dest{}, fmt.Errorf("destination %q: %w", s, ErrDest)
}

// Options are the choices of the sinks Open makes.
type Options struct {
	CSV     CSVOptions
	Inputs  []string  // what the run reads, for the workbook's 说明 sheet
	Started time.Time // when the run started, for the 说明 sheet
}

// Open opens the sink of a destination. A directory, file or database
// that cannot be written fails here, before any document is read.
func Open(ctx context.Context, d Dest, opts Options) (Sink, error) {
	var (
		s   Sink
		err error
	)
	switch d.Kind {
	case DestCSV:
		s, err = NewCSV(d.Target, opts.CSV)
	case DestXLSX:
		s, err = NewXLSX(d.Target, XLSXOptions{Inputs: opts.Inputs, Started: opts.Started})
	case DestSQLite:
		s, err = OpenSQLite(ctx, d.Target)
	case DestPostgres:
		s, err = OpenPostgres(ctx, d.Target)
	default:
		err = ErrDest
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d, err)
	}
	return s, nil
}

// redactURL hides the password of a database URL.
func redactURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	auth, host, ok := strings.Cut(rest, "@")
	if !ok {
		return u
	}
	if user, _, hasPass := strings.Cut(auth, ":"); hasPass {
		return scheme + "://" + user + ":xxxxx@" + host
	}
	return u
}
