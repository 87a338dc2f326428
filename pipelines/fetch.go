package pipelines

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/budgetetl/budgetetl/load"
	"golang.org/x/time/rate"
)

// FetchStatus is what the latest fetch of a URL found.
type FetchStatus string

// The fetch statuses.
const (
	FetchNew       FetchStatus = "new"       // content stored for this URL for the first time
	FetchChanged   FetchStatus = "changed"   // the URL now serves other content than before
	FetchUnchanged FetchStatus = "unchanged" // 304 Not Modified, or the same bytes again
	FetchFailed    FetchStatus = "failed"    // see Error; the content of an earlier fetch, if any, is kept
)

// FetchedFile is the manifest row of one URL: what its latest fetch found
// and the stored content it stands for.
type FetchedFile struct {
	URL          string
	FinalURL     string    // after redirects
	FetchedAt    time.Time // when the stored content was downloaded
	CheckedAt    time.Time // when the server was last asked
	Status       FetchStatus
	HTTPStatus   int    // of the latest answer; 0 when none came
	ETag         string // validators of the stored content, sent back as If-None-Match
	LastModified string // and If-Modified-Since
	SHA256       string // hex digest of the stored content; empty when nothing is stored
	Bytes        int64
	ContentType  string // as the server said
	Format       string // as the content says: pdf, xlsx or xls
	Path         string // the stored file (absolute); empty when nothing is stored
	Error        string // one line: why the latest fetch failed
}

// Stored reports whether the row stands for a stored document (from this
// fetch or an earlier one).
func (f FetchedFile) Stored() bool { return f.Path != "" && f.SHA256 != "" }

// FetchOptions tune Fetch. The zero value is usable.
type FetchOptions struct {
	// UserAgent names the client to servers and to robots.txt; empty means
	// DefaultUserAgent. Its first word (budgetetl) is the robots.txt agent.
	UserAgent string
	// PerHost is the most requests per second sent to one host (robots.txt,
	// redirects and retries included); 0 means DefaultPerHost.
	PerHost rate.Limit
	// Workers is how many URLs are fetched at once; 0 means 4.
	Workers int
	// Retries is how many times a request is retried after a connection
	// error, a truncated body, 429 or 5xx; 0 means 4, negative none.
	Retries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// retries (default 1 s and 30 s). A Retry-After of a 429 or 503 is
	// honoured instead, up to MaxRetryAfter (default 10 minutes); a server
	// asking for a longer wait fails the URL.
	RetryWaitMin, RetryWaitMax, MaxRetryAfter time.Duration
	// Timeout bounds one request, body included; 0 means 5 minutes.
	Timeout time.Duration
	// MaxBytes is the largest document downloaded; 0 means 256 MiB.
	MaxBytes int64
	// Progress receives one line per URL; nil for none.
	Progress io.Writer
	// Transport carries the requests; nil means http.DefaultTransport's
	// settings (tests may pass their own).
	Transport http.RoundTripper
}

// DefaultUserAgent is the User-Agent of Fetch.
const DefaultUserAgent = "budgetetl (+https://github.com/budgetetl/budgetetl; budget disclosure harvester)"

// DefaultPerHost is the default rate limit per host: one request a second.
const DefaultPerHost rate.Limit = 1

// checkpointEvery is how many finished URLs pass between manifest writes,
// so that an interrupted fetch keeps most of what it learned.
const checkpointEvery = 50

// Fetch downloads each URL into the content-addressed store at dir and
// records it in the store's manifest (manifest.csv), returning one row per
// distinct URL in the order given. A URL the manifest knows, whose file
// is still stored, is asked for with If-None-Match / If-Modified-Since, so
// unchanged content is not downloaded again. Every URL gets its own
// outcome: one that fails (robots.txt disallows it, the server refuses, the
// body is cut short, the content is no PDF or workbook) is a failed row with
// its error and never stops the others. The error is the store's (it
// cannot be written) or the context's; the rows fetched so far are in the
// manifest either way.
func Fetch(ctx context.Context, urls []string, dir string, opts FetchOptions) ([]FetchedFile, error) {
	store, err := openStore(dir)
	if err != nil {
		return nil, err
	}
	// one fetch at a time per store: each rewrites the manifest from what
	// it read at its start, and a second one would lose the first's rows
	lock, err := load.LockFile(filepath.Join(store, ".lock"))
	if errors.Is(err, load.ErrLocked) {
		return nil, fmt.Errorf("fetch store %s is in use by another fetch", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("fetch store %s: %w", dir, err)
	}
	if lock != nil {
		defer lock.Close()
	}
	known, err := ReadManifest(store)
	if err != nil {
		return nil, err
	}
	m := newManifest(store, known)
	f := newFetcher(store, opts)
	urls = distinct(urls)
	out := make([]FetchedFile, len(urls))
	var (
		wg   sync.WaitGroup
		next = make(chan int)
		werr error
		once sync.Once
	)
	for range f.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r, tried := f.fetch(ctx, urls[i], m.prev(urls[i]))
				out[i] = r
				if !tried {
					continue
				}
				f.report(r)
				if err := m.record(r); err != nil {
					once.Do(func() { werr = err })
				}
			}
		}()
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := m.write(); err != nil && werr == nil {
		werr = err
	}
	if werr != nil {
		return out, fmt.Errorf("fetch store %s: %w", dir, werr)
	}
	return out, ctx.Err()
}

// ReadURLs reads a URL list: one URL a line; blank lines and lines
// starting with # are skipped, and so is anything after the first word.
func ReadURLs(r io.Reader) ([]string, error) {
	lines, err := readURLLines(r)
	urls := make([]string, len(lines))
	for i, l := range lines {
		urls[i] = l.url
	}
	return urls, err
}

// urlLine is a URL of a list and the line (from 1) it stands on.
type urlLine struct {
	line int
	url  string
}

// readURLLines reads a URL list as ReadURLs does, keeping each URL's line.
func readURLLines(r io.Reader) ([]urlLine, error) {
	var out []urlLine
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		out = append(out, urlLine{n, f[0]})
	}
	return out, sc.Err()
}

func distinct(urls []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, u := range urls {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// manifest is the store's manifest while a fetch updates it.
type manifest struct {
	dir   string
	mu    sync.Mutex
	rows  map[string]FetchedFile
	dirty int
}

func newManifest(dir string, rows []FetchedFile) *manifest {
	m := &manifest{dir: dir, rows: map[string]FetchedFile{}}
	for _, r := range rows {
		m.rows[r.URL] = r
	}
	return m
}

func (m *manifest) prev(url string) FetchedFile {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rows[url]
}

// record keeps a URL's new row, writing the manifest every checkpointEvery
// rows.
func (m *manifest) record(r FetchedFile) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rows[r.URL] = r
	m.dirty++
	if m.dirty < checkpointEvery {
		return nil
	}
	return m.writeLocked()
}

func (m *manifest) write() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.writeLocked()
}

func (m *manifest) writeLocked() error {
	rows := make([]FetchedFile, 0, len(m.rows))
	for _, r := range m.rows {
		rows = append(rows, r)
	}
	m.dirty = 0
	return writeManifest(m.dir, rows)
}

// report prints a URL's outcome.
func (f *fetcher) report(r FetchedFile) {
	if f.progress == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done++
	switch r.Status {
	case FetchFailed:
		fmt.Fprintf(f.progress, "fetch [%d] %s: FAILED: %s\n", f.done, r.URL, r.Error)
	default:
		fmt.Fprintf(f.progress, "fetch [%d] %s: %s, %s %d bytes, sha256 %s\n", f.done, r.URL, r.Status, r.Format, r.Bytes, r.SHA256[:12])
	}
}
