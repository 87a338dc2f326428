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
	// Isolation reads each document in a worker process under a deadline
	// and a memory ceiling; its zero value reads them in this process.
	Isolation Isolation

	started func(path string, pid int) // tests: a document was sent to worker pid
}

// Summary is what a run did.
type Summary struct {
	Documents, Failed, Warnings, Facts int
	Elapsed                            time.Duration
	// Peak is this process's peak resident memory, and WorkerPeak the
	// largest of its worker processes', in bytes (0 where the system does
	// not say, and WorkerPeak 0 in-process).
	Peak, WorkerPeak int64
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
	inputs, err := Discover(cfg.Inputs)
	if err != nil {
		return Summary{}, err
	}
	if len(inputs) == 0 {
		return Summary{}, ErrNoInputs
	}
	files := make([]string, len(inputs))
	skipped := map[string]string{}
	for i, in := range inputs {
		files[i] = in.Path
		if in.Skip != "" {
			skipped[in.Path] = in.Skip
		}
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	prog := newProgress(cfg.Progress, len(files))
	read := func(ctx context.Context, path string) dataset.Batch { return ProcessFile(ctx, path, cfg) }
	if len(cfg.Isolation.Worker) > 0 {
		p := newPool(cfg, workers)
		defer func() {
			p.close()
			sum.WorkerPeak = p.peakResident()
		}()
		read = p.read
	}
	if len(skipped) > 0 {
		readFile := read
		read = func(ctx context.Context, path string) dataset.Batch {
			if reason, ok := skipped[path]; ok {
				return failedBatch(path, reason)
			}
			return readFile(ctx, path)
		}
	}
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
	sum.Elapsed, sum.Peak = time.Since(start), selfPeakResident()
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
