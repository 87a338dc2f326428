package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// sharedCorpus is the team's shared corpus, outside the repository; tests
// that need it skip when it is absent.
const sharedCorpus = "../../shared/corpus"

func needShared(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(sharedCorpus, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared corpus not available (%s): %v", p, err)
	}
	return p
}

func readFixtureXLS(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/xls/fixture.xls")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadXLSFixture checks every kind of cell of testdata/xls/fixture.xls
// (see testdata/xls/README.md).
func TestReadXLSFixture(t *testing.T) {
	doc, err := readXLS("fixture.xls", readFixtureXLS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 2 || doc.Pages[0].Name != "表一" || doc.Pages[1].Name != "表二" || doc.Pages[1].Number != 2 {
		t.Fatalf("pages: got %+v", doc.Pages)
	}
	if len(doc.Notes) != 0 {
		t.Errorf("notes: got %+v, want none", doc.Notes)
	}
	tests := []struct {
		name      string
		page, row int // page index, 1-based row
		col, span int
		want      string
	}{
		{"merged title", 0, 1, 0, 4, "2026年预算收支总表"},
		{"0.00", 0, 3, 1, 1, "701.48"},
		{"0.00 pads", 0, 4, 1, 1, "0.30"},
		{"formula sum", 0, 5, 1, 1, "701.78"},
		{"negative RK integer", 0, 6, 1, 1, "-5"},
		{"negative RK hundredths", 0, 6, 2, 1, "-1.23"},
		{"negative #,##0.00", 0, 6, 3, 1, "-123,456.00"},
		{"General integer", 0, 7, 0, 1, "1"},
		{"#,##0.00", 0, 8, 1, 1, "1,234,567.89"},
		{"0.0%", 0, 8, 2, 1, "12.5%"},
		{"date", 0, 8, 3, 1, "2026年1月1日"},
		{"text code", 0, 9, 0, 1, "2059999"},
		{"string formula", 0, 9, 1, 1, "项目合计"},
		{"General float noise", 0, 9, 2, 1, "0.3"},
		{"merged note", 0, 11, 0, 3, "注：本表无数据"},
		{"second sheet", 1, 2, 1, 1, "98.95"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := findRow(&doc.Pages[tt.page], tt.row)
			if r == nil {
				t.Fatalf("no row %d", tt.row)
			}
			row := *r
			if row.Grid != 1 {
				t.Errorf("row %d: got Grid %d", tt.row, row.Grid)
			}
			for _, c := range row.Cells {
				if c.Col == tt.col {
					if c.Text != tt.want || c.Span != tt.span || c.Problem != "" {
						t.Errorf("got %q span %d problem %q, want %q span %d", c.Text, c.Span, c.Problem, tt.want, tt.span)
					}
					return
				}
			}
			t.Errorf("no cell at col %d, want %q", tt.col, tt.want)
		})
	}
	if rows := doc.Pages[0].Rows; len(rows) != 10 || rows[9].Index != 11 || findRow(&doc.Pages[0], 10) != nil {
		t.Errorf("empty row 10 must be left out and the sheet must end at row 11, got %d rows", len(rows))
	}
}

// TestReadXLSMatchesXLSX compares every synthetic .xls with its .xlsx twin
// read by excelize: same sheets, and the same non-blank cells (row, column,
// text as displayed).
func TestReadXLSMatchesXLSX(t *testing.T) {
	dir := needShared(t, "synthetic/files")
	files, _ := filepath.Glob(filepath.Join(dir, "*.xls"))
	if len(files) == 0 {
		t.Skipf("no .xls files in %s", dir)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := readXLS(path, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range doc.Notes {
				t.Errorf("note: %+v", n)
			}
			want := excelizeCells(t, strings.TrimSuffix(path, ".xls")+".xlsx")
			if len(doc.Pages) != len(want) {
				t.Fatalf("got %d sheets, want %d", len(doc.Pages), len(want))
			}
			for i, page := range doc.Pages {
				compareSheet(t, page, want[i])
			}
		})
	}
}

// sheetCells is one sheet as name and "row:col" → text of non-blank cells.
type sheetCells struct {
	name  string
	cells map[[2]int]string
}

func excelizeCells(t *testing.T, path string) []sheetCells {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sheetCells
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		s := sheetCells{name: name, cells: map[[2]int]string{}}
		for r, row := range rows {
			for c, v := range row {
				if strings.TrimSpace(v) != "" {
					s.cells[[2]int{r + 1, c}] = v
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func compareSheet(t *testing.T, page Page, want sheetCells) {
	t.Helper()
	if page.Name != want.name {
		t.Errorf("sheet %d: got name %q, want %q", page.Number, page.Name, want.name)
	}
	got := map[[2]int]string{}
	for i, row := range page.Rows {
		if i > 0 && row.Index <= page.Rows[i-1].Index || len(row.Cells) == 0 {
			t.Fatalf("%s: row %d (Index %d) out of order or empty", page.Name, i+1, row.Index)
		}
		for _, c := range row.Cells {
			if c.Problem != "" {
				t.Errorf("%s row %d col %d: problem %q", page.Name, row.Index, c.Col, c.Problem)
			}
			got[[2]int{row.Index, c.Col}] = c.Text
		}
	}
	for k, w := range want.cells {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s row %d col %d: got %q, want %q", page.Name, k[0], k[1], g, w)
		}
	}
	for k, g := range got {
		if _, ok := want.cells[k]; !ok {
			t.Errorf("%s row %d col %d: got %q, want no cell", page.Name, k[0], k[1], g)
		}
	}
}

// TestReadXLSFormulaValues checks the 合计 formulas of 表十 in u00 and u03.
func TestReadXLSFormulaValues(t *testing.T) {
	dir := needShared(t, "synthetic/files")
	for _, name := range []string{"u00_jincheng_xczx.xls", "u03_yangcheng_rdb.xls"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := readXLS(name, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			page := doc.Pages[9]
			last := page.Rows[len(page.Rows)-1]
			if page.Name != "表十" || last.Text(0) != "合计" || last.Text(1) == "" {
				t.Errorf("%s last row: got %+v, want 合计 with its value", page.Name, last.Cells)
			}
		})
	}
}

func TestReadXLSBlankTemplate(t *testing.T) {
	path := needShared(t, "real/templates-excel/budget_template.xls")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := readXLS(path, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) == 0 {
		t.Error("got no sheets")
	}
}

func TestReadXLSDamaged(t *testing.T) {
	good := readFixtureXLS(t)
	corrupt := bytes.Clone(good)
	copy(corrupt[len(corrupt)/2:], bytes.Repeat([]byte{0xFF}, 512))
	// Eight bytes a fuzzer changed, which send xlsReader round a sector
	// chain forever unless checkCFB stops it.
	looping := bytes.Clone(good)
	for off, b := range map[int]byte{611: 95, 725: 86, 850: 135, 1704: 22, 3920: 116, 5067: 226, 6603: 122, 7139: 4} {
		looping[off] = b
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"header only", good[:512]},
		{"looping sector chain", looping},
		{"truncated", good[:len(good)-1024]},
		{"overwritten sectors", corrupt},
		{"not a compound file", []byte("hello, world")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readXLS(tt.name, tt.data, Options{})
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("got %v, want ErrDamaged", err)
			}
		})
	}
}

// biffRec encodes one BIFF record.
func biffRec(op uint16, body ...byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, op)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(body)))
	return append(b, body...)
}

func TestScanGlobals(t *testing.T) {
	bof := biffRec(opBOF, 0x00, 0x06, 0x05, 0x00)
	eof := biffRec(opEOF)
	sheet := biffRec(opBoundSheet, 40, 0, 0, 0, 0, 0, 1, 0, 'A')
	tests := []struct {
		name   string
		stream []byte
		want   error
	}{
		{"encrypted", bytes.Join([][]byte{bof, biffRec(opFilePass, 1, 0), eof}, nil), ErrEncrypted},
		{"no EOF", bytes.Join([][]byte{bof, sheet}, nil), ErrDamaged},
		{"no BOF", bytes.Join([][]byte{sheet, eof}, nil), ErrDamaged},
		{"sheet past the end", bytes.Join([][]byte{bof, sheet, eof}, nil), ErrDamaged},
		{"record past the end", append(bof, 0x85, 0x00, 0xFF, 0x00), ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := scanGlobals(tt.stream); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	date := time.Date(2026, 3, 5, 14, 7, 9, 0, time.UTC)
	serial := date.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	tests := []struct {
		v    float64
		code string
		want string
	}{
		{0.3, "0.00", "0.30"},
		{0.1 + 0.2, "General", "0.3"},
		{0.1 + 0.2, "0.00", "0.30"},
		{701.48, "0.00", "701.48"},
		{1, "General", "1"},
		{1.005, "0.00", "1.01"},
		{0.125, "0.00", "0.13"},
		{-0.125, "0.00", "-0.13"},
		{-0.001, "0.00", "0.00"},
		{1234.5, "0", "1235"},
		{1234567.891, "#,##0", "1,234,568"},
		{1234567.891, "#,##0.00", "1,234,567.89"},
		{-1234.5, "#,##0.00_);(#,##0.00)", "(1,234.50)"},
		{1234.5, "#,##0.00_);(#,##0.00)", "1,234.50 "},
		{0.125, "0.0%", "12.5%"},
		{0.5, "0%", "50%"},
		{12345, "0.00E+00", "1.23E+04"},
		{3.5, `0.00"万元"`, "3.50万元"},
		{3.5, `[$¥-804]#,##0.00`, "¥3.50"},
		{3.5, "[Red]0.00", "3.50"},
		{0, `0.00;-0.00;"-"`, "-"},
		{3.5, "@", "3.5"},
		{0.5, "#.00", ".50"},
		{1.5, "0.0#", "1.5"},
		{1.555, "0.0#", "1.56"},
		{123456789012345, "General", "123456789012345"},
		{1e20, "General", "1E+20"},
		{serial, "yyyy-mm-dd", "2026-03-05"},
		{serial, `yyyy"年"m"月"d"日"`, "2026年3月5日"},
		{serial, "yyyy/m/d h:mm", "2026/3/5 14:07"},
		{serial, "hh:mm:ss", "14:07:09"},
		{serial, "h:mm AM/PM", "2:07 PM"},
		{serial, "d-mmm-yy", "5-Mar-26"},
	}
	for _, tt := range tests {
		t.Run(tt.code+"/"+tt.want, func(t *testing.T) {
			if got := formatNumber(tt.v, tt.code, false); got != tt.want {
				t.Errorf("formatNumber(%v, %q) = %q, want %q", tt.v, tt.code, got, tt.want)
			}
		})
	}
}

func TestRKValue(t *testing.T) {
	tests := []struct {
		rk   uint32
		want float64
	}{
		{5<<2 | 2, 5},
		{rkInt(-5<<2) | 2, -5},
		{rkInt(-123<<2) | 3, -1.23},
		{0x3FF00000, 1},       // the double 1.0
		{0x3FF00000 | 1, .01}, // 1.0 / 100
	}
	for _, tt := range tests {
		if got := rkValue(tt.rk); got != tt.want {
			t.Errorf("rkValue(%#x) = %v, want %v", tt.rk, got, tt.want)
		}
	}
}

// rkInt is the two's-complement bits of a negative RK integer.
func rkInt(v int32) uint32 { return uint32(v) }

func BenchmarkReadXLS(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(sharedCorpus, "synthetic/files/u04_jinzhong_xy.xls"))
	if err != nil {
		data = readFixtureXLS(b)
	}
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		doc, err := readXLS("bench.xls", data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages += len(doc.Pages)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// biffStream is a Workbook stream: globals with the given records, then one
// sheet with the given cell records, its BOF offset patched in.
func biffStream(globals, cells [][]byte) []byte {
	bof := biffRec(opBOF, 0x00, 0x06, 0x05, 0x00)
	eof := biffRec(opEOF)
	sheet := biffRec(opBoundSheet, 0, 0, 0, 0, 0, 0, 2, 0, 'S', '1')
	head := bytes.Join(append(append([][]byte{bof, sheet}, globals...), eof), nil)
	binary.LittleEndian.PutUint32(head[len(bof)+4:], uint32(len(head)))
	return append(head, bytes.Join(append(append([][]byte{bof}, cells...), eof), nil)...)
}

// cellRec is a cell record body start: row, column, cell format 0.
func cellRec(op uint16, row, col uint16, rest ...byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, row)
	b = binary.LittleEndian.AppendUint16(b, col)
	return biffRec(op, append(append(b, 0, 0), rest...)...)
}

// TestReadXLSRecords reads Workbook streams made record by record: strings
// stored each way (and split across CONTINUE records), and the damage that
// leaves Notes.
func TestReadXLSRecords(t *testing.T) {
	u16 := func(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
	u32 := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	// SST: "café" compressed, "收入" in UTF-16 split after its first
	// character into a CONTINUE that stores the rest compressed ("收x"),
	// and an unpaired surrogate.
	sst := biffRec(opSST, cat(u32(3), u32(3), u16(4), []byte{0}, []byte("caf\xe9"), u16(2), []byte{1}, u16(0x6536))...)
	cont := biffRec(opContinue, cat([]byte{0}, []byte("x"), u16(1), []byte{1}, u16(0xD800))...)
	label := func(row, col uint16, isst uint32) []byte { return cellRec(opLabelSST, row, col, u32(isst)...) }
	tests := []struct {
		name           string
		globals, cells [][]byte
		want           string
	}{
		{"shared strings", [][]byte{sst, cont}, [][]byte{label(0, 0, 0), label(0, 1, 1), label(1, 0, 2), label(1, 1, 9)},
			"S1: 1[0=café 1=收x] 2[0=\uFFFD]\nnote S1 2 0: " + badUTF16 + "\nnote S1 2 1: shared string 9 does not exist (the workbook has 3): cell left empty\n"},
		{"labels, numbers and values", nil, [][]byte{
			cellRec(opLabel, 0, 0, cat(u16(2), []byte{0}, []byte("\xb1\xd7"))...),
			cellRec(opNumber, 0, 1, binary.LittleEndian.AppendUint64(nil, math.Float64bits(1234.5))...),
			cellRec(opBoolErr, 0, 2, 1, 0), cellRec(opBoolErr, 0, 3, 0x07, 1),
			cellRec(opRK, 2, 0, u32(rkInt(-5<<2|2))...)},
			"S1: 1[0=±× 1=1234.5 2=TRUE 3=#DIV/0!] 3[0=-5]\n"},
		{"a cell right of column IV on every row", nil, func() [][]byte {
			var recs [][]byte
			for r := range uint16(3000) {
				recs = append(recs, cellRec(opRK, r, 0xFFFF, u32(1<<2|2)...))
			}
			return append(recs, cellRec(opRK, 0, 0, u32(7<<2|2)...))
		}(), "S1: 1[0=7]\n" + strings.Repeat("note S1 1 65535: a cell right of column IV, the last of an .xls sheet: left out\n", 1) +
			"notes\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readWorkbookStream("book.xls", biffStream(tt.globals, tt.cells))
			if err != nil {
				t.Fatal(err)
			}
			got := dumpDoc(doc)
			if want, ok := strings.CutSuffix(tt.want, "notes\n"); ok { // many notes: check the first and their count
				if !strings.HasPrefix(got, want) || len(doc.Notes) != maxNotesPerKind+1 || !strings.Contains(doc.Notes[maxNotesPerKind].Detail, "2980 more cells") {
					t.Errorf("got %d notes:\n%.600s\nwant them to start\n%s", len(doc.Notes), got, want)
				}
				return
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestReadDocNotWorkbook: a legacy Word document is a compound file as an
// .xls is; with a WordDocument stream and no Workbook stream it is a
// format budgetetl does not read, not a damaged workbook. The input is the
// fixture with its Workbook stream renamed WordDocument.
func TestReadDocNotWorkbook(t *testing.T) {
	data := bytes.Clone(readFixtureXLS(t))
	i := bytes.Index(data, utf16LE("Workbook\x00"))
	if i < 0 {
		t.Fatal("fixture: no Workbook directory entry")
	}
	name := utf16LE("WordDocument\x00")
	copy(data[i:i+64], make([]byte, 64))
	copy(data[i:], name)
	binary.LittleEndian.PutUint16(data[i+64:], uint16(len(name)))
	_, err := Read("预算.doc", data, Options{})
	if !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "a Word document") {
		t.Errorf("Read = %v, want ErrUnknown naming a Word document", err)
	}
}
