package extract

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// formulaBook builds a workbook whose formulas are saved without results,
// as some generators write them.
func formulaBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	twoDecimals := "0.00"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &twoDecimals})
	if err != nil {
		t.Fatal(err)
	}
	for axis, v := range map[string]any{"A1": "合计", "B1": 1.5, "C1": 1.5} {
		if err := f.SetCellValue("Sheet1", axis, v); err != nil {
			t.Fatal(err)
		}
	}
	for axis, formula := range map[string]string{"D1": "=B1+C1", "E1": "=NOSUCHFUNCTION(B1)"} {
		if err := f.SetCellFormula("Sheet1", axis, formula); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle("Sheet1", "B1", "E1", style); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXFormulaWithoutResult(t *testing.T) {
	doc, err := Read("formulas.xlsx", formulaBook(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	row := doc.Pages[0].Rows[0]
	if got, want := row.Text(3), "3.00"; got != want {
		t.Errorf("computed formula: got %q, want %q (the cell's number format)", got, want)
	}
	cell, ok := row.Cell(4)
	if !ok || cell.Problem == "" || cell.Text != "" {
		t.Errorf("uncomputable formula: got %+v, want a blank cell with a Problem", cell)
	}
	if len(doc.Notes) != 1 || doc.Notes[0].Col != 4 || doc.Notes[0].Row != 1 {
		t.Errorf("notes: got %+v, want one note for row 1 column 4", doc.Notes)
	}
}

// TestReadXLSX reads small workbooks made part by part: what each cell
// reads as, and the Notes a damaged cell leaves.
func TestReadXLSX(t *testing.T) {
	const styles = `<numFmts count="1"><numFmt numFmtId="176" formatCode="#,##0.00"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="4"/></cellStyleXfs>` +
		`<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="10"/></cellXfs>`
	tests := []struct {
		name string
		book bookSpec
		want string
	}{
		{"values", bookSpec{
			sheets: []string{sheetData(
				`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c></row>`,
				`<row r="3"><c r="A3" s="1"><v>7014800</v></c><c r="B3" s="2"><v>0.125</v></c><c r="C3"><v>0.30000000000000004</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c></row>`,
				`<row r="4"><c r="A4" t="str"><f>A3&amp;""</f><v>公式文本</v></c><c r="B4" t="s"><v>2</v></c><c r="C4" t="s"/><c r="D4" s="1"/></row>`)},
			strings: []string{`<t>收入</t>`, `<r><t>合</t></r><r><t>计</t></r><rPh sb="0" eb="1"><t>ごう</t></rPh>`, `<t xml:space="preserve">  </t>`},
			styles:  styles,
		}, "Sheet1: 1[0=收入 1=合计 2=内联] 3[0=7,014,800.00 1=12.50% 2=0.3 3=TRUE 4=#N/A] 4[0=公式文本]\n"},
		{"cells without references", bookSpec{
			sheets: []string{sheetData(`<row><c t="inlineStr"><is><t>a</t></is></c><c/><c t="inlineStr"><is><t>c</t></is></c></row><row><c><v>2</v></c></row>`)},
		}, "Sheet1: 1[0=a 2=c] 2[0=2]\n"},
		{"rows and cells out of order", bookSpec{
			sheets: []string{sheetData(`<row r="5"><c r="C5"><v>3</v></c><c r="A5"><v>1</v></c><c r="C5"><v>9</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>`)},
		}, "Sheet1: 2[1=2] 5[0=1 2=9]\n"},
		{"one cell at column XFD on every row", bookSpec{
			sheets: []string{sheetData(`<row r="1"><c r="XFD1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="XFD2"><v>3</v></c></row>`)},
		}, "Sheet1: 1[16383=1] 2[0=2 16383=3]\n"},
		{"merged ranges", bookSpec{
			sheets: []string{sheetData(`<row r="1"><c r="A1"><v>1</v></c><c r="D1"><v>4</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`) +
				`<mergeCells><mergeCell ref="A1:C1"/><mergeCell ref="B1:B2"/><mergeCell ref="D1:E2"/><mergeCell ref="A2"/><mergeCell ref="nonsense"/></mergeCells>`},
		}, "Sheet1: 1[0=1+3 3=4+2] 2[0=2]\n" +
			`note Sheet1 1 0: merged range "nonsense" is not a range of cells: left out` + "\n" +
			"note Sheet1 1 1: merged range B1:B2 overlaps another merged range: left out\n"},
		{"shared string out of range", bookSpec{
			sheets:  []string{sheetData(`<row r="1"><c r="A1" t="s"><v>7</v></c><c r="B1" t="s"><v>0</v></c></row>`)},
			strings: []string{`<t>收入总表</t>`},
		}, "Sheet1: 1[1=收入总表]\n" + `note Sheet1 1 0: shared string "7" does not exist (the workbook has 1): cell left empty` + "\n"},
		{"text not valid UTF-8", bookSpec{
			sheets:  []string{sheetData(`<row r="2"><c r="C2" t="s"><v>0</v></c><c r="D2" t="inlineStr"><is><t>a` + "\x01" + `b</t></is></c></row>`)},
			strings: []string{"<t>收\xff入</t>"},
		}, "Sheet1: 2[2=收\uFFFD入 3=a\uFFFDb]\nnote Sheet1 2 2: " + badUTF8 + "\nnote Sheet1 2 3: " + badUTF8 + "\n"},
		{"escaped characters", bookSpec{
			sheets:  []string{sheetData(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)},
			strings: []string{`<t>a_x000D_b_x005F_x0041_</t>`},
		}, "Sheet1: 1[0=a\rb_x0041_]\n"},
		{"sheet without a part", bookSpec{
			sheets: []string{sheetData(`<row r="1"><c r="A1"><v>1</v></c></row>`), sheetData("")},
			edit:   func(p map[string]string) { delete(p, "xl/worksheets/sheet2.xml") },
		}, "Sheet1: 1[0=1]\nSheet2:\nnote Sheet2 1 0: the workbook lists this sheet but holds no part for it; read as empty\n"},
		{"number format longer than Excel allows", bookSpec{
			sheets: []string{sheetData(`<row r="1"><c r="A1" s="1"><v>5</v></c></row>`)},
			styles: `<numFmts><numFmt numFmtId="176" formatCode="0.00` + strings.Repeat(`\x`, 150) + `"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="176"/></cellXfs>`,
		}, "Sheet1: 1[0=5]\nnote  0 0: number format 176 is 304 bytes long (Excel allows 255): its cells read as General\n"},
		{"byte-order mark and prefixed elements", bookSpec{
			sheets: []string{`<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row r="1"><x:c r="B1"><x:v>5</x:v></x:c></x:row></x:sheetData>`},
			edit: func(p map[string]string) {
				p["xl/worksheets/sheet1.xml"] = "\uFEFF" + p["xl/worksheets/sheet1.xml"]
			},
		}, "Sheet1: 1[1=5]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("book.xlsx", tt.book.build(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := dumpDoc(doc); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestXLSXFormulas computes formulas saved without results, and checks that
// what cannot be computed (or would cost too much) says why.
func TestXLSXFormulas(t *testing.T) {
	f := func(ref, text string) string { return `<c r="` + ref + `"><f>` + text + `</f></c>` }
	num := func(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }
	tests := []struct {
		name   string
		sheets []string
		want   string // the first sheet's dump line
		notes  []string
	}{
		{"arithmetic", []string{sheetData(`<row r="1">` + num("A1", "1.5") + num("B1", "2") + f("C1", "A1+B1*2-1") + f("D1", "-2^2") + f("E1", "(A1+B1)/2") + f("F1", "50%") + `</row>`)},
			"Sheet1: 1[0=1.5 1=2 2=4.5 3=4 4=1.75 5=0.5]", nil},
		{"functions and ranges", []string{sheetData(
			`<row r="1">`+num("A1", "1")+num("B1", "2")+`<c r="C1" t="inlineStr"><is><t>text</t></is></c></row>`,
			`<row r="2">`+num("A2", "3")+num("B2", "-4")+`</row>`,
			`<row r="3">`+f("A3", "SUM(A1:C2)")+f("B3", "MAX(A1:B2,7)")+f("C3", "MIN(A1:B2)")+f("D3", "ABS(B2)")+f("E3", "ROUND(2/3,2)")+f("F3", "SUM(A:A)")+f("G3", "SUM(C1)")+`</row>`)},
			"Sheet1: 1[0=1 1=2 2=text] 2[0=3 1=-4] 3[0=2 1=7 2=-4 3=4 4=0.67 5=6 6=0]", nil},
		{"formulas on formulas and other sheets", []string{
			sheetData(`<row r="1">` + f("A1", "B1+1") + f("B1", "'收入 总表'!A1*10") + f("C1", "Sheet3!B2") + `</row>`),
			sheetData(`<row r="1">` + num("A1", "0.5") + `</row>`),
			sheetData(`<row r="2">` + num("B2", "8") + `</row>`)},
			"Sheet1: 1[0=6 1=5 2=8]", nil},
		{"shared formulas", []string{sheetData(
			`<row r="1">`+num("A1", "1")+num("B1", "10")+`<c r="C1"><f t="shared" ref="C1:C3" si="0">A1+B1</f></c></row>`,
			`<row r="2">`+num("A2", "2")+num("B2", "20")+`<c r="C2"><f t="shared" si="0"/></c></row>`,
			`<row r="3">`+num("A3", "3")+num("B3", "30")+`<c r="C3"><f t="shared" si="0"/><v>99</v></c><c r="D3"><f t="shared" si="7"/></c></row>`)},
			"Sheet1: 1[0=1 1=10 2=11] 2[0=2 1=20 2=22] 3[0=3 1=30 2=99 3=!]", []string{`shared formula "7" has no master cell`}},
		{"what is not computed", []string{sheetData(`<row r="1">` + num("A1", "0") + `<c r="B1" t="inlineStr"><is><t>x</t></is></c>` +
			f("C1", "1/A1") + f("D1", "VLOOKUP(A1,B1:B2,1)") + f("E1", "B1+1") + f("F1", "G1") + f("G1", "F1") + f("H1", "Nowhere!A1") + f("I1", "A1+") + f("J1", `"a"`) + `</row>`)},
			"Sheet1: 1[0=0 1=x 2=! 3=! 4=! 5=! 6=! 7=! 8=! 9=!]",
			[]string{"#DIV/0!", "function VLOOKUP", "#VALUE!", "circular reference", "circular reference", `sheet "Nowhere"`, "ends early", "text in a formula"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book := bookSpec{sheets: tt.sheets}
			if len(tt.sheets) > 1 {
				book.names = []string{"Sheet1", "收入 总表", "Sheet3"}
			}
			doc, err := Read("book.xlsx", book.build(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, _, _ := strings.Cut(dumpDoc(doc), "\n")
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if len(doc.Notes) != len(tt.notes) {
				t.Fatalf("got %d notes, want %d: %+v", len(doc.Notes), len(tt.notes), doc.Notes)
			}
			for i, n := range doc.Notes {
				if !strings.Contains(n.Detail, tt.notes[i]) || n.Page != "Sheet1" || n.Row < 1 {
					t.Errorf("note %d: got %+v, want one on Sheet1 saying %q", i, n, tt.notes[i])
				}
			}
		})
	}
}

// TestXLSXFormulaLimits checks the bounds on formula evaluation: a chain
// deeper than maxFormulaDepth, and more work than maxFormulaWork, each
// leave Notes that name the limit, few of them, and the cells without text.
func TestXLSXFormulaLimits(t *testing.T) {
	var chain, sums strings.Builder
	for r := 1; r <= 200; r++ { // A1 = A2+1, A2 = A3+1, …: 200 deep
		fmt.Fprintf(&chain, `<row r="%d"><c r="A%d"><f>A%d+1</f></c></row>`, r, r, r+1)
	}
	for r := 1; r <= 3000; r++ { // 3000 numbers, then 1000 sums of all of them
		fmt.Fprintf(&sums, `<row r="%d"><c r="A%d"><v>1</v></c></row>`, r, r)
	}
	for r := 3001; r <= 4000; r++ {
		fmt.Fprintf(&sums, `<row r="%d"><c r="A%d"><f>SUM(A1:A3000)</f></c></row>`, r, r)
	}
	tests := []struct {
		name, sheet   string
		formulas      int // formula cells, the last rows of the sheet
		wantComputed  int // at most this many computed
		reason        string
		exactComputed bool
	}{
		// A136…A200 rest on chains of at most 65 formula cells.
		{"chain deeper than the bound", sheetData(chain.String()), 200, maxFormulaDepth + 1, "deeper than 64", true},
		{"more work than the bound", sheetData(sums.String()), 1000, maxFormulaWork / 3000, "read more than", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("book.xlsx", bookSpec{sheets: []string{tt.sheet}}.build(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			rows := doc.Pages[0].Rows
			computed, failed := 0, 0
			for _, r := range rows[len(rows)-tt.formulas:] {
				switch c := r.Cells[0]; {
				case c.Problem != "" && c.Text == "":
					failed++
				case c.Problem == "" && c.Text != "":
					computed++
				}
			}
			if computed+failed != tt.formulas || computed > tt.wantComputed || computed == 0 || tt.exactComputed && computed != tt.wantComputed {
				t.Errorf("computed %d, failed %d of %d; want at most %d computed (exactly: %v), the rest failed",
					computed, failed, tt.formulas, tt.wantComputed, tt.exactComputed)
			}
			if len(doc.Notes) != maxNotesPerKind+1 {
				t.Fatalf("got %d notes, want %d and one counting the rest", len(doc.Notes), maxNotesPerKind+1)
			}
			if last := doc.Notes[maxNotesPerKind]; !strings.Contains(last.Detail, fmt.Sprintf("%d more cells", failed-maxNotesPerKind)) ||
				!strings.Contains(last.Detail, tt.reason) {
				t.Errorf("last note %q: want it to count %d more cells and say %q", last.Detail, failed-maxNotesPerKind, tt.reason)
			}
		})
	}
}

// TestReadXLSXMatchesExcelize reads the sample workbooks (and the shared
// synthetic and template ones, when present) and compares every non-blank
// cell, and the span of every merged range, with what excelize reads.
func TestReadXLSXMatchesExcelize(t *testing.T) {
	files, _ := filepath.Glob("../samples/*.xlsx")
	for _, dir := range []string{"synthetic/files", "real/templates-excel"} {
		more, _ := filepath.Glob(filepath.Join(sharedCorpus, dir, "*.xlsx"))
		files = append(files, more...)
	}
	if len(files) < 3 {
		t.Logf("only %d workbooks: ../shared is absent", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			doc, err := ReadFile(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := excelizeCells(t, path)
			if len(doc.Pages) != len(want) {
				t.Fatalf("got %d sheets, want %d", len(doc.Pages), len(want))
			}
			for i, page := range doc.Pages {
				compareSheet(t, page, want[i])
				compareSpans(t, path, page)
			}
		})
	}
}

// compareSpans checks the Span of each cell against excelize's merged
// ranges.
func compareSpans(t *testing.T, path string, page Page) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	merges, err := f.GetMergeCells(page.Name)
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]int]int{}
	for _, m := range merges {
		c0, r0, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, _, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		want[[2]int{r0, c0 - 1}] = c1 - c0 + 1
	}
	for _, row := range page.Rows {
		for _, c := range row.Cells {
			if w := max(want[[2]int{row.Index, c.Col}], 1); c.Span != w {
				t.Errorf("%s row %d col %d: span %d, want %d", page.Name, row.Index, c.Col, c.Span, w)
			}
		}
	}
}

// TestDisjointMerges checks the sweep that drops overlapping merged ranges
// against the quadratic definition, on random ranges.
func TestDisjointMerges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var ranges []cellRange
		for range rng.IntN(30) {
			r0, c0 := 1+rng.IntN(20), rng.IntN(20)
			ranges = append(ranges, cellRange{r0: r0, r1: r0 + rng.IntN(4), c0: c0, c1: c0 + rng.IntN(4)})
		}
		var r xlsxReader
		got := r.disjoint("Sheet1", slices.Clone(ranges))
		slices.SortStableFunc(ranges, func(a, b cellRange) int { return cmp.Or(cmp.Compare(a.r0, b.r0), cmp.Compare(a.c0, b.c0)) })
		var want []cellRange
		for _, rg := range ranges {
			if !slices.ContainsFunc(want, func(k cellRange) bool { return overlap(k, rg) }) {
				want = append(want, rg)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: got %v, want %v", round, got, want)
		}
		dropped := len(ranges) - len(want)
		wantNotes := dropped
		if dropped > maxNotesPerKind {
			wantNotes = maxNotesPerKind + 1 // and one counting the rest
		}
		if notes := len(r.notes.list()); notes != wantNotes {
			t.Errorf("round %d: %d notes for %d ranges left out, want %d", round, notes, dropped, wantNotes)
		}
	}
}

func overlap(a, b cellRange) bool {
	return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1
}

// BenchmarkMerges reads a sheet of n merged ranges, half of them
// overlapping others; the cost per range stays flat as n grows.
func BenchmarkMerges(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var m strings.Builder
			m.WriteString(sheetData(`<row r="1"><c r="A1"><v>1</v></c></row>`) + "<mergeCells>")
			for i := range n {
				row := 1 + i/2 // two ranges per row: A:C, and B:D over it
				fmt.Fprintf(&m, `<mergeCell ref="%s%d:%s%d"/>`, "AB"[i%2:i%2+1], row, "CD"[i%2:i%2+1], row)
			}
			m.WriteString("</mergeCells>")
			data := bookSpec{sheets: []string{m.String()}}.build(b)
			for b.Loop() {
				if _, err := Read("merges.xlsx", data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/range")
		})
	}
}

// TestHiddenSheets: a sheet the workbook hides (state hidden or veryHidden)
// is not read, with a note naming it, in .xlsx and .xls alike; a shown
// sheet's formula still reads a hidden sheet's cell.
func TestHiddenSheets(t *testing.T) {
	book := bookSpec{
		names: []string{"收支总表", "底稿", "旧表"},
		sheets: []string{
			sheetData(`<row r="1"><c r="A1" t="inlineStr"><is><t>合计</t></is></c><c r="B1"><f>底稿!B2</f></c></row>`),
			sheetData(`<row r="2"><c r="A2" t="inlineStr"><is><t>合计</t></is></c><c r="B2"><v>12.5</v></c></row>`),
			sheetData(`<row r="1"><c r="A1"><v>9</v></c></row>`),
		},
		edit: func(p map[string]string) {
			p["xl/workbook.xml"] = strings.Replace(strings.Replace(p["xl/workbook.xml"],
				`<sheet name="底稿"`, `<sheet state="hidden" name="底稿"`, 1), `<sheet name="旧表"`, `<sheet state="veryHidden" name="旧表"`, 1)
		},
	}
	doc, err := Read("book.xlsx", book.build(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "收支总表: 1[0=合计 1=12.5]\n底稿:\n旧表:\n" +
		"note 底稿 2 0: the workbook hides this sheet; its 1 rows are not read\n" +
		"note 旧表 1 0: the workbook hides this sheet; its 1 rows are not read\n"
	if got := dumpDoc(doc); got != want {
		t.Errorf("xlsx:\n%s\nwant:\n%s", got, want)
	}

	// .xls: the BOUNDSHEET's visibility byte (after the BOF record and the
	// BOUNDSHEET's header and stream offset).
	stream := biffStream(nil, [][]byte{cellRec(opRK, 0, 0, binary.LittleEndian.AppendUint32(nil, 7<<2|2)...)})
	stream[8+4+4] = 1
	doc, err = readWorkbookStream("book.xls", stream)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpDoc(doc), "S1:\nnote S1 1 0: the workbook hides this sheet; its 1 rows are not read\n"; got != want {
		t.Errorf("xls:\n%s\nwant:\n%s", got, want)
	}
}
