package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/urfave/cli/v2"
)

func mergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "join the csv: outputs of the shards of one run (run --shard K/N)",
		ArgsUsage: "DIR...",
		Description: `Each DIR is a csv: output of run --shard K/N over the same inputs, for
   every K. The merge writes what one run over all of them writes, byte for
   byte: documents in the run's order, duplicates marked across shards.

   Example (two machines, then one):
      budgetetl run --shard 0/2 -o shard0 inputs/
      budgetetl run --shard 1/2 -o shard1 inputs/
      budgetetl merge -o out shard0 shard1`,
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "to", Usage: "destination `DEST`: csv:DIR, xlsx:FILE, sqlite:FILE or postgres://… (repeatable; default csv:out)"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output `DIR`, the same as --to csv:DIR"},
			&cli.StringFlag{Name: "encoding", Value: "utf-8", Usage: "CSV encoding: utf-8, utf-8-bom, gb18030 or gbk"},
			&cli.BoolFlag{Name: "csv-raw-text", Usage: "write text cells as published (formula guard off)"},
		},
		Action: mergeAction,
	}
}

func mergeAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError{errors.New("merge: name the shards' output DIRs")}
	}
	for _, dir := range c.Args().Slice() {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return usageError{fmt.Errorf("merge: %s is no output directory", dir)}
		}
	}
	ctx := context.Background()
	dests, sinks, err := flagSinks(ctx, c)
	if err != nil {
		return err
	}
	sum, err := pipelines.Merge(ctx, c.Args().Slice(), sinks)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "budgetetl: merged %d shards: %d documents, %d facts, %d failed; wrote %s\n",
		c.NArg(), sum.Documents, sum.Facts, sum.Failed, joinDests(dests))
	return nil
}
