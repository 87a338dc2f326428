package load

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding is how CSV files are written.
type Encoding string

// The encodings CSV output can take. UTF8 is the SCHEMA default; UTF8BOM
// and GB18030 open directly in Excel on a Chinese PC. GB18030 encodes all
// of Unicode. GBK is kept for readers that know no GB18030: it is GB18030
// restricted to GBK's characters (the two agree on every one of them), and
// a field holding a character outside GBK is written with ? in its place
// and reported (ErrNotGBK), never failing the run.
const (
	UTF8    Encoding = "utf-8"
	UTF8BOM Encoding = "utf-8-bom"
	GB18030 Encoding = "gb18030"
	GBK     Encoding = "gbk"
)

// ParseEncoding reads an --encoding value.
func ParseEncoding(s string) (Encoding, error) {
	switch e := Encoding(strings.ToLower(s)); e {
	case UTF8, UTF8BOM, GB18030, GBK:
		return e, nil
	case "", "utf8":
		return UTF8, nil
	}
	return "", fmt.Errorf("encoding %q: want utf-8, utf-8-bom, gb18030 or gbk", s)
}

// CSVOptions are the choices of a CSV sink. The zero value writes plain
// UTF-8 with the formula-injection guard on.
type CSVOptions struct {
	Encoding Encoding
	// RawText writes text cells as published, without the leading ' that
	// keeps a spreadsheet from reading a cell starting with = + - @ tab CR
	// or LF as a formula.
	RawText bool
	// Warn receives what the sink had to change in a field and why (a
	// character outside GBK); nil drops it. It is called from Write.
	Warn func(error)
}

// The files a CSV sink writes.
const (
	FactsFile     = "facts.csv"
	DocumentsFile = "documents.csv"
	ChecksFile    = "checks.csv"
)

// CSV is a Sink writing facts.csv, documents.csv and checks.csv into one
// directory (RFC 4180, a header row, \n line ends), with schema.json, their
// CSVW metadata, beside them. The files are written into a new generation
// directory as documents arrive, and Close commits the four together
// (generation.go): whenever a run stops, DIR shows one run's set whole.
type CSV struct {
	dir                 string
	gen                 string // the generation being written
	lock                *os.File
	opts                CSVOptions
	facts, docs, checks *csvFile
	schema              string // schema.json in the generation
	stamp               string // what the set is made from (csv_keep.go); "" for unknown
}

// NewCSV creates dir if needed and opens the files, so that a directory
// that cannot be written fails before any document is read.
func NewCSV(dir string, opts CSVOptions) (*CSV, error) {
	if opts.Encoding == "" {
		opts.Encoding = UTF8
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	gen, err := newGeneration(dir)
	if err != nil {
		unlockDir(lock)
		return nil, err
	}
	s := &CSV{dir: dir, gen: gen, lock: lock, opts: opts}
	open := func(name string, header []string) *csvFile {
		if err != nil {
			return nil
		}
		var f *csvFile
		f, err = createCSV(gen, name, opts, header)
		return f
	}
	s.facts = open(FactsFile, dataset.FactColumns)
	s.docs = open(DocumentsFile, dataset.DocumentColumns)
	s.checks = open(ChecksFile, dataset.CheckColumns)
	if err == nil {
		s.schema, err = writeSchema(gen, opts.Encoding, !opts.RawText)
	}
	if err != nil {
		s.Abort()
		return nil, err
	}
	return s, nil
}

// Write appends one document's rows.
func (s *CSV) Write(_ context.Context, b dataset.Batch) error {
	src := b.Document.Source
	if err := s.docs.write(b.Document.Record(), src); err != nil {
		return err
	}
	for _, f := range b.Facts {
		if err := s.facts.write(f.Record(), src); err != nil {
			return err
		}
	}
	for _, c := range b.Checks {
		if err := s.checks.write(c.Record(), src); err != nil {
			return err
		}
	}
	return nil
}

// Close flushes the files to disk and commits them together, with the
// stamp of what they were made from (see Stamp).
func (s *CSV) Close() error {
	for _, f := range []*csvFile{s.facts, s.docs, s.checks} {
		if err := f.finish(); err != nil {
			s.Abort()
			return err
		}
	}
	if err := s.writeStamp(); err != nil {
		s.Abort()
		return fmt.Errorf("%s: %w", stampFile, err)
	}
	if err := commitGeneration(s.dir, s.gen); err != nil {
		s.Abort()
		return err
	}
	unlockDir(s.lock)
	return nil
}

// Abort removes the generation being written; the directory keeps its
// committed files.
func (s *CSV) Abort() error {
	for _, f := range []*csvFile{s.facts, s.docs, s.checks} {
		if f != nil {
			f.tmp.Close()
		}
	}
	err := os.RemoveAll(s.gen)
	if s.lock != nil {
		unlockDir(s.lock)
		s.lock = nil
	}
	return err
}

// csvFile is one CSV file being written into a generation.
type csvFile struct {
	name  string
	tmp   *os.File
	buf   *bufio.Writer
	enc   io.WriteCloser // the GB18030 encoder, when used
	w     *csv.Writer
	clean fieldCleaner
	line  int // lines written, the header included
}

func createCSV(dir, name string, opts CSVOptions, header []string) (*csvFile, error) {
	tmp, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	f := &csvFile{name: name, tmp: tmp, buf: bufio.NewWriter(tmp), clean: newFieldCleaner(name, header, opts)}
	var w io.Writer = f.buf
	switch opts.Encoding {
	case UTF8BOM:
		f.buf.WriteString("\uFEFF")
	case GB18030, GBK:
		f.enc = transform.NewWriter(f.buf, simplifiedchinese.GB18030.NewEncoder())
		w = f.enc
	}
	f.w = csv.NewWriter(w)
	if err := f.w.Write(header); err != nil {
		return f, fmt.Errorf("%s: %w", name, err)
	}
	f.line = 1
	return f, nil
}

// write appends one record of the document read from src.
func (f *csvFile) write(rec []string, src string) error {
	f.line++
	f.clean.record(rec, f.line, src)
	if err := f.w.Write(rec); err != nil {
		return fmt.Errorf("%s line %d: %w", f.name, f.line, err)
	}
	return nil
}

// finish flushes every layer and syncs the file to disk.
func (f *csvFile) finish() error {
	f.w.Flush()
	if err := f.w.Error(); err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	if f.enc != nil {
		if err := f.enc.Close(); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if err := f.buf.Flush(); err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	if err := f.tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	return f.tmp.Close()
}
