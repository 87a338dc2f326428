package pipelines

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/time/rate"
)

// A urls source is a URL list that the fetch stage downloads into a fetch
// store (fetch.go) before the run lists its documents. Each URL with
// stored content is a document named by its URL (its source in every row,
// as budgetetl enqueue --store names it) and read from the store; the
// state store then knows it by its URL and its bytes, so a URL whose
// content is unchanged reuses its result. A URL whose fetch failed is in
// the run report and fails the run (exit status 1): with nothing stored
// it is a failed document; with content an earlier fetch stored, that
// content is read, as the store keeps it.

// DefaultStore is the fetch store of a urls source that names none,
// relative to the pipeline file: inside the hidden .budgetetl folder, so
// that a path source over the pipeline's own folder does not read the
// stored files as documents of their own.
const DefaultStore = ".budgetetl/fetch"

// storeDir is the fetch store of a urls source, relative paths taken from
// dir.
func (src Source) storeDir(dir string) string {
	if src.Store != "" {
		return joinDir(dir, src.Store)
	}
	return joinDir(dir, filepath.FromSlash(DefaultStore))
}

// urlList reads the URLs of a urls source, each once, in the order given.
func (src Source) urlList(dir string) ([]string, error) {
	name := joinDir(dir, src.URLs)
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("source urls: %w", err)
	}
	defer f.Close()
	urls, err := ReadURLs(f)
	if err != nil {
		return nil, fmt.Errorf("source urls %s: %w", name, err)
	}
	return distinct(urls), nil
}

// urlInputs lists the documents of a urls source as its store's manifest
// has them: a URL with stored content is read from the store under its
// URL (also when its latest fetch failed: the earlier content is kept);
// one whose fetch failed with nothing stored is a failed document; one the
// store does not know has not been fetched yet (a dry run).
func (src Source) urlInputs(dir string) ([]Input, error) {
	urls, err := src.urlList(dir)
	if err != nil {
		return nil, err
	}
	known, err := manifestRows(src.storeDir(dir))
	if err != nil {
		return nil, err
	}
	out := make([]Input, len(urls))
	for i, u := range urls {
		r, ok := known[u]
		switch {
		case !ok:
			out[i] = Input{URL: u}
		case r.Stored():
			out[i] = Input{URL: u, Path: r.Path}
		case r.Error != "":
			out[i] = Input{URL: u, Skip: "not fetched: " + r.Error}
		default:
			out[i] = Input{URL: u, Skip: "not fetched: nothing stored"}
		}
	}
	return out, nil
}

// manifestRows are the rows of a fetch store's manifest by URL.
func manifestRows(store string) (map[string]FetchedFile, error) {
	rows, err := ReadManifest(store)
	if err != nil {
		return nil, fmt.Errorf("fetch store %s: %w", store, err)
	}
	out := make(map[string]FetchedFile, len(rows))
	for _, r := range rows {
		out[r.URL] = r
	}
	return out, nil
}

// FetchReport is what the fetch stage of a run's urls sources found:
// URLs by status, and each URL that failed.
type FetchReport struct {
	URLs      int            `json:"urls"`
	New       int            `json:"new"`
	Changed   int            `json:"changed"`
	Unchanged int            `json:"unchanged"`
	Failed    int            `json:"failed"`
	Failures  []FetchFailure `json:"failures"`
}

// FetchFailure is a URL whose fetch failed in a run.
type FetchFailure struct {
	URL   string `json:"url"`
	Store string `json:"store"`
	Error string `json:"error"`
	// Kept is the SHA-256 of the content an earlier fetch stored for the
	// URL, which the run read in its place; empty when there is none (the
	// URL is then a failed document).
	Kept string `json:"kept,omitempty"`
}

// add counts the rows of one fetch into store.
func (r *FetchReport) add(store string, rows []FetchedFile) {
	for _, f := range rows {
		r.URLs++
		switch f.Status {
		case FetchNew:
			r.New++
		case FetchChanged:
			r.Changed++
		case FetchUnchanged:
			r.Unchanged++
		default:
			r.Failed++
			fail := FetchFailure{URL: f.URL, Store: store, Error: f.Error}
			if f.Stored() {
				fail.Kept = f.SHA256
			}
			r.Failures = append(r.Failures, fail)
		}
	}
}

// fetchSources runs the fetch stage of the run's urls sources: each list
// is downloaded into its store (content not seen before; a URL fetched
// before is asked for with If-None-Match / If-Modified-Since and not
// downloaded again when unchanged). It returns what the fetches found, or
// nil when the run has no urls source; the error is a store's that cannot
// be written, or the context's.
func fetchSources(ctx context.Context, cfg Config) (*FetchReport, error) {
	var rep *FetchReport
	for _, src := range cfg.Sources {
		if src.URLs == "" {
			continue
		}
		urls, err := src.urlList(cfg.SourceDir)
		if err != nil {
			return nil, err
		}
		opts := cfg.Fetch
		if src.PerHost > 0 {
			opts.PerHost = rate.Limit(src.PerHost)
		}
		if opts.Progress == nil {
			opts.Progress = cfg.Progress
		}
		store := src.storeDir(cfg.SourceDir)
		rows, err := Fetch(ctx, urls, store, opts)
		if err != nil {
			return nil, fmt.Errorf("source urls %s: %w", src.URLs, err)
		}
		if rep == nil {
			rep = &FetchReport{Failures: []FetchFailure{}}
		}
		rep.add(store, rows)
	}
	return rep, nil
}

// PlannedFetch is a URL a run would fetch before reading its document, as
// its store knows it (a dry run asks no server).
type PlannedFetch struct {
	URL   string `json:"url"`
	Store string `json:"store"`
	// Known is whether the store has a row for the URL: it is then asked
	// for with If-None-Match / If-Modified-Since, and downloaded only if
	// changed.
	Known     bool        `json:"known"`
	SHA256    string      `json:"sha256,omitempty"`      // of the content stored for it
	FetchedAt time.Time   `json:"fetched_at,omitzero"`   // when that content was downloaded
	Last      FetchStatus `json:"last_status,omitempty"` // what its latest fetch found
	Error     string      `json:"error,omitempty"`       // why that fetch failed
}

// fetchPlan lists what a run would fetch for the urls sources of cfg,
// from their stores' manifests.
func fetchPlan(cfg Config) ([]PlannedFetch, error) {
	var out []PlannedFetch
	for _, src := range cfg.Sources {
		if src.URLs == "" {
			continue
		}
		urls, err := src.urlList(cfg.SourceDir)
		if err != nil {
			return nil, err
		}
		store := src.storeDir(cfg.SourceDir)
		known, err := manifestRows(store)
		if err != nil {
			return nil, err
		}
		for _, u := range urls {
			r, ok := known[u]
			out = append(out, PlannedFetch{URL: u, Store: store, Known: ok, SHA256: r.SHA256,
				FetchedAt: r.FetchedAt, Last: r.Status, Error: r.Error})
		}
	}
	return out, nil
}
