package load

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The workbook is made in two steps, so that memory does not grow with the
// rows: excelize writes a frame (every sheet with its header row, widths,
// frozen pane, filter table, the 说明 sheet and the chart), then the frame's
// zip is copied entry by entry into the final file, and each data sheet's
// rows are streamed from its spool into the place of its empty body.
// (excelize's StreamWriter keeps up to 16 MiB of every sheet in memory
// until the workbook is saved: with twenty sheets, 2,000 documents took
// 465 MB.)

// sheetPart is one sheet of a logical sheet: its name, its columns and
// how many of the logical sheet's rows it holds.
type sheetPart struct {
	name string
	cols []columnSpec
	rows int
}

// sheetRows writes the rows of a list of parts, in order, from one pass
// over the records of its logical sheet.
type sheetRows struct {
	parts []sheetPart
	each  func(fn func([]string) error) error
}

// cellStyles are the style ids of numbers in the frame.
type cellStyles struct{ amount, integer int }

// splice copies the frame zip at frame into w, replacing the body of every
// part sheet with its rows.
func splice(frame string, w io.Writer, sheets []sheetRows, st cellStyles) error {
	zr, err := zip.OpenReader(frame)
	if err != nil {
		return err
	}
	defer zr.Close()
	paths, err := sheetPaths(&zr.Reader)
	if err != nil {
		return err
	}
	targets := map[string]bool{}
	for _, s := range sheets {
		for _, p := range s.parts {
			if paths[p.name] == "" {
				return fmt.Errorf("frame has no sheet %q", p.name)
			}
			targets[paths[p.name]] = true
		}
	}
	entries := map[string]*zip.File{}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		entries[f.Name] = f
		if !targets[f.Name] {
			if err := zw.Copy(f); err != nil {
				return err
			}
		}
	}
	for _, s := range sheets {
		if err := writeSheets(zw, entries, paths, s, st); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSheets writes the parts of one logical sheet from one pass over its
// records.
func writeSheets(zw *zip.Writer, entries map[string]*zip.File, paths map[string]string, s sheetRows, st cellStyles) error {
	part, row := -1, 0
	var out *rowWriter
	var tail []byte
	next := func() error {
		if out != nil {
			if err := out.flush(tail); err != nil {
				return err
			}
		}
		part++
		p := s.parts[part]
		head, t, err := frameSheet(entries[paths[p.name]])
		if err != nil {
			return fmt.Errorf("sheet %s: %w", p.name, err)
		}
		zf, err := zw.Create(paths[p.name])
		if err != nil {
			return err
		}
		out, tail, row = newRowWriter(zf, p.cols, st), t, 1
		return out.raw(head)
	}
	if err := next(); err != nil {
		return err
	}
	err := s.each(func(rec []string) error {
		if row-1 == s.parts[part].rows && part+1 < len(s.parts) {
			if err := next(); err != nil {
				return err
			}
		}
		row++
		return out.row(row, rec)
	})
	if err != nil {
		return err
	}
	for part+1 < len(s.parts) { // parts left empty
		if err := next(); err != nil {
			return err
		}
	}
	return out.flush(tail)
}

// frameSheet reads a frame sheet and cuts it where its rows end.
func frameSheet(f *zip.File) (head, tail []byte, err error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 64<<20))
	if err != nil {
		return nil, nil, err
	}
	at := bytes.Index(b, []byte("</sheetData>"))
	if at < 0 {
		return nil, nil, fmt.Errorf("%s: no </sheetData>", f.Name)
	}
	return b[:at], b[at:], nil
}

// sheetPaths maps sheet names to their part in the zip, from the workbook
// and its relationships.
func sheetPaths(z *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readZipXML(z, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := readZipXML(z, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		out[s.Name] = targets[s.RID]
	}
	return out, nil
}

func readZipXML(z *zip.Reader, name string, v any) error {
	f, err := z.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(f).Decode(v)
}

// rowWriter writes sheet rows as SpreadsheetML: numbers as <v> holding
// the exact decimal text (a spreadsheet reads it as the nearest double),
// text as inline strings, which no spreadsheet evaluates.
type rowWriter struct {
	w       *bufio.Writer
	cols    []columnSpec
	letters []string
	st      cellStyles
}

func newRowWriter(w io.Writer, cols []columnSpec, st cellStyles) *rowWriter {
	letters := make([]string, len(cols))
	for i := range cols {
		letters[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	return &rowWriter{w: bufio.NewWriterSize(w, 1<<16), cols: cols, letters: letters, st: st}
}

func (r *rowWriter) raw(b []byte) error { _, err := r.w.Write(b); return err }

func (r *rowWriter) flush(tail []byte) error {
	if err := r.raw(tail); err != nil {
		return err
	}
	return r.w.Flush()
}

// row writes record rec as sheet row n.
func (r *rowWriter) row(n int, rec []string) error {
	num := strconv.Itoa(n)
	r.w.WriteString(`<row r="` + num + `">`)
	for i, v := range rec {
		if v == "" || i >= len(r.cols) {
			continue
		}
		ref := r.letters[i] + num
		switch k := r.cols[i].kind; {
		case k == typeDecimal && isNumber(v):
			r.w.WriteString(`<c r="` + ref + `" s="` + strconv.Itoa(r.st.amount) + `"><v>` + v + `</v></c>`)
		case k == typeInteger && isNumber(v):
			r.w.WriteString(`<c r="` + ref + `" s="` + strconv.Itoa(r.st.integer) + `"><v>` + v + `</v></c>`)
		default:
			r.w.WriteString(`<c r="` + ref + `" t="inlineStr"><is><t xml:space="preserve">`)
			xml.EscapeText(r.w, []byte(xmlText(v)))
			r.w.WriteString(`</t></is></c>`)
		}
	}
	_, err := r.w.WriteString(`</row>`)
	return err
}

// isNumber reports a plain decimal: an optional minus, digits, at most one
// point. Amounts and counts of the dataset are written so.
func isNumber(s string) bool {
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' && i == 0:
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// xmlText drops what XML 1.0 cannot hold (control characters other than
// tab, CR and LF; invalid UTF-8), which a PDF's text can carry.
func xmlText(s string) string {
	ok := true
	for _, c := range s {
		if c == utf8.RuneError || c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(c rune) rune {
		if c == utf8.RuneError || c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF {
			return '\uFFFD'
		}
		return c
	}, s)
}
