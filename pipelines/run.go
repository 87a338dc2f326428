package pipelines

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
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

	// The harvest (harvest.go): pipeline-file sources beside Inputs, the
	// state store of incremental runs, a shard of the documents, the run
	// report.
	Sources       []Source      // read after Inputs; relative paths from SourceDir
	SourceDir     string        // the pipeline file's directory
	Fetch         FetchOptions  // of the urls sources' fetch stage (a source's per_host overrides PerHost)
	State         *State        // stored results; nil for none
	FullRefresh   bool          // read every document again (and store the results afresh)
	Shard         Shard         // this run's share; the zero value is all
	Version       string        // the version results are stored under; "" for Version()
	Name          string        // the pipeline's name, for the report
	ProgressBar   bool          // Progress is a terminal: draw a bar
	ProgressEvery time.Duration // how often plain progress lines are printed (0: 10 s)
	Logger        *slog.Logger  // what the run met that is not a document's (nil: nothing)

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
	// Report is what the run did, document by document (run-report.json).
	Report *Report
	// FetchFailed counts the URLs of urls sources whose fetch failed: the
	// run failed as when a document fails, though a URL with earlier
	// content is read from it (Report.Fetch lists them).
	FetchFailed int
}

// ErrNoInputs is returned when the inputs hold no files.
var ErrNoInputs = errors.New("no input files")

// NoInputs is ErrNoInputs for inputs whose files were all set aside: it
// names them and why (a folder of Word documents must not read as empty).
func NoInputs(skipped []Skipped) error {
	if len(skipped) == 0 {
		return ErrNoInputs
	}
	const named = 3
	var b strings.Builder
	for i, s := range skipped {
		if i == named {
			fmt.Fprintf(&b, "; and %d more", len(skipped)-named)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", s.Path, s.Reason)
	}
	return fmt.Errorf("%w: %d set aside (%s)", ErrNoInputs, len(skipped), b.String())
}

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
	fetched, err := fetchSources(ctx, cfg)
	if err != nil {
		return Summary{}, err
	}
	h, litter, err := plan(ctx, cfg, true)
	if err != nil {
		return Summary{}, err
	}
	files := h.names()
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	sum.Report = newReport(cfg.Name, start, h.version)
	sum.Report.Skipped = append(sum.Report.Skipped, litter...)
	if sum.Report.Fetch = fetched; fetched != nil {
		sum.FetchFailed = fetched.Failed
	}
	if cfg.Shard.Count > 1 {
		sum.Report.Shard = fmt.Sprintf("%d/%d", cfg.Shard.Index, cfg.Shard.Count)
	}
	prog := newProgress(cfg.Progress, len(files), cfg.ProgressBar, cfg.ProgressEvery)
	defer prog.finish()
	if kept, err := h.keep(cfg.Sinks, &sum, prog); kept {
		cfg.Sinks = nil // kept: none is to be aborted
		sum.Elapsed, sum.Peak = time.Since(start), selfPeakResident()
		sum.Report.finish(sum.Elapsed)
		return sum, err
	}
	readCfg := cfg
	readCfg.Meta.Province, readCfg.Meta.City, readCfg.Meta.County = "", "", "" // the harvest gives each document its region
	read := func(ctx context.Context, path string) dataset.Batch { return ProcessFile(ctx, path, readCfg) }
	if len(cfg.Isolation.Worker) > 0 {
		p := newPool(readCfg, workers)
		defer func() {
			p.close()
			sum.WorkerPeak = p.peakResident()
		}()
		read = p.read
	}
	read = h.wrap(read)
	dups := newDuplicates()
	emit := func(b dataset.Batch) error {
		dups.mark(&b.Document)
		prog.done(b.Document)
		sum.add(b.Document)
		took, attempts, reused := h.took(b.Document.Source)
		sum.Report.add(outcomeOf(b), took, attempts, reused)
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
	h.stampSinks(cfg.Sinks)
	for i, s := range cfg.Sinks {
		if err := s.Close(); err != nil {
			abort(cfg.Sinks[i+1:])
			cfg.Sinks = nil // the deferred abort must not touch closed sinks
			return sum, err
		}
	}
	sum.Elapsed, sum.Peak = time.Since(start), selfPeakResident()
	sum.Report.finish(sum.Elapsed)
	return sum, nil
}

// DryRun is what a run would do, found without reading a document,
// asking a server or changing anything on disk.
type DryRun struct {
	Documents []Planned      // each document, with what the run would do with it
	Skipped   []Skipped      // the litter it would skip
	Fetch     []PlannedFetch // the URLs of urls sources it would fetch first
}

// Plan is what a run of cfg would do (a dry run). The documents of urls
// sources are those their fetch stores hold now; a URL not fetched yet is
// new.
func Plan(ctx context.Context, cfg Config) (*DryRun, error) {
	fetch, err := fetchPlan(cfg)
	if err != nil {
		return nil, err
	}
	h, litter, err := plan(ctx, cfg, false)
	if err != nil {
		return nil, err
	}
	return &DryRun{Documents: h.plan(), Skipped: litter, Fetch: fetch}, nil
}

// plan lists a run's inputs and plans each against the state store.
func plan(ctx context.Context, cfg Config, write bool) (*harvest, []Skipped, error) {
	inputs, regions, litter, err := listInputs(cfg)
	if err != nil {
		return nil, nil, err
	}
	if len(inputs) == 0 {
		return nil, nil, NoInputs(litter)
	}
	h, err := newHarvest(ctx, cfg, inputs, regions, write)
	return h, litter, err
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
