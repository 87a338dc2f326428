package load

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestGuardFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=SUM(A1:A9)", "'=SUM(A1:A9)"}, {"+86", "'+86"}, {"-一般行政管理事务", "'-一般行政管理事务"}, {"@cmd", "'@cmd"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"\nx", "'\nx"}, {"'quoted", "''quoted"},
		{"行政运行", "行政运行"}, {"", ""}, {"a=b", "a=b"}, {"2010101", "2010101"},
	}
	for _, tt := range tests {
		if got := guardFormula(tt.in); got != tt.want {
			t.Errorf("guardFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := unguardFormula(guardFormula(tt.in)); back != tt.in {
			t.Errorf("unguardFormula(guardFormula(%q)) = %q", tt.in, back)
		}
	}
}

func FuzzGuardFormula(f *testing.F) {
	for _, s := range []string{"=1+2", "'", "''=", "行政", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := guardFormula(s)
		if g != "" && formulaStart(g[0]) {
			t.Errorf("guardFormula(%q) = %q starts a formula", s, g)
		}
		if back := unguardFormula(g); back != s {
			t.Errorf("round trip of %q gives %q", s, back)
		}
	})
}

// injectionBatch has text a spreadsheet would run in every text column
// that can hold it, and a negative amount that must stay a number.
func injectionBatch() dataset.Batch {
	b := runBatches()[0]
	b.Document.UnitName = "=HYPERLINK(\"http://x\")"
	b.Facts = b.Facts[:2]
	b.Facts[0].Item, b.Facts[0].UnitName, b.Facts[0].Page = "+SUM(1)", "=单位", "@表一"
	b.Facts[1].AmountYuan = b.Facts[1].AmountYuan.Neg()
	b.Document.Facts = 2
	return b
}

// TestCSVFormulaGuard checks which cells get the guard: text, never
// amounts; and that --csv-raw-text writes them as published.
func TestCSVFormulaGuard(t *testing.T) {
	for _, raw := range []bool{false, true} {
		dir := t.TempDir()
		s, err := NewCSV(dir, CSVOptions{RawText: raw})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(context.Background(), injectionBatch()); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, FactsFile))
		facts := parseCSV(t, b)
		got := []string{facts[1][1], facts[1][14], facts[1][19], facts[2][16], facts[2][14]}
		want := []string{"'=单位", "'+SUM(1)", "'@表一", "-12345600.3", "一般公共服务支出"}
		if raw {
			want = []string{"=单位", "+SUM(1)", "@表一", "-12345600.3", "一般公共服务支出"}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("raw %v: unit_name, item, page, amount, item = %q, want %q", raw, got, want)
		}
		docs, _ := os.ReadFile(filepath.Join(dir, DocumentsFile))
		if unit := parseCSV(t, docs)[1][4]; (unit[0] == '\'') == raw {
			t.Errorf("raw %v: documents.csv unit_name %q", raw, unit)
		}
	}
}

// TestCSVGB18030 round-trips characters outside GBK (a CJK extension B
// character, an emoji) through gb18030, and through gbk warns once per
// field, naming file, line and column, and writes the rest.
func TestCSVGB18030(t *testing.T) {
	b := runBatches()[1]
	b.Facts[1].Item = "𠀾项目🙂"
	for _, enc := range []Encoding{GB18030, GBK} {
		t.Run(string(enc), func(t *testing.T) {
			dir := t.TempDir()
			var warnings []error
			s, err := NewCSV(dir, CSVOptions{Encoding: enc, Warn: func(err error) { warnings = append(warnings, err) }})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Write(context.Background(), b); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			raw, _ := os.ReadFile(filepath.Join(dir, FactsFile))
			text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
			if err != nil {
				t.Fatal(err)
			}
			item := parseCSV(t, text)[2][14]
			want, wantWarn := "𠀾项目🙂", 0
			if enc == GBK {
				want, wantWarn = "?项目?", 1
			}
			if item != want || len(warnings) != wantWarn {
				t.Fatalf("item %q with %d warnings %v, want %q with %d", item, len(warnings), warnings, want, wantWarn)
			}
			if enc == GBK {
				msg := warnings[0].Error()
				if !errors.Is(warnings[0], ErrNotGBK) || !strings.HasPrefix(msg, "facts.csv row 3 column item: ") || !strings.Contains(msg, "in/b.xlsx") {
					t.Errorf("warning %q: want facts.csv row 3 column item, the source and ErrNotGBK", msg)
				}
			}
		})
	}
}

// TestReadDirRoundTrip writes batches in every encoding and reads them
// back: the same batches, the file given twice included.
func TestReadDirRoundTrip(t *testing.T) {
	want := append(runBatches(), injectionBatch(), injectionBatch()) // the last two: one file twice in a row
	for _, enc := range []Encoding{UTF8, UTF8BOM, GB18030} {
		t.Run(string(enc), func(t *testing.T) {
			dir := t.TempDir()
			s, err := NewCSV(dir, CSVOptions{Encoding: enc})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range want {
				if err := s.Write(context.Background(), b); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			var got []dataset.Batch
			if err := ReadDir(dir, func(b dataset.Batch) error { got = append(got, b); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("read %d batches, want %d", len(got), len(want))
			}
			for i := range want {
				if g, w := batchRecords(got[i]), batchRecords(want[i]); !reflect.DeepEqual(g, w) {
					t.Errorf("batch %d = %q\nwant %q", i, g, w)
				}
			}
		})
	}
}

func batchRecords(b dataset.Batch) [][]string {
	out := [][]string{b.Document.Record()}
	for _, f := range b.Facts {
		out = append(out, f.Record())
	}
	for _, c := range b.Checks {
		out = append(out, c.Record())
	}
	return out
}

// TestReadDirMismatch fails, naming the file, on a facts.csv that does
// not belong to its documents.csv.
func TestReadDirMismatch(t *testing.T) {
	dir := writeRun(t, runBatches())
	other := writeRun(t, runBatches()[1:])
	facts, err := os.ReadFile(filepath.Join(other, FactsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(resolveGeneration(dir), FactsFile), facts, 0o644); err != nil {
		t.Fatal(err)
	}
	err = ReadDir(dir, func(dataset.Batch) error { return nil })
	if !errors.Is(err, ErrDirLayout) || !strings.Contains(err.Error(), "facts.csv line 2") {
		t.Errorf("ReadDir of mismatched files = %v, want ErrDirLayout at facts.csv line 2", err)
	}
}

func TestSchemaJSON(t *testing.T) {
	dir := writeRun(t, runBatches()[:1])
	s, err := readSchema(dir)
	if err != nil || !s.Guard || s.Dialect.Encoding != "utf-8" {
		t.Fatalf("schema.json = %+v, %v; want utf-8 with the guard", s, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, SchemaFile))
	for _, want := range []string{`"name": "func_code",` + "\n" + `            "datatype": "string"`,
		`"name": "amount_yuan",` + "\n" + `            "datatype": "decimal"`, `"url": "checks.csv"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("schema.json lacks %q:\n%s", want, b)
		}
	}
}
