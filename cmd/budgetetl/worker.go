package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/urfave/cli/v2"
)

// workerCommand is the hidden command a run starts its worker processes
// with (--isolation process): it reads documents for its parent over stdin
// and stdout.
func workerCommand() *cli.Command {
	return &cli.Command{
		Name:   "reader",
		Usage:  "read documents for a parent run (started by run; not for use by hand)",
		Hidden: true,
		Action: func(*cli.Context) error { return pipelines.ServeWorker() },
	}
}

// isolationHelp is the --help text of --isolation.
const isolationHelp = `Each document is read in a worker process of its own (a pool of --workers),
   under a deadline (--doc-timeout) and a memory ceiling (--doc-memory, held by
   the kernel as RLIMIT_DATA on Linux); a worker that crashes, runs out of time
   or memory is replaced and its document failed with the reason. The rows do
   not depend on it: --isolation none reads in this process, for debugging.`

// isolation reads --isolation, --doc-timeout and --doc-memory.
func isolation(c *cli.Context) (pipelines.Isolation, error) {
	var iso pipelines.Isolation
	switch c.String("isolation") {
	case "none":
		return iso, nil
	case "process":
	default:
		return iso, usageError{fmt.Errorf("--isolation %q: want process or none", c.String("isolation"))}
	}
	exe, err := os.Executable()
	if err != nil {
		return iso, fmt.Errorf("--isolation process: finding this program to start workers: %w", err)
	}
	iso.Worker = []string{exe, "reader"}
	if iso.DocTimeout = c.Duration("doc-timeout"); iso.DocTimeout <= 0 {
		return iso, usageError{fmt.Errorf("--doc-timeout %s: want a positive duration", iso.DocTimeout)}
	}
	if s := c.String("doc-memory"); s != "" {
		if iso.DocMemory, err = parseBytes(s); err != nil {
			return iso, usageError{fmt.Errorf("--doc-memory: %w", err)}
		}
	}
	return iso, nil
}

// parseBytes reads a size: a number with an optional unit (B, KiB, MiB, GiB,
// or K, M, G, KB, MB, GB, all binary), at least 64 MiB.
func parseBytes(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	num := strings.TrimRight(t, "KMGTIB ")
	unit := strings.TrimSpace(t[len(num):])
	shift, ok := map[string]uint{"": 0, "B": 0, "K": 10, "KB": 10, "KIB": 10, "M": 20, "MB": 20, "MIB": 20, "G": 30, "GB": 30, "GIB": 30, "T": 40, "TB": 40, "TIB": 40}[unit]
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	switch {
	case !ok || err != nil || v <= 0:
		return 0, fmt.Errorf("%q: want a size such as 1GiB or 512MiB", s)
	case v*float64(uint64(1)<<shift) < 64<<20:
		return 0, errors.New(s + ": want at least 64MiB")
	}
	return int64(v * float64(uint64(1)<<shift)), nil
}
