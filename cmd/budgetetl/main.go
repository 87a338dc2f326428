// Command budgetetl turns published Chinese government budget disclosures
// (PDF, .xlsx, .xls) into one canonical dataset: facts.csv, documents.csv
// and checks.csv. See README.md.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/urfave/cli/v2"
)

// Exit statuses (README.md and --help list them).
const (
	exitOK       = 0
	exitFailed   = 1 // some document failed; the outputs are written
	exitUsage    = 2 // how the command was called
	exitNoOutput = 3 // the command stopped before writing its output
	exitStrict   = 4 // --strict: every document read, some check failed
)

// exitStatuses is the --help text of the exit statuses.
const exitStatuses = `Exit status:
   0  every document read (warnings included)
   1  some document failed; the outputs are written, with its row in documents.csv
      (or a URL of a pipeline's urls source could not be fetched; see run-report)
   2  usage: no PATH, an unknown flag or value, a PATH that does not exist
   3  no output written: an output that cannot be written, a database error,
      an interrupted run (destinations keep what they held)
   4  with --strict (or strict: true in the pipeline file): every document
      read, but some check failed; the outputs are written`

// errDocumentsFailed marks a run that finished with failed documents.
var errDocumentsFailed = errors.New("some documents failed")

// errChecksFailed marks a --strict run that finished with failing checks.
var errChecksFailed = errors.New("some checks failed (--strict)")

func main() {
	os.Exit(run(os.Args))
}

func run(args []string) int {
	app := &cli.App{
		Name:           "budgetetl",
		Usage:          "read budget disclosures (PDF, xlsx, xls) into canonical CSV",
		Description:    "Example:\n   budgetetl run -o out samples/\n   budgetetl inspect samples/jincheng-2026.xlsx\n\n" + exitStatuses,
		Commands:       []*cli.Command{runCommand(), loadCommand(), aggregateCommand(), inspectCommand(), lintCommand(), mergeCommand(), workerCommand(), fetchCommand(), enqueueCommand(), queueWorkerCommand()},
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   onUsageError,
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = onUsageError
	}
	if len(args) > 1 && !knownCommand(app, args[1]) {
		fmt.Fprintf(os.Stderr, "budgetetl: no command %q (see budgetetl --help)\n", args[1])
		return exitUsage
	}
	err := app.Run(args)
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errDocumentsFailed), errors.Is(err, errLintFailed):
		return exitFailed
	case errors.Is(err, errChecksFailed):
		fmt.Fprintln(os.Stderr, "budgetetl:", err)
		return exitStrict
	case errors.As(err, &u):
		fmt.Fprintln(os.Stderr, "budgetetl:", err)
		return exitUsage
	default:
		fmt.Fprintln(os.Stderr, "budgetetl:", err)
		return exitNoOutput
	}
}

func onUsageError(_ *cli.Context, err error, _ bool) error {
	return usageError{err}
}

// knownCommand reports whether arg names a command or is a flag or help.
func knownCommand(app *cli.App, arg string) bool {
	if arg == "" || arg[0] == '-' || arg == "help" || arg == "h" {
		return true
	}
	for _, c := range app.Commands {
		if c.Name == arg {
			return true
		}
	}
	return false
}

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }
