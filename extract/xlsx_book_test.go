package extract

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// bookSpec describes a small workbook written part by part, so that tests
// can make exactly the XML (and the damage) they need.
type bookSpec struct {
	sheets  []string // inner XML of each <worksheet>
	names   []string // sheet names; Sheet1, Sheet2, … when empty
	strings []string // inner XML of each <si>; no shared strings part when nil
	styles  string   // inner XML of <styleSheet>; no styles part when ""
	// edit changes the parts (by name) before they are zipped.
	edit func(parts map[string]string)
}

const (
	mainNS     = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relNS      = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	typePrefix = "application/vnd.openxmlformats-officedocument.spreadsheetml."
)

// parts returns the parts of the workbook.
func (b bookSpec) parts() map[string]string {
	parts := map[string]string{
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	}
	types := []string{`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`,
		`<Default Extension="xml" ContentType="application/xml"/>`,
		`<Override PartName="/xl/workbook.xml" ContentType="` + typePrefix + `sheet.main+xml"/>`}
	var rels, sheets []string
	for i, inner := range b.sheets {
		name := fmt.Sprintf("Sheet%d", i+1)
		if i < len(b.names) {
			name = b.names[i]
		}
		part := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		parts[part] = `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + mainNS + `>` + inner + `</worksheet>`
		types = append(types, `<Override PartName="/`+part+`" ContentType="`+typePrefix+`worksheet+xml"/>`)
		rels = append(rels, fmt.Sprintf(`<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>`, i+1, relNS, i+1))
		sheets = append(sheets, fmt.Sprintf(`<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1))
	}
	if b.strings != nil {
		parts["xl/sharedStrings.xml"] = `<?xml version="1.0" encoding="UTF-8"?><sst ` + mainNS + `><si>` + strings.Join(b.strings, "</si><si>") + `</si></sst>`
		types = append(types, `<Override PartName="/xl/sharedStrings.xml" ContentType="`+typePrefix+`sharedStrings+xml"/>`)
		rels = append(rels, `<Relationship Id="rIdS" Type="`+relNS+`sharedStrings" Target="sharedStrings.xml"/>`)
	}
	if b.styles != "" {
		parts["xl/styles.xml"] = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ` + mainNS + `>` + b.styles + `</styleSheet>`
		types = append(types, `<Override PartName="/xl/styles.xml" ContentType="`+typePrefix+`styles+xml"/>`)
		rels = append(rels, `<Relationship Id="rIdT" Type="`+relNS+`styles" Target="styles.xml"/>`)
	}
	parts["[Content_Types].xml"] = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` + strings.Join(types, "") + `</Types>`
	parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + strings.Join(rels, "") + `</Relationships>`
	parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8"?><workbook ` + mainNS + `><sheets>` + strings.Join(sheets, "") + `</sheets></workbook>`
	if b.edit != nil {
		b.edit(parts)
	}
	return parts
}

// build zips the parts, in name order.
func (b bookSpec) build(t testing.TB) []byte {
	t.Helper()
	return zipOf(t, b.parts())
}

func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sheetData wraps rows in <sheetData>.
func sheetData(rows ...string) string {
	return "<sheetData>" + strings.Join(rows, "") + "</sheetData>"
}

// dumpDoc prints the pages and notes of a document, one line per row with
// cells, for comparisons in tests.
func dumpDoc(doc *Document) string {
	var b strings.Builder
	for _, p := range doc.Pages {
		fmt.Fprintf(&b, "%s:", p.Name)
		for _, r := range p.Rows {
			if len(r.Cells) == 0 {
				continue
			}
			fmt.Fprintf(&b, " %d[", r.Index)
			for i, c := range r.Cells {
				if i > 0 {
					b.WriteString(" ")
				}
				fmt.Fprintf(&b, "%d=%s", c.Col, c.Text)
				if c.Span > 1 {
					fmt.Fprintf(&b, "+%d", c.Span)
				}
				if c.Problem != "" {
					b.WriteString("!")
				}
			}
			b.WriteString("]")
		}
		b.WriteString("\n")
	}
	for _, n := range doc.Notes {
		fmt.Fprintf(&b, "note %s %d %d: %s\n", n.Page, n.Row, n.Col, n.Detail)
	}
	return b.String()
}

// zipStored zips parts without compression.
func zipStored(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err == nil {
			_, err = w.Write([]byte(parts[name]))
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

// fuzzBooks are small workbooks that between them hold every construct the
// reader handles, as seeds for the fuzz targets.
func fuzzBooks() []bookSpec {
	styles := `<numFmts count="2"><numFmt numFmtId="176" formatCode="#,##0.00_);[Red]\(#,##0.00\)"/><numFmt numFmtId="177" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>` +
		`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="10"/></cellXfs>`
	return []bookSpec{
		{sheets: []string{sheetData(
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="D1" t="s"><v>1</v></c></row>`,
			`<row r="2" spans="1:4"><c r="A2" s="1"><v>-1234.5</v></c><c r="B2" s="2"><v>46023</v></c><c r="C2" s="3"><v>0.125</v></c><c r="D2" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c></row>`,
			`<row r="3"><c r="A3"><f>SUM(A2:A2)*2</f></c><c r="B3"><f t="shared" ref="B3:B4" si="0">A3+1</f></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#REF!</v></c></row>`,
			`<row r="4"><c r="B4"><f t="shared" si="0"/></c><c r="C4" t="s"><v>9</v></c><c r="XFD4"><f>Sheet2!A1/0</f></c></row>`) +
			`<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="D1:D2"/></mergeCells>`,
			sheetData(`<row r="1"><c r="A1"><v>7</v></c></row>`)},
			strings: []string{`<t>2026年收入总表</t>`, `<r><rPr><b/></rPr><t>单位：</t></r><r><t xml:space="preserve">万元 </t></r><rPh sb="0" eb="2"><t>タン</t></rPh>`},
			styles:  styles},
		{sheets: []string{sheetData(`<row><c><v>1</v></c><c t="str"><f>A1&amp;"x"</f><v>1x</v></c></row><row r="9"><c r="A9"><f>A10+1</f></c><c r="B9"><f>B9</f></c></row>`)},
			strings: []string{}},
	}
}
