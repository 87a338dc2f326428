package load

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// amountRow is a row with the kinds of values facts.csv holds.
type amountRow struct {
	Item   string          `csv:"item"`
	Amount decimal.Decimal `csv:"amount_yuan"`
	Page   string          `csv:"page"`
	Row    int             `csv:"row"`
}

var testRows = []amountRow{
	{"一般公共预算", decimal.RequireFromString("701.48").Mul(decimal.NewFromInt(10000)), "表一", 1},
	{"办公费", decimal.RequireFromString("123.45"), "表六", 15},
	{`项目"甲", 乙`, decimal.New(15, 7), "p\n2", 3}, // quote, comma, line break; 1.5e8
	{"负数", decimal.RequireFromString("-0.10"), "表三", 4},
}

const wantCSV = "item,amount_yuan,page,row\n" +
	"一般公共预算,7014800,表一,1\n" +
	"办公费,123.45,表六,15\n" +
	"\"项目\"\"甲\"\", 乙\",150000000,\"p\n2\",3\n" +
	"负数,-0.1,表三,4\n"

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, testRows, UTF8); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != wantCSV {
		t.Errorf("WriteCSV =\n%q\nwant\n%q", got, wantCSV)
	}
}

// TestWriteCSVEncodings checks that the Excel encodings decode back to the
// same records as plain UTF-8.
func TestWriteCSVEncodings(t *testing.T) {
	want := parseCSV(t, []byte(wantCSV))
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
			var b bytes.Buffer
			if err := WriteCSV(&b, testRows, tt.enc); err != nil {
				t.Fatal(err)
			}
			if tt.enc == GBK && bytes.Equal(b.Bytes(), []byte(wantCSV)) {
				t.Fatal("gbk output is the UTF-8 bytes")
			}
			if got := parseCSV(t, tt.decode(b.Bytes())); !reflect.DeepEqual(got, want) {
				t.Errorf("%s decodes to %q, want %q", tt.enc, got, want)
			}
		})
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

// TestWriteCSVFile checks the file written and that no temporary file is
// left beside it.
func TestWriteCSVFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteCSVFile(dir, "facts.csv", testRows, UTF8); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "facts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != wantCSV {
		t.Errorf("facts.csv =\n%q\nwant\n%q", b, wantCSV)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%s holds %d files, want only facts.csv", dir, len(entries))
	}
}

// TestWriteCSVEmpty writes the header row alone for no rows.
func TestWriteCSVEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, []Document{}, UTF8); err != nil {
		t.Fatal(err)
	}
	want := "doc_id,source,format,pages,unit_name,province,city,county,year,doc_kind,unit_published," +
		"tables_found,tables_empty,facts,checks_passed,checks_failed,status,error\n"
	if b.String() != want {
		t.Errorf("WriteCSV(no documents) = %q, want %q", b.String(), want)
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
