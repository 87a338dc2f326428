package load

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

func TestParseDest(t *testing.T) {
	tests := []struct {
		in   string
		want Dest
		err  bool
	}{
		{"csv:out", Dest{DestCSV, "out"}, false},
		{"xlsx:a/b.xlsx", Dest{DestXLSX, "a/b.xlsx"}, false},
		{"sqlite:run.db", Dest{DestSQLite, "run.db"}, false},
		{"sqlite:C:/x.db", Dest{DestSQLite, "C:/x.db"}, false},
		{"postgres://etl@localhost/budget", Dest{DestPostgres, "postgres://etl@localhost/budget"}, false},
		{"postgresql://etl:pw@db/b?sslmode=disable", Dest{DestPostgres, "postgresql://etl:pw@db/b?sslmode=disable"}, false},
		{"out", Dest{}, true}, {"csv:", Dest{}, true}, {"excel:a.xlsx", Dest{}, true}, {"", Dest{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDest(tt.in)
		if got != tt.want || (err != nil) != tt.err || (err != nil && !errors.Is(err, ErrDest)) {
			t.Errorf("ParseDest(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	if got := (Dest{DestPostgres, "postgres://etl:secret@db/b"}).String(); got != "postgres://etl:xxxxx@db/b" {
		t.Errorf("String() = %q, want the password hidden", got)
	}
}

func FuzzParseDest(f *testing.F) {
	for _, s := range []string{"csv:out", "postgres://a@b/c", "sqlite:", ":", "xlsx:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDest(s)
		if err != nil {
			return
		}
		if d.Target == "" {
			t.Errorf("ParseDest(%q) = %+v: no target", s, d)
		}
		if d.Kind != DestPostgres {
			if back, err := ParseDest(d.String()); err != nil || back != d {
				t.Errorf("ParseDest(%q).String() = %q reads back as %+v, %v", s, d.String(), back, err)
			}
		}
	})
}

func TestParseKeys(t *testing.T) {
	got, err := ParseKeys("province, func3,province,table")
	if want := []Key{KeyProvince, KeyFunc3, KeyTable}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseKeys = %v, %v; want %v", got, err, want)
	}
	if _, err := ParseKeys("city,colour"); !errors.Is(err, ErrKey) {
		t.Errorf("ParseKeys(colour) error %v, want ErrKey", err)
	}
}

// TestOpenUnwritable fails before any document for each kind of file
// destination under a regular file.
func TestOpenUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []Dest{{DestCSV, filepath.Join(file, "out")}, {DestXLSX, filepath.Join(file, "a.xlsx")},
		{DestSQLite, filepath.Join(file, "a.db")}} {
		if s, err := Open(context.Background(), d, Options{}); err == nil {
			s.Abort()
			t.Errorf("Open(%s) under a regular file: no error", d)
		}
	}
}

// FuzzReadDir reads damaged output directories: an error, never a panic.
func FuzzReadDir(f *testing.F) {
	dir := writeRun(f, runBatches())
	seed := func(name string) []byte { b, _ := os.ReadFile(filepath.Join(dir, name)); return b }
	f.Add(seed(DocumentsFile), seed(FactsFile), seed(ChecksFile))
	f.Add([]byte("doc_id\n"), []byte(""), []byte("\"unclosed"))
	f.Fuzz(func(t *testing.T, docs, facts, checks []byte) {
		d := t.TempDir()
		for name, b := range map[string][]byte{DocumentsFile: docs, FactsFile: facts, ChecksFile: checks} {
			if err := os.WriteFile(filepath.Join(d, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ReadDir(d, func(dataset.Batch) error { return nil })
	})
}
