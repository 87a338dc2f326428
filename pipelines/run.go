package pipelines

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/load"
	"github.com/budgetetl/budgetetl/transform"
)

// Config is one run of the standard pipeline.
type Config struct {
	Inputs   []string    // files or directories (walked recursively)
	Sinks    []load.Sink // where the rows go; Run closes them
	Workers  int         // documents read at once; 0 means the number of CPUs
	Extract  extract.Options
	Meta     transform.Meta // province, city, county for every document
	Progress io.Writer      // progress lines; nil for none
}

// Summary is what a run did.
type Summary struct {
	Documents, Failed, Warnings, Facts int
	Elapsed                            time.Duration
}

// ErrNoInputs is returned when the inputs hold no files.
var ErrNoInputs = errors.New("no input files")

// readAhead is how many documents each worker may read ahead of the one
// the sinks wait for.
const readAhead = 4

// Run reads every input and streams each document's rows, in input order,
// to every sink; it closes the sinks when all documents are written, or
// aborts them when the run cannot finish (an input that does not exist, a
// sink that fails, a cancelled context). A document that cannot be read is
// a failed document, not an error of the run.
func Run(ctx context.Context, cfg Config) (sum Summary, err error) {
	start := time.Now()
	defer func() {
		if err != nil {
			abort(cfg.Sinks)
		}
	}()
	files, err := Discover(cfg.Inputs)
	if err != nil {
		return Summary{}, err
	}
	if len(files) == 0 {
		return Summary{}, ErrNoInputs
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	prog := newProgress(cfg.Progress, len(files))
	read := func(ctx context.Context, path string) dataset.Batch { return ProcessFile(ctx, path, cfg) }
	dups := newDuplicates()
	emit := func(b dataset.Batch) error {
		dups.mark(&b.Document)
		prog.done(b)
		sum.add(b.Document)
		for _, s := range cfg.Sinks {
			if err := s.Write(ctx, b); err != nil {
				return fmt.Errorf("%s: %w", b.Document.Source, err)
			}
		}
		return nil
	}
	if err := stream(ctx, files, workers, workers*readAhead, read, emit); err != nil {
		return sum, err
	}
	for i, s := range cfg.Sinks {
		if err := s.Close(); err != nil {
			abort(cfg.Sinks[i+1:])
			cfg.Sinks = nil // the deferred abort must not touch closed sinks
			return sum, err
		}
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

func (s *Summary) add(d dataset.Document) {
	s.Documents++
	s.Facts += d.Facts
	switch d.Status {
	case dataset.StatusFailed:
		s.Failed++
	case dataset.StatusWarnings:
		s.Warnings++
	}
}

func abort(sinks []load.Sink) {
	for _, s := range sinks {
		s.Abort()
	}
}
