package main

import (
	"errors"
	"fmt"

	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/urfave/cli/v2"
)

func lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check pipeline files against their schema and for meaning",
		ArgsUsage: "FILE...",
		Description: `Each problem is printed as FILE:LINE:COLUMN: FIELD: MESSAGE with the line
   of the file under it. Exit status 0 when every file is right, 1 when one
   is not, 2 when no FILE is named.`,
		Action: lintAction,
	}
}

func lintAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError{errors.New("lint: name at least one pipeline FILE")}
	}
	bad := 0
	for _, name := range c.Args().Slice() {
		if _, err := pipelines.LoadSpec(name); err != nil {
			bad++
			fmt.Fprintln(c.App.ErrWriter, err)
			continue
		}
		fmt.Fprintf(c.App.Writer, "%s: ok\n", name)
	}
	if bad > 0 {
		return errLintFailed
	}
	return nil
}

// errLintFailed marks a lint that found problems (exit status 1).
var errLintFailed = errors.New("lint: problems found")
