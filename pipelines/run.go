package pipelines

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/load"
	"github.com/budgetetl/budgetetl/transform"
)

// Config is one run of the standard pipeline.
type Config struct {
	Inputs   []string // files or directories (walked recursively)
	OutDir   string   // where facts.csv, documents.csv and checks.csv go
	Workers  int      // documents read at once; 0 means the number of CPUs
	Encoding load.Encoding
	Extract  extract.Options
	Meta     transform.Meta // province, city, county for every document
	Progress io.Writer      // progress lines; nil for none
}

// Outcome is one document's result.
type Outcome struct {
	Doc    load.Document
	Facts  []transform.Fact
	Checks []transform.Check
}

// Summary is what a run did.
type Summary struct {
	Documents, Failed, Warnings, Facts int
	Elapsed                            time.Duration
}

// ErrNoInputs is returned when the inputs hold no files.
var ErrNoInputs = errors.New("no input files")

// Run reads every input, writes the three CSV files and reports what it did.
// A document that cannot be read is recorded as failed; Run goes on.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	start := time.Now()
	files, err := Discover(cfg.Inputs)
	if err != nil {
		return Summary{}, err
	}
	if len(files) == 0 {
		return Summary{}, ErrNoInputs
	}
	outcomes := Process(ctx, files, cfg)
	if err := Write(cfg.OutDir, outcomes, cfg.Encoding); err != nil {
		return Summary{}, err
	}
	sum := Summary{Documents: len(outcomes), Elapsed: time.Since(start)}
	for _, o := range outcomes {
		sum.Facts += len(o.Facts)
		switch o.Doc.Status {
		case load.StatusFailed:
			sum.Failed++
		case load.StatusWarnings:
			sum.Warnings++
		}
	}
	return sum, ctx.Err()
}

// Discover expands directories into the regular files below them, sorted,
// skipping hidden files. Files named directly are kept whatever their name.
func Discover(inputs []string) ([]string, error) {
	var files []string
	for _, in := range inputs {
		info, err := os.Stat(in)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, in)
			continue
		}
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != in
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case !d.IsDir() && !hidden && candidate(d.Name()) && regular(path, d):
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

// regular reports whether a directory entry is a regular file, following
// a symbolic link to one.
func regular(path string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// candidate reports whether a file found in a directory walk may be a
// disclosure. The format is still decided by content; this only skips the
// outputs and notes that sit beside inputs.
func candidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".md", ".txt", ".json", ".go", ".golden":
		return false
	}
	return true
}

// Process reads and transforms files with cfg.Workers workers, returning the
// outcomes in the order of files.
func Process(ctx context.Context, files []string, cfg Config) []Outcome {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	out := make([]Outcome, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	prog := newProgress(cfg.Progress, len(files))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = ProcessFile(files[i], cfg)
				prog.done(out[i])
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out
}

// ProcessFile reads and transforms one file. It never panics: a panic in
// any stage becomes the document's error.
func ProcessFile(path string, cfg Config) (o Outcome) {
	o.Doc = load.Document{Source: path, Status: load.StatusFailed}
	defer func() {
		if r := recover(); r != nil {
			o.Facts, o.Checks = nil, nil
			o.Doc.Status = load.StatusFailed
			o.Doc.Error = oneLine(fmt.Sprintf("%s: internal error: %v", path, r))
		}
	}()
	data, err := os.ReadFile(path)
	if err != nil {
		o.Doc.Error = oneLine(err.Error())
		return o
	}
	sum := sha256.Sum256(data)
	o.Doc.DocID = hex.EncodeToString(sum[:])[:16]
	if f, err := extract.Sniff(data); err == nil || errors.Is(err, extract.ErrEncrypted) {
		o.Doc.Format = string(f)
	}
	doc, err := extract.Read(path, data, cfg.Extract)
	if err != nil {
		o.Doc.Error = oneLine(err.Error())
		return o
	}
	meta := cfg.Meta
	meta.DocID, meta.Source = o.Doc.DocID, path
	res := transform.Transform(doc, meta)
	fill(&o, doc, res)
	return o
}

func fill(o *Outcome, doc *extract.Document, res *transform.Result) {
	d := &o.Doc
	info := res.Info
	d.Pages = len(doc.Pages)
	d.UnitName, d.Province, d.City, d.County = info.UnitName, info.Province, info.City, info.County
	d.Year, d.DocKind, d.UnitPublished = info.Year, info.DocKind, string(info.Unit)
	d.TablesFound, d.TablesEmpty = transform.JoinTables(info.TablesFound), transform.JoinTables(info.TablesEmpty)
	d.Facts = len(res.Facts)
	o.Facts, o.Checks = res.Facts, res.Checks
	for _, c := range res.Checks {
		switch c.Status {
		case transform.Pass:
			d.ChecksPassed++
		case transform.Fail:
			d.ChecksFailed++
		}
	}
	d.Status = load.StatusOK
	switch {
	case len(info.TablesFound) == 0:
		d.Status, d.Error = load.StatusWarnings, "no standard budget table found (narrative only?)"
	case info.Template:
		d.Status, d.Error = load.StatusWarnings, "template: tables without amounts"
	case d.ChecksFailed > 0 || hasWarnings(res.Checks):
		d.Status = load.StatusWarnings
	}
}

func hasWarnings(checks []transform.Check) bool {
	for _, c := range checks {
		if c.Status == transform.Warn {
			return true
		}
	}
	return false
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
