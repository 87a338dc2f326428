package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/budgetetl/budgetetl/load"
	"github.com/urfave/cli/v2"
)

func aggregateCommand() *cli.Command {
	keys := make([]string, len(load.Keys))
	for i, k := range load.Keys {
		keys[i] = string(k)
	}
	return &cli.Command{
		Name:  "aggregate",
		Usage: "sum the detail rows of a run by keys, counting each unit once",
		Description: `Reads a run (--from an output DIR, sqlite:FILE or a postgres:// URL) and
   sums the amounts of its detail rows (never totals or subtotals, which would
   count them twice) by the --by keys: ` + strings.Join(keys, ", ") + `.
   func3/func5/func7 cut the function code to its 类/款/项, econ3/econ5 the
   economic code to its 类/款.

   Each unit is counted once: a document that repeats another (duplicate_of:
   the same file twice, or one budget in .xlsx and .pdf), a failed one, and a
   单位预算 whose 部门预算 is also there are left out and listed. For every
   document and table it also checks that the detail rows add up to the
   printed total within the 尾差 tolerance.

   Output: CSV on standard output, or -o FILE.csv (with FILE.left_out.csv and
   FILE.checks.csv beside it), or -o FILE.xlsx (sheets 汇总, 未计入, 核对). The
   list of what was left out and the failing checks are summed up on standard
   error.

   Example:
      budgetetl aggregate --from out --by province,city,year,func3
      budgetetl aggregate --from sqlite:budget.db --by unit_name,table -o by-unit.csv`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "from", Value: "out", Usage: "the run: output `DIR`, sqlite:FILE or postgres://…"},
			&cli.StringFlag{Name: "by", Usage: "`KEYS` joined by commas (required)"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write to `FILE`.csv or FILE.xlsx instead of standard output"},
		},
		Action: aggregateAction,
	}
}

func aggregateAction(c *cli.Context) error {
	if c.NArg() != 0 {
		return usageError{fmt.Errorf("aggregate: unexpected argument %q (the run is named by --from)", c.Args().First())}
	}
	if c.String("by") == "" {
		return usageError{errors.New("aggregate: name the keys with --by (see budgetetl aggregate --help)")}
	}
	keys, err := load.ParseKeys(c.String("by"))
	if err != nil {
		return usageError{err}
	}
	out := c.String("out")
	if ext := strings.ToLower(filepath.Ext(out)); out != "" && ext != ".csv" && ext != ".xlsx" {
		return usageError{fmt.Errorf("-o %q: want FILE.csv or FILE.xlsx", out)}
	}
	agg, err := load.Aggregate(context.Background(), c.String("from"), keys)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return usageError{err}
		}
		return err
	}
	if err := writeAggregation(agg, out); err != nil {
		return err
	}
	summarize(os.Stderr, agg)
	return nil
}

// writeAggregation writes the groups to out (standard output when empty)
// and, beside a file, the documents left out and the checks.
func writeAggregation(agg *load.Aggregation, out string) error {
	if out == "" {
		return agg.WriteCSV(os.Stdout)
	}
	if strings.EqualFold(filepath.Ext(out), ".xlsx") {
		return agg.WriteXLSX(out)
	}
	base := strings.TrimSuffix(out, filepath.Ext(out))
	for _, f := range []struct {
		path  string
		write func(io.Writer) error
	}{{out, agg.WriteCSV}, {base + ".left_out.csv", agg.WriteLeftOutCSV}, {base + ".checks.csv", agg.WriteChecksCSV}} {
		if err := load.WriteFileAtomic(f.path, "", f.write); err != nil {
			return err
		}
	}
	return nil
}

// summarize tells what was left out and which checks failed.
func summarize(w io.Writer, agg *load.Aggregation) {
	fmt.Fprintf(w, "budgetetl: %d groups; %d documents left out", len(agg.Groups), len(agg.LeftOut))
	fmt.Fprintf(w, "; %d of %d detail-sum checks failed\n", agg.Failed(), len(agg.Checks))
	for _, l := range agg.LeftOut {
		fmt.Fprintf(w, "  left out %s %s (%s): %s\n", l.DocID, l.Source, l.UnitName, l.Reason)
	}
	for _, ck := range agg.Checks[:agg.Failed()] {
		fmt.Fprintf(w, "  check failed %s %s %s/%s/%s: detail rows %s, total %s, diff %s > %s\n", ck.DocID, ck.Source,
			ck.Table, ck.Flow, ck.Column, ck.Actual, ck.Expected, ck.Diff, ck.Tolerance)
	}
}
