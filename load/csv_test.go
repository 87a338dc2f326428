package load

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// testBatch holds the kinds of values the three files hold: a 万元 amount
// made exact, quotes, commas and line breaks in text, a negative amount,
// a check without amounts.
var testBatch = dataset.Batch{
	Document: dataset.Document{DocID: "d1", Source: "a/b.xlsx", Format: "xlsx", Pages: 2, Year: "2026",
		DocKind: dataset.DocBudget, UnitPublished: dataset.WanYuan, TablesFound: []dataset.TableID{dataset.Summary, dataset.Expense},
		Facts: 2, ChecksPassed: 1, Status: dataset.StatusOK},
	Facts: []dataset.Fact{
		{DocID: "d1", Table: dataset.Summary, Item: "一般公共预算", Column: dataset.Total,
			AmountYuan: decimal.RequireFromString("701.48").Mul(decimal.NewFromInt(10000)), Page: "表一", Row: 1},
		{DocID: "d1", Table: dataset.Expense, Item: "项目\"甲\", 乙\n丙", Column: dataset.Basic,
			AmountYuan: decimal.RequireFromString("-0.10"), Page: "表三", Row: 4},
	},
	Checks: []dataset.Check{{DocID: "d1", Check: dataset.CheckUnknownHeader, Status: dataset.Warn,
		Position: dataset.Position{Page: "表三", Table: dataset.Expense, Column: "raw:其他"}, Detail: "header"}},
}

var wantFiles = map[string]string{
	FactsFile: strings.Join(dataset.FactColumns, ",") + "\n" +
		"d1,,,,,,,summary,,,,,,,一般公共预算,total,7014800,,,表一,1,\n" +
		"d1,,,,,,,expense,,,,,,,\"项目\"\"甲\"\", 乙\n丙\",basic,-0.1,,,表三,4,\n",
	DocumentsFile: strings.Join(dataset.DocumentColumns, ",") + "\n" +
		"d1,a/b.xlsx,xlsx,2,,,,,2026,budget,万元,summary|expense,,2,1,0,ok,,,,\n",
	ChecksFile: strings.Join(dataset.CheckColumns, ",") + "\n" +
		"d1,unknown_header,expense,,,,,,warn,header,表三,,raw:其他\n",
}

func writeBatches(t *testing.T, dir string, enc Encoding, batches ...dataset.Batch) {
	t.Helper()
	s, err := NewCSV(dir, CSVOptions{Encoding: enc})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if err := s.Write(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCSVSink checks the bytes of the three files and that no temporary
// file is left beside them.
func TestCSVSink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	writeBatches(t, dir, UTF8, testBatch)
	for name, want := range wantFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%s =\n%q\nwant\n%q", name, b, want)
		}
	}
	checkLayout(t, dir)
}

// checkLayout checks that dir holds the four files as links through the
// committed generation, and nothing else is left: no temporary file, one
// generation.
func checkLayout(t *testing.T, dir string) {
	t.Helper()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{MetaDir, ChecksFile, DocumentsFile, FactsFile, SchemaFile}; !reflect.DeepEqual(names, want) {
		t.Errorf("%s holds %q, want %q", dir, names, want)
	}
	for _, name := range setFiles {
		if target, err := os.Readlink(filepath.Join(dir, name)); err != nil || target != linkTarget(name) {
			t.Errorf("%s: link to %q (%v), want %q", name, target, err, linkTarget(name))
		}
	}
	names = nil
	entries, _ = os.ReadDir(filepath.Join(dir, MetaDir))
	gens := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "gen-") {
			gens++
			continue
		}
		names = append(names, e.Name())
	}
	if want := []string{currentLink, "lock"}; gens != 1 || !reflect.DeepEqual(names, want) {
		t.Errorf("%s holds %d generations and %q, want 1 and %q", MetaDir, gens, names, want)
	}
}

// TestCSVSinkAdoptsPlainFiles commits a run into a directory of plain
// files written before generations: they become links, showing the new set.
func TestCSVSinkAdoptsPlainFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range setFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeBatches(t, dir, UTF8, testBatch)
	for name, want := range wantFiles {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != want {
			t.Errorf("%s = %q, want the new run's", name, b)
		}
	}
	checkLayout(t, dir)
}

// TestCSVSinkWithoutLinks commits where no symbolic link can be made
// (Windows without developer mode, FAT, some network shares): the files are
// plain, renamed into place, and a second run replaces them.
func TestCSVSinkWithoutLinks(t *testing.T) {
	saved := symlink
	symlink = func(string, string) error { return os.ErrPermission }
	defer func() { symlink = saved }()
	dir := filepath.Join(t.TempDir(), "out")
	other := testBatch
	other.Facts = testBatch.Facts[:1]
	writeBatches(t, dir, UTF8, other)
	writeBatches(t, dir, UTF8, testBatch)
	for name, want := range wantFiles {
		p := filepath.Join(dir, name)
		if info, err := os.Lstat(p); err != nil || !info.Mode().IsRegular() {
			t.Fatalf("%s: want a plain file (%v)", name, err)
		}
		if b, _ := os.ReadFile(p); string(b) != want {
			t.Errorf("%s = %q, want the second run's", name, b)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, MetaDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "gen-") || strings.HasPrefix(e.Name(), "link-probe") {
			t.Errorf("%s left in %s", e.Name(), MetaDir)
		}
	}
	if got := resolveGeneration(dir); got != dir {
		t.Errorf("readers look in %s, want the plain files of %s", got, dir)
	}
}

// TestCSVSinkEncodings checks that the Excel encodings decode back to the
// same records as plain UTF-8.
func TestCSVSinkEncodings(t *testing.T) {
	tests := []struct {
		enc    Encoding
		decode func([]byte) []byte
	}{
		{UTF8BOM, func(b []byte) []byte {
			if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
				t.Errorf("utf-8-bom: output starts %q, want the BOM", b[:min(3, len(b))])
			}
			return bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
		}},
		{GBK, func(b []byte) []byte {
			out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
			if err != nil {
				t.Fatalf("gbk: %v", err)
			}
			return out
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.enc), func(t *testing.T) {
			dir := t.TempDir()
			writeBatches(t, dir, tt.enc, testBatch)
			b, err := os.ReadFile(filepath.Join(dir, FactsFile))
			if err != nil {
				t.Fatal(err)
			}
			if tt.enc == GBK && bytes.Equal(b, []byte(wantFiles[FactsFile])) {
				t.Fatal("gbk output is the UTF-8 bytes")
			}
			if got, want := parseCSV(t, tt.decode(b)), parseCSV(t, []byte(wantFiles[FactsFile])); !reflect.DeepEqual(got, want) {
				t.Errorf("%s decodes to %q, want %q", tt.enc, got, want)
			}
		})
	}
}

// TestCSVSinkAbort keeps the files of an earlier run and leaves no
// temporary file.
func TestCSVSinkAbort(t *testing.T) {
	dir := t.TempDir()
	writeBatches(t, dir, UTF8, testBatch)
	s, err := NewCSV(dir, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(context.Background(), dataset.Batch{Document: dataset.Document{DocID: "other"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, DocumentsFile))
	if string(b) != wantFiles[DocumentsFile] {
		t.Errorf("after Abort documents.csv = %q, want the earlier run's", b)
	}
	checkLayout(t, dir)
}

// TestCSVSinkEmpty writes the header rows alone for a run of no documents.
func TestCSVSinkEmpty(t *testing.T) {
	dir := t.TempDir()
	writeBatches(t, dir, UTF8)
	b, _ := os.ReadFile(filepath.Join(dir, DocumentsFile))
	if want := strings.Join(dataset.DocumentColumns, ",") + "\n"; string(b) != want {
		t.Errorf("documents.csv = %q, want %q", b, want)
	}
}

// TestNewCSVUnwritable fails before any document when the directory cannot
// be made.
func TestNewCSVUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewCSV(filepath.Join(file, "out"), CSVOptions{}); err == nil {
		t.Error("NewCSV under a regular file: no error")
	}
}

func TestParseEncoding(t *testing.T) {
	tests := []struct {
		in   string
		want Encoding
		err  bool
	}{
		{"utf-8", UTF8, false}, {"", UTF8, false}, {"utf8", UTF8, false},
		{"utf-8-bom", UTF8BOM, false}, {"gbk", GBK, false}, {"latin1", "", true},
	}
	for _, tt := range tests {
		got, err := ParseEncoding(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseEncoding(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func parseCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("reading back %q: %v", b, err)
	}
	return recs
}
