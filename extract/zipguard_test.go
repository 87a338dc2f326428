package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// withDeclaredSize rezips parts so that the directory entry of part claims
// an unpacked size of declared bytes (the data stays what it is): a bomb
// that declares itself, or one that lies.
func withDeclaredSize(t testing.TB, parts map[string]string, part string, declared uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range parts {
		if name != part {
			w, err := zw.Create(name)
			if err == nil {
				_, err = w.Write([]byte(data))
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
		fw.Write([]byte(data))
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(data)),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: declared})
		if err == nil {
			_, err = w.Write(packed.Bytes())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPartBounds checks that every part the reader inflates is bounded by
// what it is (its content type, or the role the workbook gives it), not by
// where it sits, and that a part inflating past its declared size fails.
func TestPartBounds(t *testing.T) {
	book := bookSpec{sheets: []string{sheetData(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}, strings: []string{"<t>x</t>"},
		styles: `<cellXfs count="1"><xf numFmtId="0"/></cellXfs>`}
	moved := book
	moved.edit = func(p map[string]string) { // the sheet under another folder name
		p["xl/data/big/s.xml"] = p["xl/worksheets/sheet1.xml"]
		delete(p, "xl/worksheets/sheet1.xml")
		for _, n := range []string{"[Content_Types].xml", "xl/_rels/workbook.xml.rels"} {
			p[n] = strings.NewReplacer("/xl/worksheets/sheet1.xml", "/xl/data/big/s.xml", "worksheets/sheet1.xml", "data/big/s.xml").Replace(p[n])
		}
	}
	untyped := book
	untyped.edit = func(p map[string]string) { // a sheet part typed as an image
		p["xl/media/s.png"] = p["xl/worksheets/sheet1.xml"]
		delete(p, "xl/worksheets/sheet1.xml")
		p["xl/_rels/workbook.xml.rels"] = strings.Replace(p["xl/_rels/workbook.xml.rels"], "worksheets/sheet1.xml", "media/s.png", 1)
		p["[Content_Types].xml"] = strings.Replace(p["[Content_Types].xml"], `<Override PartName="/xl/worksheets/sheet1.xml"`,
			`<Default Extension="png" ContentType="image/png"/><Override PartName="/nothing"`, 1)
	}
	const huge = 900 << 20
	tests := []struct {
		name     string
		data     []byte
		want     error
		wantPart string
	}{
		{"within the bounds", book.build(t), nil, ""},
		{"worksheet declares 900 MB", withDeclaredSize(t, book.parts(), "xl/worksheets/sheet1.xml", huge), ErrTooLarge, "xl/worksheets/sheet1.xml (worksheet)"},
		{"worksheet elsewhere declares 900 MB", withDeclaredSize(t, moved.parts(), "xl/data/big/s.xml", huge), ErrTooLarge, "xl/data/big/s.xml (worksheet)"},
		{"worksheet typed as an image declares 900 MB", withDeclaredSize(t, untyped.parts(), "xl/media/s.png", huge), ErrTooLarge, "xl/media/s.png (worksheet)"},
		{"styles declare 900 MB", withDeclaredSize(t, book.parts(), "xl/styles.xml", huge), ErrTooLarge, "xl/styles.xml (styles)"},
		{"shared strings declare 900 MB", withDeclaredSize(t, book.parts(), "xl/sharedStrings.xml", huge), ErrTooLarge, "xl/sharedStrings.xml (shared strings)"},
		{"workbook declares 900 MB", withDeclaredSize(t, book.parts(), "xl/workbook.xml", huge), ErrTooLarge, "xl/workbook.xml (workbook)"},
		{"relationships declare 900 MB", withDeclaredSize(t, book.parts(), "xl/_rels/workbook.xml.rels", huge), ErrTooLarge, "(package part)"},
		{"content types declare 900 MB", withDeclaredSize(t, book.parts(), "[Content_Types].xml", huge), ErrTooLarge, "(package part)"},
		{"an image declares 900 MB", withDeclaredSize(t, merge(book.parts(), "xl/media/image1.png", "png"), "xl/media/image1.png", huge), nil, ""},
		{"worksheet inflates past its declared size", withDeclaredSize(t, book.parts(), "xl/worksheets/sheet1.xml", 20), ErrDamaged, "xl/worksheets/sheet1.xml"},
		{"no content types", zipOf(t, without(book.parts(), "[Content_Types].xml")), ErrDamaged, "[Content_Types].xml"},
		{"truncated", book.build(t)[:300], ErrDamaged, "zip"},
		{"moved worksheet within the bounds", moved.build(t), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("book.xlsx", tt.data, Options{})
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantPart) {
				t.Errorf("got %q, want it to name %q", err, tt.wantPart)
			}
		})
	}
}

// merge returns parts with one part more.
func merge(parts map[string]string, name, data string) map[string]string {
	parts[name] = data
	return parts
}

// without returns parts without the part name.
func without(parts map[string]string, name string) map[string]string {
	delete(parts, name)
	return parts
}

// TestMaxSheetBytes checks the option that bounds sheets and shared strings.
func TestMaxSheetBytes(t *testing.T) {
	data := bookSpec{sheets: []string{sheetData(`<row r="1"><c r="A1"><v>1</v></c></row>`)}}.build(t)
	if _, err := Read("book.xlsx", data, Options{MaxSheetBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxSheetBytes 100: got %v, want ErrTooLarge", err)
	}
	if _, err := Read("book.xlsx", data, Options{MaxSheetBytes: 10000}); err != nil {
		t.Errorf("MaxSheetBytes 10000: got %v, want no error", err)
	}
}

// TestZipBomb checks that the 2 GB sheet of the shared zip bomb is refused
// from its directory entry: fast, and without inflating it.
func TestZipBomb(t *testing.T) {
	data, err := os.ReadFile(needShared(t, "bad/zip-bomb-2GB-sheet.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err = Read("zip-bomb-2GB-sheet.xlsx", data, Options{})
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "xl/worksheets/") {
		t.Errorf("got %v, want ErrTooLarge naming the sheet", err)
	}
	t.Logf("refused in %v", took)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("allocated %d bytes, want a bounded few MB", grew)
	}
}

func TestTruncatedXLSX(t *testing.T) {
	data, err := os.ReadFile(needShared(t, "bad/truncated.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read("truncated.xlsx", data, Options{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("got %v, want ErrDamaged", err)
	}
}

// TestSniffBadCorpus checks that the shared bad files are classified by
// content, not name.
func TestSniffBadCorpus(t *testing.T) {
	tests := []struct {
		file    string
		want    Format
		wantErr error
	}{
		{"password-protected.xlsx", XLSX, ErrEncrypted},
		{"not-a-pdf.pdf", "", ErrUnknown},
		{"empty.pdf", "", ErrEmpty},
		{"pdf-named.xlsx", PDF, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(needShared(t, "bad/"+tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Sniff(data)
			if got != tt.want || !errors.Is(err, tt.wantErr) || tt.wantErr == nil && err != nil {
				t.Errorf("got %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestOfficeNotWorkbook: a Word document or a presentation (a zip like a
// workbook) is a format budgetetl does not read, named as such, whether
// its package relationships name the main part or not; not a damaged
// workbook.
func TestOfficeNotWorkbook(t *testing.T) {
	rels := func(target string) string {
		return `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + target + `"/></Relationships>`
	}
	ct := `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`
	body := `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`
	tests := []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"docx", map[string]string{"[Content_Types].xml": ct, "_rels/.rels": rels("word/document.xml"), "word/document.xml": body}, "a Word document (word/document.xml)"},
		{"docx without relationships", map[string]string{"[Content_Types].xml": ct, "word/document.xml": body}, "a Word document (word/document.xml)"},
		{"pptx", map[string]string{"[Content_Types].xml": ct, "_rels/.rels": rels("ppt/presentation.xml"), "ppt/presentation.xml": "<p/>"}, "a presentation (ppt/presentation.xml)"},
	}
	for _, tt := range tests {
		_, err := Read(tt.name+".xlsx", zipOf(t, tt.parts), Options{})
		if !errors.Is(err, ErrUnknown) || !strings.HasSuffix(err.Error(), ": "+tt.want) {
			t.Errorf("%s: Read = %v, want ErrUnknown ending %q", tt.name, err, tt.want)
		}
	}
	if _, err := Read("empty.xlsx", zipOf(t, map[string]string{"[Content_Types].xml": ct, "a.txt": "x"}), Options{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("a zip with no Office part: Read = %v, want ErrDamaged", err)
	}
}
