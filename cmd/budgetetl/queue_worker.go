package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/budgetetl/budgetetl/transform"
	"github.com/urfave/cli/v2"
)

func queueWorkerCommand() *cli.Command {
	return &cli.Command{
		Name:  "worker",
		Usage: "work the document jobs of budgetetl enqueue, on any number of hosts",
		Description: `Takes document jobs from the queue, reads each document (from its path, the
   fetch store or its bucket) and loads its rows into --to (default: the
   queue's database). In the queue's database a document's rows are loaded
   and its job completed in one transaction, so a worker killed at any moment
   neither loses nor repeats a document: its job is given to another worker
   --rescue-after its start. Into another database the rows are committed
   first and the job completed after; a job worked twice replaces the same
   rows (by doc_id). documents.duplicate_of stays empty (aggregate compares
   the documents of a database itself). Start as many workers as wanted, on
   any hosts; SIGINT or SIGTERM lets the running jobs finish.

   ` + isolationHelp + `

   Example:
      budgetetl worker --queue postgres://etl@db/budget
      budgetetl worker --queue postgres://etl@db/budget --exit-when-idle --workers 4`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "queue", Required: true, Usage: "the queue's PostgreSQL `URL` (postgres://…)"},
			&cli.StringFlag{Name: "to", Usage: "PostgreSQL `URL` the rows go to (default: the queue's database)"},
			&cli.BoolFlag{Name: "exit-when-idle", Usage: "exit once no job waits, runs or awaits a retry"},
			&cli.IntFlag{Name: "workers", Value: 0, Usage: "jobs worked at once (0: one per CPU)"},
			&cli.DurationFlag{Name: "job-timeout", Value: 0, Usage: "deadline of one job (0: 10m)"},
			&cli.DurationFlag{Name: "rescue-after", Value: 0, Usage: "a job still running this long after its start (its worker died) goes to another worker (0: job timeout + 5m)"},
			&cli.StringFlag{Name: "pdf-engine", Value: extract.EngineAuto, Usage: "PDF text engine: auto, go or pdfium (as run)"},
			&cli.StringFlag{Name: "province", Usage: "province of the documents that do not say theirs (as run)"},
			&cli.StringFlag{Name: "city", Usage: "city of the documents that do not say theirs"},
			&cli.StringFlag{Name: "county", Usage: "county or district of the documents that do not say theirs"},
			&cli.StringFlag{Name: "isolation", Value: "process", Usage: "process or none (as run)"},
			&cli.DurationFlag{Name: "doc-timeout", Value: pipelines.DefaultDocTimeout, Usage: "deadline of one document (with --isolation process)"},
			&cli.StringFlag{Name: "doc-memory", Usage: "memory ceiling of each worker process (as run)"},
			&cli.IntFlag{Name: "test-hold-after", Hidden: true, Usage: "tests: hold the transaction of the Nth document open forever"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no line per document"},
		},
		Action: queueWorkerAction,
	}
}

func queueWorkerAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError{fmt.Errorf("worker: unexpected argument %q (documents come from the queue)", c.Args().First())}
	}
	cfg, err := workerConfig(c)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sum, err := pipelines.Work(ctx, cfg)
	fmt.Fprintf(os.Stderr, "budgetetl: worker: %d documents loaded, %d facts, %d failed; %d job errors\n",
		sum.Documents, sum.Facts, sum.Failed, sum.JobErrors)
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errDocumentsFailed
	}
	return nil
}

// workerConfig reads the worker's flags.
func workerConfig(c *cli.Context) (pipelines.WorkerConfig, error) {
	var cfg pipelines.WorkerConfig
	for _, u := range []string{c.String("queue"), c.String("to")} {
		if u == "" {
			continue
		}
		if err := queueURL(u); err != nil {
			return cfg, err
		}
	}
	engine := c.String("pdf-engine")
	if _, err := extract.ParseEngine(engine); err != nil {
		return cfg, usageError{fmt.Errorf("--pdf-engine: %w", err)}
	}
	region := dataset.Region{Province: c.String("province"), City: c.String("city"), County: c.String("county")}
	if err := region.Validate(); err != nil {
		return cfg, usageError{fmt.Errorf("--province/--city/--county: %w", err)}
	}
	iso, err := isolation(c)
	if err != nil {
		return cfg, err
	}
	if c.Int("workers") < 0 || c.Duration("job-timeout") < 0 || c.Duration("rescue-after") < 0 {
		return cfg, usageError{errors.New("worker: --workers, --job-timeout and --rescue-after cannot be negative")}
	}
	cfg = pipelines.WorkerConfig{
		Queue: c.String("queue"), To: c.String("to"), ExitWhenIdle: c.Bool("exit-when-idle"),
		Read: pipelines.Config{
			Workers: c.Int("workers"), Extract: extract.Options{PDFEngine: engine}, Isolation: iso,
			Meta: transform.Meta{Province: region.Province, City: region.City, County: region.County},
		},
		JobTimeout: c.Duration("job-timeout"), RescueAfter: c.Duration("rescue-after"),
		HoldAfter: c.Int("test-hold-after"),
	}
	if !c.Bool("quiet") {
		cfg.Progress = os.Stderr
	}
	return cfg, nil
}
