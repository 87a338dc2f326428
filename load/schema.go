package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/budgetetl/budgetetl/dataset"
)

// SchemaFile is the CSVW metadata a CSV sink writes beside the three files:
// the type of every column, so that tools reading the CSV load codes
// (func_code 2010301, doc_id 023cf0c7…) as text and amounts as exact decimals.
const SchemaFile = "schema.json"

// colType is the type of a column of the canonical tables.
type colType string

// The column types, named as CSVW datatypes.
const (
	typeText    colType = "string"
	typeInteger colType = "integer"
	typeDecimal colType = "decimal"
)

// numericColumns are the columns that hold numbers; every other column is
// text, codes included (a leading zero or a code read as a float would be
// lost).
var numericColumns = map[string]colType{
	"amount_yuan":    typeDecimal,
	"expected_yuan":  typeDecimal,
	"actual_yuan":    typeDecimal,
	"diff_yuan":      typeDecimal,
	"tolerance_yuan": typeDecimal,
	"pages":          typeInteger,
	"facts":          typeInteger,
	"checks_passed":  typeInteger,
	"checks_failed":  typeInteger,
	"row":            typeInteger,
}

// typeOf is the type of a column of any of the three tables. page is text:
// it is a PDF page number or a sheet name.
func typeOf(column string) colType {
	if t, ok := numericColumns[column]; ok {
		return t
	}
	return typeText
}

// textColumns reports, for each column of a table, whether it holds text,
// the cells the formula-injection guard applies to.
func textColumns(columns []string) []bool {
	text := make([]bool, len(columns))
	for i, c := range columns {
		text[i] = typeOf(c) == typeText
	}
	return text
}

// csvwTable is one table of CSVW metadata (W3C "Metadata Vocabulary for
// Tabular Data"), the subset a reader needs: file, columns, types.
type csvwTable struct {
	URL    string `json:"url"`
	Schema struct {
		Columns []csvwColumn `json:"columns"`
	} `json:"tableSchema"`
}

type csvwColumn struct {
	Name     string `json:"name"`
	Datatype string `json:"datatype"`
	Required bool   `json:"required,omitempty"`
}

// schemaJSON is the CSVW metadata of the three files in encoding enc, the
// guard telling whether text cells carry the formula guard.
func schemaJSON(enc Encoding, guard bool) []byte {
	charset := "utf-8"
	switch enc {
	case GB18030, GBK:
		charset = "gb18030"
	}
	doc := struct {
		Context string         `json:"@context"`
		Dialect map[string]any `json:"dialect"`
		Tables  []csvwTable    `json:"tables"`
		Notes   string         `json:"dc:description"`
		Guard   bool           `json:"budgetetl:formulaGuard"`
	}{
		Guard:   guard,
		Context: "http://www.w3.org/ns/csvw",
		Dialect: map[string]any{"encoding": charset, "header": true, "lineTerminators": []string{"\n"}},
		Notes: "Columns typed string are text, codes included; amounts are exact decimals in 元. " +
			"When budgetetl:formulaGuard is true, a text cell that starts with = + - @ tab CR LF or ' " +
			"was written with one more ' before it (formula-injection guard; --csv-raw-text turns it off).",
	}
	for _, t := range []struct {
		file    string
		columns []string
	}{{FactsFile, dataset.FactColumns}, {DocumentsFile, dataset.DocumentColumns}, {ChecksFile, dataset.CheckColumns}} {
		var tab csvwTable
		tab.URL = t.file
		for _, c := range t.columns {
			tab.Schema.Columns = append(tab.Schema.Columns, csvwColumn{Name: c, Datatype: string(typeOf(c)),
				Required: c == "doc_id"})
		}
		doc.Tables = append(doc.Tables, tab)
	}
	var buf bytes.Buffer
	enc2 := json.NewEncoder(&buf)
	enc2.SetEscapeHTML(false)
	enc2.SetIndent("", "  ")
	_ = enc2.Encode(doc) // a value of fixed shape: cannot fail
	return buf.Bytes()
}

// writeSchema writes schema.json, synced, into dir (a generation) and
// returns its name.
func writeSchema(dir string, enc Encoding, guard bool) (string, error) {
	name := filepath.Join(dir, SchemaFile)
	tmp, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(schemaJSON(enc, guard))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return filepath.Clean(name), nil
}

// csvSchema is what a reader of an output directory needs from its
// schema.json: the encoding and whether text cells carry the guard.
type csvSchema struct {
	Dialect struct {
		Encoding string `json:"encoding"`
	} `json:"dialect"`
	Guard bool `json:"budgetetl:formulaGuard"`
}

// readSchema reads dir/schema.json; a directory without one (written
// before schema.json existed) is plain UTF-8 without the guard.
func readSchema(dir string) (csvSchema, error) {
	var s csvSchema
	b, err := os.ReadFile(filepath.Join(dir, SchemaFile))
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", SchemaFile, err)
	}
	return s, nil
}
