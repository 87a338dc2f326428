package pipelines

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/load"
)

// Report is what a run did, for the job that started it: run-report.json,
// its human summary (run-report.txt, and the end of a run's standard
// error) and quarantine.csv, the failed documents.
type Report struct {
	Name         string         `json:"name,omitempty"` // the pipeline's
	Version      string         `json:"version"`
	Started      time.Time      `json:"started"`
	WallSeconds  float64        `json:"wall_seconds"`
	Shard        string         `json:"shard,omitempty"`
	Documents    map[string]int `json:"documents"` // by status; reused and read too
	Pages        int            `json:"pages"`
	PagesPerSec  float64        `json:"pages_per_second"`
	Facts        int            `json:"facts"`
	TablesFound  map[string]int `json:"tables_found"`  // documents that hold each table id
	ChecksFailed map[string]int `json:"checks_failed"` // failing checks by check id
	// Engines counts the PDFs by the engine that read them (go, pdfium,
	// go+pdfium: the Go engine with PDFium's pages where it met content it
	// does not read, or where PDFium's reading of failing tables was kept).
	Engines    map[string]int `json:"pdf_engines"`
	Slowest    []DocTiming    `json:"slowest"`
	Skipped    []Skipped      `json:"skipped"` // litter: not documents
	Quarantine []Quarantined  `json:"quarantine"`
	// Fetch is what the fetch stage of the urls sources found; nil
	// without a urls source.
	Fetch *FetchReport `json:"fetch,omitempty"`
	// OutputsKept is true when the run wrote nothing: every document was
	// unchanged and the committed outputs had been made from the same
	// results, budgetetl version and options, so they were kept as they
	// were (keep.go).
	OutputsKept bool `json:"outputs_kept"`
}

// DocTiming is how long a document took to read.
type DocTiming struct {
	Source  string  `json:"source"`
	Pages   int     `json:"pages"`
	Seconds float64 `json:"seconds"`
}

// Quarantined is a failed document: read again by the next run.
type Quarantined struct {
	Source   string `json:"source"`
	DocID    string `json:"doc_id,omitempty"`
	Error    string `json:"error"`
	Page     string `json:"page,omitempty"` // page or sheet, when the reader says
	Attempts int    `json:"attempts"`       // runs in a row that failed it (0 without a state store)
}

// slowestKept is how many of the slowest documents a report lists.
const slowestKept = 10

func newReport(name string, started time.Time, version string) *Report {
	return &Report{Name: name, Started: started.UTC(), Version: version, Documents: map[string]int{},
		TablesFound: map[string]int{}, ChecksFailed: map[string]int{}, Engines: map[string]int{}, Skipped: []Skipped{}, Quarantine: []Quarantined{}}
}

// outcome is what a run's report and summary count of one document: its
// documents.csv row, where a failed one's error stands, and its failing
// checks by check id. The state store keeps it beside the document's rows.
type outcome struct {
	Document     dataset.Document
	ErrorPage    string         `json:",omitempty"`
	ChecksFailed map[string]int `json:",omitempty"`
}

// outcomeOf is the outcome of a document's rows.
func outcomeOf(b dataset.Batch) outcome {
	o := outcome{Document: b.Document, ErrorPage: b.ErrorAt.Page}
	for _, c := range b.Checks {
		if c.Status == dataset.Fail {
			if o.ChecksFailed == nil {
				o.ChecksFailed = map[string]int{}
			}
			o.ChecksFailed[string(c.Check)]++
		}
	}
	return o
}

// add counts one written document: took is its reading time, attempts
// the runs in a row that failed it, reused whether its stored result was
// used.
func (r *Report) add(o outcome, took time.Duration, attempts int, reused bool) {
	d := o.Document
	r.Documents[string(d.Status)]++
	if reused {
		r.Documents["reused"]++
	} else {
		r.Documents["read"]++
	}
	r.Pages += d.Pages
	r.Facts += d.Facts
	for _, id := range d.TablesFound {
		r.TablesFound[string(id)]++
	}
	if d.Engine != "" {
		r.Engines[d.Engine]++
	}
	for id, n := range o.ChecksFailed {
		r.ChecksFailed[id] += n
	}
	if d.Status == dataset.StatusFailed {
		r.Quarantine = append(r.Quarantine, Quarantined{Source: d.Source, DocID: d.DocID, Error: d.Error, Page: o.ErrorPage, Attempts: attempts})
	}
	if took > 0 {
		r.Slowest = append(r.Slowest, DocTiming{Source: d.Source, Pages: d.Pages, Seconds: took.Seconds()})
		sort.SliceStable(r.Slowest, func(i, j int) bool { return r.Slowest[i].Seconds > r.Slowest[j].Seconds })
		if len(r.Slowest) > slowestKept {
			r.Slowest = r.Slowest[:slowestKept]
		}
	}
}

// finish records the wall time.
func (r *Report) finish(wall time.Duration) {
	r.WallSeconds = wall.Seconds()
	if r.WallSeconds > 0 {
		r.PagesPerSec = float64(r.Pages) / r.WallSeconds
	}
	if r.Slowest == nil {
		r.Slowest = []DocTiming{}
	}
}

// FailedChecks is the number of failing checks.
func (r *Report) FailedChecks() int {
	n := 0
	for _, v := range r.ChecksFailed {
		n += v
	}
	return n
}

// Summary writes the human summary.
func (r *Report) Summary(w io.Writer) {
	total := r.Documents["ok"] + r.Documents["warnings"] + r.Documents["failed"]
	fmt.Fprintf(w, "budgetetl run report%s\n", suffix(" — ", r.Name))
	fmt.Fprintf(w, "documents: %d (ok %d, warnings %d, failed %d; %d read, %d unchanged and reused)\n",
		total, r.Documents["ok"], r.Documents["warnings"], r.Documents["failed"], r.Documents["read"], r.Documents["reused"])
	fmt.Fprintf(w, "facts: %d; pages: %d in %.2f s wall (%.1f pages/s)\n", r.Facts, r.Pages, r.WallSeconds, r.PagesPerSec)
	if r.OutputsKept {
		fmt.Fprintln(w, "outputs: kept as they were (nothing changed since the run that wrote them)")
	}
	if f := r.Fetch; f != nil {
		fmt.Fprintf(w, "fetched: %d URLs (%d new, %d changed, %d unchanged, %d failed)\n", f.URLs, f.New, f.Changed, f.Unchanged, f.Failed)
		for _, x := range f.Failures {
			kept := "nothing stored: a failed document"
			if x.Kept != "" {
				kept = "the content fetched before is read"
			}
			fmt.Fprintf(w, "  %s: %s (%s)\n", x.URL, x.Error, kept)
		}
	}
	fmt.Fprintf(w, "tables found (documents): %s\n", countsLine(r.TablesFound))
	fmt.Fprintf(w, "checks failed: %s\n", countsLine(r.ChecksFailed))
	if len(r.Engines) > 0 {
		fmt.Fprintf(w, "PDF engines (documents): %s\n", countsLine(r.Engines))
	}
	if len(r.Slowest) > 0 {
		fmt.Fprintln(w, "slowest documents:")
		for _, s := range r.Slowest {
			fmt.Fprintf(w, "  %6.2f s  %4d pages  %s\n", s.Seconds, s.Pages, s.Source)
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(w, "skipped, not documents: %d\n", len(r.Skipped))
		for _, s := range r.Skipped {
			fmt.Fprintf(w, "  %s: %s\n", s.Path, s.Reason)
		}
	}
	if len(r.Quarantine) > 0 {
		fmt.Fprintf(w, "quarantine (read again next run): %d\n", len(r.Quarantine))
		for _, q := range r.Quarantine {
			fmt.Fprintf(w, "  %s%s: %s\n", q.Source, suffix(" page ", q.Page), q.Error)
		}
	}
}

func suffix(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// countsLine prints counts by name, largest first: a 3, b 1; "none".
func countsLine(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// The files of a report.
const (
	ReportJSON     = "run-report.json"
	ReportText     = "run-report.txt"
	QuarantineFile = "quarantine.csv"
)

// Write writes run-report.json, run-report.txt and quarantine.csv into
// dir, each under a temporary name, synced and renamed into place.
func (r *Report) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	writers := map[string]func(io.Writer) error{
		ReportJSON: func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		},
		ReportText: func(w io.Writer) error { r.Summary(w); return nil },
		QuarantineFile: func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write([]string{"source", "doc_id", "error", "page", "attempts"})
			for _, q := range r.Quarantine {
				cw.Write([]string{q.Source, q.DocID, q.Error, q.Page, fmt.Sprint(q.Attempts)})
			}
			cw.Flush()
			return cw.Error()
		},
	}
	for _, name := range []string{ReportJSON, ReportText, QuarantineFile} {
		if err := load.WriteFileAtomic(filepath.Join(dir, name), "", writers[name]); err != nil {
			return err
		}
	}
	return nil
}
