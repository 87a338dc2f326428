package extract

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets over whole files through Read, the entry point a run uses,
// with the default limits. Crashers found are kept under
// testdata/fuzz/<target>/ and run with every go test.

// fuzzTimeLimit is how long one input may take before the fuzz target calls
// it a hang. Inputs here are small; the run's own --doc-timeout is far
// larger, so this only ever fires on a loop that does not end.
const fuzzTimeLimit = 20 * time.Second

// readerErrors are the sentinels every reader failure wraps.
var readerErrors = []error{ErrEmpty, ErrUnknown, ErrEncrypted, ErrDamaged, ErrTooLarge, ErrNoTextLayer}

// checkRead reads data as a run would and checks what comes back: an error
// that wraps one of readerErrors, or a well-formed Document.
func checkRead(t *testing.T, name string, data []byte) {
	t.Helper()
	type result struct {
		doc *Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := Read(name, data, Options{})
		done <- result{doc, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(fuzzTimeLimit):
		t.Fatalf("Read did not return within %v", fuzzTimeLimit)
	}
	if r.err != nil {
		for _, sentinel := range readerErrors {
			if errors.Is(r.err, sentinel) {
				return
			}
		}
		t.Fatalf("error %q wraps none of the reader sentinels", r.err)
	}
	if err := wellFormed(r.doc); err != nil {
		t.Fatal(err)
	}
}

// wellFormed checks the invariants of a Document an Excel reader returns.
func wellFormed(doc *Document) error {
	if doc == nil {
		return errors.New("nil Document and nil error")
	}
	for _, p := range doc.Pages {
		if !utf8.ValidString(p.Name) {
			return fmt.Errorf("page name %q is not valid UTF-8", p.Name)
		}
		for i, r := range p.Rows {
			if r.Index < 1 || i > 0 && r.Index <= p.Rows[i-1].Index {
				return fmt.Errorf("page %q: row %d after row %d", p.Name, r.Index, p.Rows[max(i-1, 0)].Index)
			}
			for j, c := range r.Cells {
				switch {
				case c.Col < 0 || c.Col >= sheetCols || j > 0 && c.Col <= r.Cells[j-1].Col:
					return fmt.Errorf("page %q row %d: cell at column %d out of order", p.Name, r.Index, c.Col)
				case c.Span < 1 || c.Col+c.Span > sheetCols:
					return fmt.Errorf("page %q row %d column %d: span %d", p.Name, r.Index, c.Col, c.Span)
				case !utf8.ValidString(c.Text) || !utf8.ValidString(c.Problem):
					return fmt.Errorf("page %q row %d column %d: text not valid UTF-8", p.Name, r.Index, c.Col)
				case c.Text == "" && c.Problem == "":
					return fmt.Errorf("page %q row %d column %d: an empty cell", p.Name, r.Index, c.Col)
				}
			}
		}
	}
	for _, n := range doc.Notes {
		if !utf8.ValidString(n.Detail) || !utf8.ValidString(n.Page) {
			return fmt.Errorf("note %+v: not valid UTF-8", n)
		}
	}
	return nil
}

// seedFiles adds the files matching pattern to the seed corpus.
func seedFiles(f *testing.F, pattern string) {
	paths, _ := filepath.Glob(pattern)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzReadXLSX reads whole .xlsx files: the samples, and small workbooks
// stored without compression so that mutations reach the XML (archive/zip
// then reports a checksum error at the end of a changed part, after the
// reader has parsed it).
func FuzzReadXLSX(f *testing.F) {
	seedFiles(f, "../samples/*.xlsx")
	for _, b := range fuzzBooks() {
		f.Add(zipStored(f, b.parts()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, "fuzz.xlsx", data)
	})
}

// FuzzReadXLSXParts builds a valid package around fuzzed worksheet, shared
// strings and styles XML, so that every mutation is read to the end.
func FuzzReadXLSXParts(f *testing.F) {
	for _, b := range fuzzBooks() {
		p := b.parts()
		f.Add(p["xl/worksheets/sheet1.xml"], p["xl/sharedStrings.xml"], p["xl/styles.xml"])
	}
	f.Fuzz(func(t *testing.T, sheet, sst, styles string) {
		b := bookSpec{sheets: []string{""}, strings: []string{""}, styles: "<x/>", edit: func(p map[string]string) {
			p["xl/worksheets/sheet1.xml"], p["xl/sharedStrings.xml"], p["xl/styles.xml"] = sheet, sst, styles
		}}
		checkRead(t, "fuzz.xlsx", zipStored(t, b.parts()))
	})
}

// FuzzReadXLS reads whole .xls files: the fixture, and damaged copies.
func FuzzReadXLS(f *testing.F) {
	good := readFixtureXLS(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, "fuzz.xls", data)
	})
}
