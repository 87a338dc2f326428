package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/load"
	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/budgetetl/budgetetl/transform"
	"github.com/urfave/cli/v2"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "read disclosures and write facts.csv, documents.csv, checks.csv",
		ArgsUsage: "PATH... | --pipeline FILE",
		Description: `PATHs are files or directories (read recursively). The format of each
   file is detected from its content, not its name. One bad file does not stop
   the run: it gets status=failed in documents.csv and the exit status is 1.

   --to names where the rows go, as often as wanted (default csv:out):
      csv:DIR        facts.csv, documents.csv, checks.csv and schema.json in DIR
      sqlite:FILE    a SQLite database (tables documents, facts, checks)
      postgres://…   a PostgreSQL database URL
   -o DIR is csv:DIR. Each document is written as soon as it and those before
   it are read; a database gets one transaction per document.

   ` + isolationHelp + `

   ` + harvestHelp + `

   Example:
      budgetetl run -o out samples/
      budgetetl run --to csv:out --to sqlite:budget.db samples/
      budgetetl run -o out --workers 4 --encoding gb18030 2026/*.pdf

   ` + strings.ReplaceAll(exitStatuses, "\n", "\n   "),
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "to", Usage: "destination `DEST`: csv:DIR, sqlite:FILE or postgres://… (repeatable; default csv:out)"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output `DIR`, the same as --to csv:DIR"},
			&cli.IntFlag{Name: "workers", Value: 0, Usage: "documents read at once (0: one per CPU)"},
			&cli.StringFlag{Name: "encoding", Value: "utf-8", Usage: "CSV encoding: utf-8, utf-8-bom or gb18030 (Excel); gbk writes ? for characters outside GBK"},
			&cli.BoolFlag{Name: "csv-raw-text", Usage: "write text cells as published, without the ' before = + - @ (formula guard off)"},
			&cli.StringFlag{Name: "pdf-engine", Value: extract.EngineAuto, Usage: "PDF text engine: auto (the Go engine, PDFium for the documents it does not read exactly), go or pdfium"},
			&cli.StringFlag{Name: "province", Usage: "province of the documents that do not say theirs (a full name: 山西省)"},
			&cli.StringFlag{Name: "city", Usage: "city of the documents that do not say theirs (晋城市)"},
			&cli.StringFlag{Name: "county", Usage: "county or district of the documents that do not say theirs (阳城县)"},
			&cli.StringFlag{Name: "isolation", Value: "process", Usage: "process: each document read in a worker process under --doc-timeout and --doc-memory; none: in this process (tests, debugging)"},
			&cli.DurationFlag{Name: "doc-timeout", Value: pipelines.DefaultDocTimeout, Usage: "deadline of one document (with --isolation process)"},
			&cli.StringFlag{Name: "doc-memory", Usage: "memory ceiling of each worker process, e.g. 1GiB or 512MiB (default: 1 GiB, less on a machine too small for the workers)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress lines"},
		}, harvestFlags()...),
		Action: runAction,
	}
}

func runAction(c *cli.Context) error {
	spec, err := pipelineFile(c)
	if err != nil {
		return err
	}
	if c.NArg() == 0 && spec == nil {
		return usageError{errors.New("run: name at least one PATH or --pipeline FILE (see budgetetl run --help)")}
	}
	engine := setting(c, "pdf-engine", spec, func(s *pipelines.Spec) string { return s.Options.PDFEngine })
	if _, err := extract.ParseEngine(engine); err != nil {
		return usageError{fmt.Errorf("--pdf-engine: %w", err)}
	}
	region := dataset.Region{
		Province: setting(c, "province", spec, func(s *pipelines.Spec) string { return s.Options.Province }),
		City:     setting(c, "city", spec, func(s *pipelines.Spec) string { return s.Options.City }),
		County:   setting(c, "county", spec, func(s *pipelines.Spec) string { return s.Options.County }),
	}
	if err := region.Validate(); err != nil {
		return usageError{fmt.Errorf("--province/--city/--county: %w", err)}
	}
	iso, err := isolation(c)
	if err != nil {
		return err
	}
	dests, err := destinations(c, spec)
	if err != nil {
		return err
	}
	h, err := harvestSettings(c, spec, dests)
	if err != nil {
		return err
	}
	cfg := pipelines.Config{
		Inputs: c.Args().Slice(), Workers: workers(c, spec),
		Extract:   extract.Options{PDFEngine: engine},
		Meta:      transform.Meta{Province: region.Province, City: region.City, County: region.County},
		Isolation: iso,
	}
	h.apply(&cfg, spec)
	if c.Bool("dry-run") {
		return dryRun(c, cfg, h, dests)
	}
	opts, err := sinkOptions(c, spec)
	if err != nil {
		return err
	}
	// An interrupt or SIGTERM ends the run: the workers are killed and the
	// destinations keep what they held (exit status 3).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.State, err = h.openState(); err != nil {
		return err
	}
	if cfg.State != nil {
		defer cfg.State.Close()
	}
	if cfg.Sinks, err = openSinks(ctx, dests, opts); err != nil {
		return err
	}
	if !c.Bool("quiet") {
		cfg.Progress = os.Stderr
		cfg.ProgressBar = isTerminal(os.Stderr)
	}
	sum, err := pipelines.Run(ctx, cfg)
	if err != nil {
		if errors.Is(err, pipelines.ErrNoInputs) || errors.Is(err, os.ErrNotExist) {
			return usageError{err}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: no output written (%s kept what it held)", joinDests(dests))
		}
		return err
	}
	wrote := "wrote"
	if sum.Report.OutputsKept {
		wrote = "nothing changed, kept"
	}
	fmt.Fprintf(os.Stderr, "budgetetl: %d documents, %d facts, %d failed, %d with warnings, in %s%s; %s %s\n",
		sum.Documents, sum.Facts, sum.Failed, sum.Warnings, sum.Elapsed.Round(1e6), peaks(sum), wrote, joinDests(dests))
	return h.finish(c, sum)
}

// peaks reports the run's peak memory, and its workers', where known.
func peaks(sum pipelines.Summary) string {
	switch {
	case sum.Peak == 0:
		return ""
	case sum.WorkerPeak == 0:
		return fmt.Sprintf(", peak memory %d MiB", sum.Peak>>20)
	}
	return fmt.Sprintf(", peak memory %d MiB (workers up to %d MiB)", sum.Peak>>20, sum.WorkerPeak>>20)
}

// destinations reads --to and -o (csv:DIR); without either the run writes
// csv:out.
func destinations(c *cli.Context, spec *pipelines.Spec) ([]load.Dest, error) {
	var dests []load.Dest
	to := c.StringSlice("to")
	if spec != nil && len(to) == 0 && !c.IsSet("out") {
		to = spec.Sinks
	}
	for _, s := range to {
		d, err := load.ParseDest(s)
		if err != nil {
			return nil, usageError{fmt.Errorf("--to: %w", err)}
		}
		if spec != nil && len(c.StringSlice("to")) == 0 && d.Kind != load.DestPostgres {
			d.Target = specPath(spec, d.Target) // a pipeline file's sinks are relative to it
		}
		dests = append(dests, d)
	}
	if out := c.String("out"); out != "" {
		dests = append(dests, load.Dest{Kind: load.DestCSV, Target: out})
	}
	if len(dests) == 0 {
		dests = append(dests, load.Dest{Kind: load.DestCSV, Target: "out"})
	}
	return dests, nil
}

// sinkOptions reads the flags of the CSV sink.
func sinkOptions(c *cli.Context, spec *pipelines.Spec) (load.Options, error) {
	enc, err := load.ParseEncoding(setting(c, "encoding", spec, func(s *pipelines.Spec) string { return s.Options.Encoding }))
	if err != nil {
		return load.Options{}, usageError{err}
	}
	warn := func(err error) { fmt.Fprintln(os.Stderr, "budgetetl: warning:", err) }
	return load.Options{
		CSV:    load.CSVOptions{Encoding: enc, RawText: c.Bool("csv-raw-text") || (spec != nil && spec.Options.CSVRawText), Warn: warn},
		Inputs: c.Args().Slice(), Started: time.Now(),
	}, nil
}

// flagSinks opens the destinations the command line's --to and output
// flags name, for the commands that take no pipeline file (load, merge).
func flagSinks(ctx context.Context, c *cli.Context) ([]load.Dest, []load.Sink, error) {
	dests, err := destinations(c, nil)
	if err != nil {
		return nil, nil, err
	}
	opts, err := sinkOptions(c, nil)
	if err != nil {
		return nil, nil, err
	}
	sinks, err := openSinks(ctx, dests, opts)
	return dests, sinks, err
}

// openSinks opens every destination, or none: on an error the ones opened
// are aborted.
func openSinks(ctx context.Context, dests []load.Dest, opts load.Options) ([]load.Sink, error) {
	var sinks []load.Sink
	for _, d := range dests {
		s, err := load.Open(ctx, d, opts)
		if err != nil {
			for _, s := range sinks {
				s.Abort()
			}
			return nil, fmt.Errorf("output %w", err)
		}
		sinks = append(sinks, s)
	}
	return sinks, nil
}

func joinDests(dests []load.Dest) string {
	s := make([]string, len(dests))
	for i, d := range dests {
		s[i] = d.String()
	}
	return strings.Join(s, ", ")
}
