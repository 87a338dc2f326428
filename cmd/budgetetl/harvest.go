package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/budgetetl/budgetetl/load"
	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"
)

// harvestHelp is the run command's help on pipeline files, state and
// shards.
const harvestHelp = `--pipeline FILE reads the sources, options and sinks of a pipeline file
   (budgetetl lint FILE checks one); flags given as well override its options.
   A urls source is fetched first, into its store (as budgetetl fetch does);
   its documents are named by their URLs, and a URL that fails exits 1.
   A state store (default DIR/.budgetetl/state.db of the first csv: sink) keeps
   every document's result: a re-run reads only new, changed and failed
   documents and writes the same bytes as a full run (with nothing changed it
   keeps the csv: outputs as they are and says so); --full-refresh reads all.
   --dry-run says what would be read and why, and where it would go, and
   changes nothing. --shard K/N takes a share of the documents by content
   hash (K from 0); budgetetl merge joins the shards' outputs.
   run-report.json, run-report.txt and quarantine.csv go beside the first
   csv: sink's files (or --report DIR).`

func harvestFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "pipeline", Aliases: []string{"p"}, Usage: "pipeline `FILE` (YAML): sources, options, sinks"},
		&cli.BoolFlag{Name: "dry-run", Usage: "say what would be read and why (new, changed, unchanged, failed before) and where it would go; write nothing"},
		&cli.StringFlag{Name: "state", Usage: "state store `FILE` of incremental runs (default DIR/.budgetetl/state.db of the first csv: sink; none for no store)"},
		&cli.BoolFlag{Name: "full-refresh", Usage: "read every document again, whatever the state store holds"},
		&cli.StringFlag{Name: "shard", Usage: "read share `K/N` of the documents (by content hash, K from 0); see budgetetl merge"},
		&cli.BoolFlag{Name: "strict", Usage: "failing checks make the exit status 4"},
		&cli.StringFlag{Name: "report", Usage: "`DIR` of run-report.json, run-report.txt and quarantine.csv (default: the first csv: sink's directory)"},
		&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log lines on standard error: text or json"},
	}
}

// pipelineFile loads --pipeline; nil without it. A file that does not
// lint is a usage error naming every problem.
func pipelineFile(c *cli.Context) (*pipelines.Spec, error) {
	name := c.String("pipeline")
	if name == "" {
		return nil, nil
	}
	spec, err := pipelines.LoadSpec(name)
	if err != nil {
		return nil, usageError{err}
	}
	return spec, nil
}

// setting is a flag's value: the flag when given, else the pipeline
// file's, else the flag's default.
func setting(c *cli.Context, flag string, spec *pipelines.Spec, get func(*pipelines.Spec) string) string {
	if spec != nil && !c.IsSet(flag) {
		if v := get(spec); v != "" {
			return v
		}
	}
	return c.String(flag)
}

func workers(c *cli.Context, spec *pipelines.Spec) int {
	if spec != nil && !c.IsSet("workers") {
		return spec.Options.Workers
	}
	return c.Int("workers")
}

// harvest is how a run keeps state and reports.
type harvest struct {
	state       string // "" for none
	report      string // "" for none
	strict      bool
	fullRefresh bool
	shard       pipelines.Shard
	logger      *slog.Logger
	json        bool
}

// harvestSettings reads the flags (and the pipeline file) of state,
// shards, reports and logs.
func harvestSettings(c *cli.Context, spec *pipelines.Spec, dests []load.Dest) (harvest, error) {
	h := harvest{strict: c.Bool("strict") || (spec != nil && spec.Strict), fullRefresh: c.Bool("full-refresh")}
	switch f := c.String("log-format"); f {
	case "text":
		h.logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	case "json":
		h.logger, h.json = slog.New(slog.NewJSONHandler(os.Stderr, nil)), true
	default:
		return h, usageError{fmt.Errorf("--log-format %q: want text or json", f)}
	}
	if s := c.String("shard"); s != "" {
		sh, err := pipelines.ParseShard(s)
		if err != nil {
			return h, usageError{fmt.Errorf("--shard: %w", err)}
		}
		h.shard = sh
	}
	firstCSV := ""
	for _, d := range dests {
		if d.Kind == load.DestCSV {
			firstCSV = d.Target
			break
		}
	}
	h.state = setting(c, "state", spec, func(s *pipelines.Spec) string { return specPath(s, s.State) })
	if h.state == "" && firstCSV != "" {
		h.state = filepath.Join(firstCSV, load.MetaDir, "state.db")
	}
	if h.state == "none" {
		h.state = ""
	}
	h.report = setting(c, "report", spec, func(s *pipelines.Spec) string { return specPath(s, s.Report) })
	if h.report == "" {
		h.report = firstCSV
	}
	return h, nil
}

// specPath is a path of the pipeline file, relative to its directory.
func specPath(s *pipelines.Spec, p string) string {
	if p == "" || p == "none" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.Dir, p)
}

// apply sets the run's harvest fields.
func (h harvest) apply(cfg *pipelines.Config, spec *pipelines.Spec) {
	cfg.FullRefresh, cfg.Shard, cfg.Logger = h.fullRefresh, h.shard, h.logger
	if spec != nil {
		cfg.Sources, cfg.SourceDir, cfg.Name = spec.Sources, spec.Dir, spec.Name
	}
}

// openState opens the state store; nil without one.
func (h harvest) openState() (*pipelines.State, error) {
	if h.state == "" {
		return nil, nil
	}
	return pipelines.OpenState(h.state)
}

// finish writes the report and returns the run's outcome.
func (h harvest) finish(c *cli.Context, sum pipelines.Summary) error {
	r := sum.Report
	if h.report != "" {
		if err := r.Write(h.report); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if !c.Bool("quiet") && !h.json {
		var b bytes.Buffer
		r.Summary(&b)
		os.Stderr.Write(b.Bytes())
	}
	if h.json {
		h.logger.Info("run finished", "documents", sum.Documents, "failed", sum.Failed, "warnings", sum.Warnings,
			"facts", sum.Facts, "checks_failed", r.FailedChecks(), "reused", r.Documents["reused"], "fetch_failed", sum.FetchFailed,
			"wall_seconds", r.WallSeconds, "report", h.report, "state", h.state)
	}
	switch {
	case sum.Failed > 0 || sum.FetchFailed > 0:
		return errDocumentsFailed
	case h.strict && r.FailedChecks() > 0:
		return errChecksFailed
	}
	return nil
}

// dryRun prints what a run would read and why, and where it would go.
func dryRun(c *cli.Context, cfg pipelines.Config, h harvest, dests []load.Dest) error {
	if h.state != "" {
		if _, err := os.Stat(h.state); err == nil {
			st, err := pipelines.OpenStateReadOnly(h.state)
			if err != nil {
				return err
			}
			defer st.Close()
			cfg.State = st
		}
	}
	plan, err := pipelines.Plan(c.Context, cfg)
	if err != nil {
		if errors.Is(err, pipelines.ErrNoInputs) || errors.Is(err, os.ErrNotExist) {
			return usageError{err}
		}
		return err
	}
	w := c.App.Writer
	unknown := printFetchPlan(w, plan.Fetch)
	counts := map[pipelines.PlanStatus]int{}
	for _, p := range plan.Documents {
		counts[p.Status]++
		fmt.Fprintf(w, "%-13s %s", p.Status, p.Source)
		if p.Reason != "" {
			fmt.Fprintf(w, "  (%s)", p.Reason)
		}
		fmt.Fprintln(w)
	}
	for _, s := range plan.Skipped {
		fmt.Fprintf(w, "%-13s %s  (%s)\n", "skip", s.Path, s.Reason)
	}
	fmt.Fprint(w, "dry run: ")
	if len(plan.Fetch) > 0 {
		fmt.Fprintf(w, "%d URLs to fetch first (%d never fetched), ", len(plan.Fetch), unknown)
	}
	fmt.Fprintf(w, "%d documents (%d new, %d changed, %d unchanged, %d failed before, %d refreshed, %d not readable), %d skipped; would write %s",
		len(plan.Documents), counts[pipelines.PlanNew], counts[pipelines.PlanChanged], counts[pipelines.PlanUnchanged],
		counts[pipelines.PlanFailedBefore], counts[pipelines.PlanRefresh], counts[pipelines.PlanNotRead], len(plan.Skipped), joinDests(dests))
	if h.state != "" {
		fmt.Fprintf(w, "; state %s", h.state)
	}
	fmt.Fprintln(w)
	return nil
}

// printFetchPlan prints the URLs a run would fetch first, with what their
// stores know of them, and returns how many were never fetched.
func printFetchPlan(w io.Writer, fetch []pipelines.PlannedFetch) (unknown int) {
	for _, f := range fetch {
		var known string
		switch {
		case !f.Known:
			known, unknown = "never fetched: downloaded", unknown+1
		case f.SHA256 != "":
			known = fmt.Sprintf("sha256 %.12s stored %s; asked again, downloaded only if changed", f.SHA256, f.FetchedAt.Format(time.RFC3339))
		default:
			known = "nothing stored; asked again"
		}
		if f.Last == pipelines.FetchFailed {
			known = "failed last time: " + f.Error + "; " + known
		}
		fmt.Fprintf(w, "%-13s %s  (into %s: %s)\n", "fetch", f.URL, f.Store, known)
	}
	return unknown
}

// isTerminal reports whether f is a terminal (a progress bar is drawn
// there; plain lines elsewhere).
func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd())
}
