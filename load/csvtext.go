package load

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/budgetetl/budgetetl/dataset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// ErrNotGBK is the cause of a warning about a field that holds a character
// GBK cannot encode; it was written with ? in its place.
var ErrNotGBK = errors.New("character outside GBK written as ? (--encoding gb18030 keeps it)")

// formulaStart reports whether a spreadsheet could read text starting with
// c as a formula or a command (OWASP "CSV injection"): = + - @, tab, CR, LF.
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return true
	}
	return false
}

// guardFormula puts a ' before text a spreadsheet would evaluate. Excel
// and LibreOffice show the text without it. Text that starts with ' gets
// one more, so that unguardFormula gives back exactly what was published.
func guardFormula(s string) string {
	if s != "" && (formulaStart(s[0]) || s[0] == '\'') {
		return "'" + s
	}
	return s
}

// unguardFormula undoes guardFormula.
func unguardFormula(s string) string {
	if s != "" && s[0] == '\'' {
		return s[1:]
	}
	return s
}

// fieldCleaner makes a record safe to write: the formula guard on text
// columns (never on amounts or counts) and, for GBK, characters outside
// GBK replaced and reported.
type fieldCleaner struct {
	file  string
	cols  []string
	text  []bool // the columns the guard applies to
	guard bool
	gbk   encoding.Encoding // nil unless GBK
	warn  func(error)
}

func newFieldCleaner(file string, columns []string, opts CSVOptions) fieldCleaner {
	c := fieldCleaner{file: file, cols: columns, text: textColumns(columns), guard: !opts.RawText, warn: opts.Warn}
	if opts.Encoding == GBK {
		c.gbk = simplifiedchinese.GBK
	}
	return c
}

// record cleans rec in place; line is its line in the file (the header is
// line 1) and src the input it comes from, for warnings.
func (c *fieldCleaner) record(rec []string, line int, src string) {
	for i, v := range rec {
		if c.guard && i < len(c.text) && c.text[i] {
			v = guardFormula(v)
		}
		if c.gbk != nil {
			var bad []rune
			v, bad = c.restrict(v)
			if len(bad) > 0 && c.warn != nil {
				c.warn(c.notGBK(line, i, src, bad))
			}
		}
		rec[i] = v
	}
}

// notGBK is the warning for field i of a line: where, which characters.
func (c *fieldCleaner) notGBK(line, i int, src string, bad []rune) error {
	col := ""
	if i < len(c.cols) {
		col = c.cols[i]
	}
	err := fmt.Errorf("%q (from %s): %w", string(bad), src, ErrNotGBK)
	return &dataset.Error{Pos: dataset.Position{Source: c.file, Row: line, Column: col}, Err: err}
}

// restrict replaces every character of s that GBK cannot encode with ?,
// returning them.
func (c *fieldCleaner) restrict(s string) (string, []rune) {
	if ascii(s) {
		return s, nil
	}
	enc := c.gbk.NewEncoder()
	if _, err := enc.String(s); err == nil {
		return s, nil
	}
	var b strings.Builder
	var bad []rune
	for _, r := range s {
		if _, err := enc.String(string(r)); err != nil || r == utf8.RuneError {
			bad = append(bad, r)
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String(), bad
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
