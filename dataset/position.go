package dataset

import (
	"strconv"
	"strings"
)

// Position is where in a source a row, a check or an error stands. Every
// field is optional; String prints the ones that are set.
type Position struct {
	Source string  // the input path as given to the run
	Page   string  // 1-based PDF page number as text, or a sheet name
	Table  TableID // the canonical table
	Row    int     // 1-based data row within the table (0: none)
	Column string  // a canonical column id, or a sheet column letter
}

// String prints the position the way messages name places:
// `商务委25年预算.pdf page 12 table basic_econ row 7 column total`; a page that
// is not a number is a sheet (`sheet 表三`).
func (p Position) String() string {
	var parts []string
	if p.Source != "" {
		parts = append(parts, p.Source)
	}
	if p.Page != "" {
		word := "page"
		if !isNumber(p.Page) {
			word = "sheet"
		}
		parts = append(parts, word+" "+p.Page)
	}
	if p.Table != "" {
		parts = append(parts, "table "+string(p.Table))
	}
	if p.Row > 0 {
		parts = append(parts, "row "+strconv.Itoa(p.Row))
	}
	if p.Column != "" {
		parts = append(parts, "column "+p.Column)
	}
	return strings.Join(parts, " ")
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Error is an error at a position. Its message is the position, a colon and
// the cause; Unwrap gives the cause.
type Error struct {
	Pos Position
	Err error
}

func (e *Error) Error() string {
	if s := e.Pos.String(); s != "" {
		return s + ": " + e.Err.Error()
	}
	return e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
