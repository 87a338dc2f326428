package load

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/budgetetl/budgetetl/dataset"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding is how CSV files are written.
type Encoding string

// The encodings CSV output can take. UTF8 is the SCHEMA default; UTF8BOM
// and GBK open directly in Excel on a Chinese PC.
const (
	UTF8    Encoding = "utf-8"
	UTF8BOM Encoding = "utf-8-bom"
	GBK     Encoding = "gbk"
)

// ParseEncoding reads an --encoding value.
func ParseEncoding(s string) (Encoding, error) {
	switch Encoding(s) {
	case UTF8, UTF8BOM, GBK:
		return Encoding(s), nil
	case "", "utf8":
		return UTF8, nil
	}
	return "", fmt.Errorf("encoding %q: want utf-8, utf-8-bom or gbk", s)
}

// The files a CSV sink writes.
const (
	FactsFile     = "facts.csv"
	DocumentsFile = "documents.csv"
	ChecksFile    = "checks.csv"
)

// CSV is a Sink writing facts.csv, documents.csv and checks.csv into one
// directory: RFC 4180, a header row, \n line ends. The files are written
// under temporary names as documents arrive and renamed into place by Close.
type CSV struct {
	dir                 string
	facts, docs, checks *csvFile
}

// NewCSV creates dir if needed and opens the three files, so that a
// directory that cannot be written fails before any document is read.
func NewCSV(dir string, enc Encoding) (*CSV, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &CSV{dir: dir}
	var err error
	open := func(name string, header []string) *csvFile {
		if err != nil {
			return nil
		}
		var f *csvFile
		f, err = createCSV(dir, name, enc, header)
		return f
	}
	s.facts = open(FactsFile, dataset.FactColumns)
	s.docs = open(DocumentsFile, dataset.DocumentColumns)
	s.checks = open(ChecksFile, dataset.CheckColumns)
	if err != nil {
		s.Abort()
		return nil, err
	}
	return s, nil
}

// Write appends one document's rows.
func (s *CSV) Write(_ context.Context, b dataset.Batch) error {
	if err := s.docs.write(b.Document.Record()); err != nil {
		return err
	}
	for _, f := range b.Facts {
		if err := s.facts.write(f.Record()); err != nil {
			return err
		}
	}
	for _, c := range b.Checks {
		if err := s.checks.write(c.Record()); err != nil {
			return err
		}
	}
	return nil
}

// Close flushes the three files to disk and renames them into place.
func (s *CSV) Close() error {
	files := []*csvFile{s.facts, s.docs, s.checks}
	for _, f := range files {
		if err := f.finish(); err != nil {
			s.Abort()
			return err
		}
	}
	for _, f := range files {
		if err := os.Rename(f.tmp.Name(), filepath.Join(s.dir, f.name)); err != nil {
			s.Abort()
			return err
		}
	}
	return nil
}

// Abort removes the temporary files; the directory keeps its old files.
func (s *CSV) Abort() error {
	var errs []error
	for _, f := range []*csvFile{s.facts, s.docs, s.checks} {
		if f != nil {
			f.tmp.Close()
			if err := os.Remove(f.tmp.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// csvFile is one CSV file being written under a temporary name.
type csvFile struct {
	name string
	tmp  *os.File
	buf  *bufio.Writer
	enc  io.WriteCloser // the GBK encoder, when used
	w    *csv.Writer
}

func createCSV(dir, name string, enc Encoding, header []string) (*csvFile, error) {
	tmp, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return nil, err
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes 0600
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	f := &csvFile{name: name, tmp: tmp, buf: bufio.NewWriter(tmp)}
	var w io.Writer = f.buf
	switch enc {
	case UTF8BOM:
		f.buf.WriteString("\uFEFF")
	case GBK:
		f.enc = transform.NewWriter(f.buf, simplifiedchinese.GBK.NewEncoder())
		w = f.enc
	}
	f.w = csv.NewWriter(w)
	return f, f.write(header)
}

func (f *csvFile) write(rec []string) error {
	if err := f.w.Write(rec); err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
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
