package dataset

import (
	"strconv"
	"strings"
)

// Document is one input file: a row of documents.csv.
type Document struct {
	DocID         string
	Source        string
	Format        string // pdf, xlsx or xls; empty when not recognised
	Pages         int
	UnitName      string
	Province      string
	City          string
	County        string
	Year          string
	DocKind       DocKind
	UnitPublished Unit      // the unit most of its tables declare
	TablesFound   []TableID // in the order first met
	TablesEmpty   []TableID // present but holding no amounts
	Facts         int
	ChecksPassed  int
	ChecksFailed  int
	Status        Status
	Error         string // one line; empty when ok
	DuplicateOf   string // doc_id of the document this one repeats (seen earlier in the run); empty if none
	Scope         Scope  // department (部门预算/决算, its units included) or unit (单位预算/决算)
	Engine        string // the PDF engine that read the document: go or pdfium; empty for workbooks
}

// Scope says whether a document covers a department with its units or one
// unit.
type Scope string

// The scopes; a document that says neither has an empty one.
const (
	ScopeDepartment Scope = "department"
	ScopeUnit       Scope = "unit"
)

// Status is a document's outcome.
type Status string

// The document statuses.
const (
	StatusOK       Status = "ok"
	StatusWarnings Status = "warnings"
	StatusFailed   Status = "failed"
)

// DocumentColumns are the columns of documents.csv, in contract order;
// duplicate_of, scope and engine come after SCHEMA's columns.
var DocumentColumns = []string{"doc_id", "source", "format", "pages", "unit_name", "province", "city",
	"county", "year", "doc_kind", "unit_published", "tables_found", "tables_empty", "facts",
	"checks_passed", "checks_failed", "status", "error", "duplicate_of", "scope", "engine"}

// Record returns the document's values as text, in the order of
// DocumentColumns; table lists are joined with |.
func (d Document) Record() []string {
	return []string{d.DocID, d.Source, d.Format, strconv.Itoa(d.Pages), d.UnitName, d.Province, d.City,
		d.County, d.Year, string(d.DocKind), string(d.UnitPublished), JoinTables(d.TablesFound),
		JoinTables(d.TablesEmpty), strconv.Itoa(d.Facts), strconv.Itoa(d.ChecksPassed),
		strconv.Itoa(d.ChecksFailed), string(d.Status), d.Error, d.DuplicateOf, string(d.Scope), d.Engine}
}

// JoinTables writes table ids the way documents.csv lists them: a|b|c.
func JoinTables(ids []TableID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, "|")
}

// SplitTables reads a list written by JoinTables.
func SplitTables(s string) []TableID {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "|")
	ids := make([]TableID, len(parts))
	for i, p := range parts {
		ids[i] = TableID(p)
	}
	return ids
}
