package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/load"
	"github.com/urfave/cli/v2"
)

func loadCommand() *cli.Command {
	return &cli.Command{
		Name:      "load",
		Usage:     "load a finished output directory into other destinations",
		ArgsUsage: "DIR",
		Description: `Reads DIR (facts.csv, documents.csv, checks.csv and schema.json, as
   run wrote them) and writes every document to each --to destination, in the
   order of the run: a database gets one transaction per document, which
   replaces that document's rows, so loading again changes nothing.

   Example:
      budgetetl load --to sqlite:budget.db out/
      budgetetl load --to 'postgres://etl@localhost/budget' out/`,
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "to", Usage: "destination `DEST`: csv:DIR, sqlite:FILE or postgres://… (repeatable, required)"},
			&cli.StringFlag{Name: "encoding", Value: "utf-8", Usage: "encoding of csv: destinations (utf-8, utf-8-bom, gb18030, gbk)"},
			&cli.BoolFlag{Name: "csv-raw-text", Usage: "csv: destinations: text cells as published, without the formula guard"},
		},
		Action: loadAction,
	}
}

func loadAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageError{errors.New("load: name one DIR (see budgetetl load --help)")}
	}
	if len(c.StringSlice("to")) == 0 {
		return usageError{errors.New("load: name a destination with --to (see budgetetl load --help)")}
	}
	dir := c.Args().First()
	if _, err := os.Stat(dir); err != nil {
		return usageError{err}
	}
	ctx := context.Background()
	dests, sinks, err := flagSinks(ctx, c)
	if err != nil {
		return err
	}
	start, n := time.Now(), 0
	err = load.ReadDir(dir, func(b dataset.Batch) error {
		n++
		for _, s := range sinks {
			if err := s.Write(ctx, b); err != nil {
				return fmt.Errorf("%s: %w", b.Document.Source, err)
			}
		}
		return nil
	})
	for _, s := range sinks {
		if err != nil {
			s.Abort()
		} else if cerr := s.Close(); cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("load %s: %w", dir, err)
	}
	fmt.Fprintf(os.Stderr, "budgetetl: loaded %d documents from %s into %s in %s\n", n, dir, joinDests(dests),
		time.Since(start).Round(time.Millisecond))
	return nil
}
