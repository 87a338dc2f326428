package main

import (
	"context"
	"errors"
	"fmt"
	"os"

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
		ArgsUsage: "PATH...",
		Description: `PATHs are files or directories (read recursively). The format of each
   file is detected from its content, not its name. One bad file does not stop
   the run: it gets status=failed in documents.csv and the exit status is 1.

   Example:
      budgetetl run -o out samples/
      budgetetl run -o out --workers 4 --encoding utf-8-bom 2026/*.pdf`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "output `DIR`"},
			&cli.IntFlag{Name: "workers", Value: 0, Usage: "documents read at once (0: one per CPU)"},
			&cli.StringFlag{Name: "encoding", Value: "utf-8", Usage: "CSV encoding: utf-8, utf-8-bom (Excel) or gbk"},
			&cli.StringFlag{Name: "pdf-engine", Value: "pdfium", Usage: "PDF text engine: pdfium or ledongthuc"},
			&cli.StringFlag{Name: "province", Usage: "province of every document (else from the unit name)"},
			&cli.StringFlag{Name: "city", Usage: "city of every document"},
			&cli.StringFlag{Name: "county", Usage: "county or district of every document"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress lines"},
		},
		Action: runAction,
	}
}

func runAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError{errors.New("run: name at least one PATH (see budgetetl run --help)")}
	}
	enc, err := load.ParseEncoding(c.String("encoding"))
	if err != nil {
		return usageError{err}
	}
	engine := c.String("pdf-engine")
	if engine != "pdfium" && engine != "ledongthuc" {
		return usageError{fmt.Errorf("--pdf-engine %q: want pdfium or ledongthuc", engine)}
	}
	out := c.String("out")
	sink, err := load.NewCSV(out, enc)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	cfg := pipelines.Config{
		Inputs: c.Args().Slice(), Sinks: []load.Sink{sink}, Workers: c.Int("workers"),
		Extract: extract.Options{PDFEngine: engine},
		Meta:    transform.Meta{Province: c.String("province"), City: c.String("city"), County: c.String("county")},
	}
	if !c.Bool("quiet") {
		cfg.Progress = os.Stderr
	}
	sum, err := pipelines.Run(context.Background(), cfg)
	if err != nil {
		if errors.Is(err, pipelines.ErrNoInputs) || errors.Is(err, os.ErrNotExist) {
			return usageError{err}
		}
		return err
	}
	fmt.Fprintf(os.Stderr, "budgetetl: %d documents, %d facts, %d failed, %d with warnings, in %s; wrote %s/{facts,documents,checks}.csv\n",
		sum.Documents, sum.Facts, sum.Failed, sum.Warnings, sum.Elapsed.Round(1e6), out)
	if sum.Failed > 0 {
		return errDocumentsFailed
	}
	return nil
}
