package load

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/budgetetl/budgetetl/dataset"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// ErrDirLayout is the cause of the error for an output directory whose
// files do not belong together (a fact of no listed document, a document
// missing its facts).
var ErrDirLayout = errors.New("files of the directory do not match")

// csvReader reads one output CSV file record by record, decoded and with
// the formula guard undone, knowing its line for errors.
type csvReader struct {
	name  string
	file  *os.File
	r     *csv.Reader
	guard bool
	text  []bool
	line  int
	peek  []string // a record read ahead, or nil
}

// openCSV opens dir/name, checking that its header is columns.
func openCSV(dir, name string, columns []string, schema csvSchema) (*csvReader, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 1<<16)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	var in io.Reader = br
	if schema.Dialect.Encoding == "gb18030" {
		in = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	r := csv.NewReader(in)
	r.ReuseRecord = false
	c := &csvReader{name: name, file: f, r: r, guard: schema.Guard, text: textColumns(columns)}
	header, err := c.next()
	if err == nil && !slices.Equal(header, columns) {
		err = fmt.Errorf("%s: header %v, want %v: %w", name, header, columns, ErrDirLayout)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// next returns the next record, or io.EOF.
func (c *csvReader) next() ([]string, error) {
	if rec := c.peek; rec != nil {
		c.peek = nil
		return rec, nil
	}
	rec, err := c.r.Read()
	if err != nil {
		if err != io.EOF {
			err = fmt.Errorf("%s: %w", c.name, err)
		}
		return nil, err
	}
	c.line++
	if c.guard && c.line > 1 {
		for i, v := range rec {
			if i < len(c.text) && c.text[i] {
				rec[i] = unguardFormula(v)
			}
		}
	}
	return rec, nil
}

// unread puts rec back for the next call of next.
func (c *csvReader) unread(rec []string) { c.peek = rec }

func (c *csvReader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s", c.name, c.line, fmt.Sprintf(format, args...))
}

// ReadDir reads an output directory (facts.csv, documents.csv, checks.csv,
// and schema.json for their encoding) back into the batches a run wrote, in
// the run's order, and hands each to fn. It holds one document's rows at a
// time. The same file read twice in a run has its checks listed twice under
// one doc_id with nothing to tell them apart; each copy gets its share.
func ReadDir(dir string, fn func(dataset.Batch) error) error {
	dir = resolveGeneration(dir) // one generation's set, even while a run commits the next
	schema, err := readSchema(dir)
	if err != nil {
		return err
	}
	docs, err := readDocuments(dir, schema)
	if err != nil {
		return err
	}
	facts, err := openCSV(dir, FactsFile, dataset.FactColumns, schema)
	if err != nil {
		return err
	}
	defer facts.file.Close()
	checks, err := openCSV(dir, ChecksFile, dataset.CheckColumns, schema)
	if err != nil {
		return err
	}
	defer checks.file.Close()
	var shares [][]dataset.Check // the checks of the copies still to come
	for i, d := range docs {
		b := dataset.Batch{Document: d}
		if b.Facts, err = readFacts(facts, d); err != nil {
			return err
		}
		if len(shares) == 0 {
			all, err := readChecks(checks, d.DocID)
			if err != nil {
				return err
			}
			shares = split(all, copiesAhead(docs[i:]))
		}
		b.Checks, shares = shares[0], shares[1:]
		if err := fn(b); err != nil {
			return err
		}
	}
	for _, r := range []*csvReader{facts, checks} {
		if rec, err := r.next(); err != io.EOF {
			if err != nil {
				return err
			}
			return fmt.Errorf("%s: %w", r.errorf("doc_id %s is not in %s", rec[0], DocumentsFile), ErrDirLayout)
		}
	}
	return nil
}

// readDocuments reads documents.csv whole: one short row per input.
func readDocuments(dir string, schema csvSchema) ([]dataset.Document, error) {
	r, err := openCSV(dir, DocumentsFile, dataset.DocumentColumns, schema)
	if err != nil {
		return nil, err
	}
	defer r.file.Close()
	var docs []dataset.Document
	for {
		rec, err := r.next()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		d, err := dataset.ParseDocument(rec)
		if err != nil {
			return nil, r.errorf("%v", err)
		}
		docs = append(docs, d)
	}
}

// copiesAhead counts the documents at the head of docs that share the
// first one's doc_id (the same file given more than once, in a row).
func copiesAhead(docs []dataset.Document) int {
	n := 1
	for n < len(docs) && docs[n].DocID == docs[0].DocID {
		n++
	}
	return n
}

// readFacts reads the facts of document d: the next d.Facts rows, each of
// its doc_id and source.
func readFacts(r *csvReader, d dataset.Document) ([]dataset.Fact, error) {
	facts := make([]dataset.Fact, 0, d.Facts)
	for len(facts) < d.Facts {
		rec, err := r.next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: %s lists %d facts, %s ends after %d: %w", DocumentsFile, d.Source, d.Facts, r.name, len(facts), ErrDirLayout)
		}
		if err != nil {
			return nil, err
		}
		f, err := dataset.ParseFact(rec)
		if err != nil {
			return nil, r.errorf("%v", err)
		}
		if f.DocID != d.DocID || f.Source != d.Source {
			return nil, fmt.Errorf("%s: fact of %s where %s has %d more: %w", r.errorf("%s", f.Source), f.DocID, d.Source, d.Facts-len(facts), ErrDirLayout)
		}
		facts = append(facts, f)
	}
	return facts, nil
}

// readChecks reads the checks of doc_id id: the rows of that doc_id that
// follow.
func readChecks(r *csvReader, id string) ([]dataset.Check, error) {
	var checks []dataset.Check
	for {
		rec, err := r.next()
		if err == io.EOF {
			return checks, nil
		}
		if err != nil {
			return nil, err
		}
		if rec[0] != id {
			r.unread(rec)
			return checks, nil
		}
		c, err := dataset.ParseCheck(rec)
		if err != nil {
			return nil, r.errorf("%v", err)
		}
		checks = append(checks, c)
	}
}

// split cuts checks into n equal shares, in order.
func split(checks []dataset.Check, n int) [][]dataset.Check {
	out := make([][]dataset.Check, n)
	size := len(checks) / n
	for i := range out {
		out[i] = checks[i*size : (i+1)*size]
	}
	return out
}
