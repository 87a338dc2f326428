package pipelines

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/budgetetl/budgetetl/extract"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// fetcher holds what the URLs of one Fetch share: the HTTP client (retries,
// per-host limits, robots.txt) and the store.
type fetcher struct {
	store    string
	client   *retryablehttp.Client
	robots   *robots
	agent    string
	maxBytes int64
	timeout  time.Duration
	workers  int
	now      func() time.Time

	progress io.Writer
	mu       sync.Mutex // progress lines
	done     int
}

func newFetcher(store string, opts FetchOptions) *fetcher {
	f := &fetcher{
		store: store, agent: opts.UserAgent, maxBytes: opts.MaxBytes, timeout: opts.Timeout,
		workers: opts.Workers, progress: opts.Progress, now: nowSeconds,
	}
	if f.agent == "" {
		f.agent = DefaultUserAgent
	}
	if f.maxBytes <= 0 {
		f.maxBytes = 256 << 20
	}
	if f.timeout <= 0 {
		f.timeout = 5 * time.Minute
	}
	if f.workers <= 0 {
		f.workers = 4
	}
	base := opts.Transport
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	perHost := opts.PerHost
	if perHost <= 0 {
		perHost = DefaultPerHost
	}
	limited := &hostLimits{base: base, limit: perHost, hosts: map[string]*rate.Limiter{}}
	f.client = newRetryClient(limited, opts)
	f.robots = &robots{client: newRetryClient(limited, opts), ua: f.agent, agent: strings.Fields(f.agent)[0], hosts: map[string]*robotsEntry{}}
	f.client.HTTPClient.CheckRedirect = f.checkRedirect
	return f
}

// newRetryClient is a retrying client over rt: exponential backoff, or the
// server's Retry-After up to MaxRetryAfter; a permanent error (no
// document, too large, disallowed) is not retried.
func newRetryClient(rt http.RoundTripper, opts FetchOptions) *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.HTTPClient = &http.Client{Transport: rt}
	c.Logger = nil
	c.RetryMax = opts.Retries
	switch {
	case opts.Retries == 0:
		c.RetryMax = 4
	case opts.Retries < 0:
		c.RetryMax = 0
	}
	if opts.RetryWaitMin > 0 {
		c.RetryWaitMin = opts.RetryWaitMin
	}
	if opts.RetryWaitMax > 0 {
		c.RetryWaitMax = opts.RetryWaitMax
	}
	maxAfter := opts.MaxRetryAfter
	if maxAfter <= 0 {
		maxAfter = 10 * time.Minute
	}
	c.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		var p permanentError
		if errors.As(err, &p) {
			return false, err
		}
		if wait := retryablehttp.DefaultBackoff(0, 0, 0, resp); wait > maxAfter {
			return false, fmt.Errorf("%w: the server asks to retry after %s (more than %s)", errRefused, wait, maxAfter)
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	c.ErrorHandler = func(resp *http.Response, err error, tries int) (*http.Response, error) {
		if resp != nil {
			resp.Body.Close()
		}
		if err == nil && resp != nil {
			err = fmt.Errorf("%w: HTTP %s", errRefused, resp.Status)
		}
		if tries > 1 {
			return nil, fmt.Errorf("%w (after %d attempts)", err, tries)
		}
		return nil, err
	}
	return c
}

// The causes of failed fetches.
var (
	errRefused     = errors.New("refused")
	errNotDocument = errors.New("not a document")
	errTruncated   = errors.New("body cut short")
	errDisallowed  = errors.New("disallowed by robots.txt")
)

// permanentError marks a failure a retry would repeat.
type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// fetch fetches one URL given its previous manifest row (zero when none).
// It reports false when the URL was not tried (the context ended first).
func (f *fetcher) fetch(ctx context.Context, raw string, prev FetchedFile) (FetchedFile, bool) {
	if ctx.Err() != nil {
		return failed(prev, raw, f.now(), ctx.Err()), false
	}
	r, err := f.get(ctx, raw, prev)
	if err != nil {
		return failed(prev, raw, f.now(), err), true
	}
	return r, true
}

// failed is the row of a failed fetch: the error, and the earlier content
// kept.
func failed(prev FetchedFile, raw string, at time.Time, err error) FetchedFile {
	r := prev
	r.URL, r.Status, r.CheckedAt = raw, FetchFailed, at
	r.Error = oneLine(err.Error())
	var he httpStatusError
	if errors.As(err, &he) {
		r.HTTPStatus = int(he)
	} else {
		r.HTTPStatus = 0
	}
	return r
}

// httpStatusError is an answer that is neither a document nor 304.
type httpStatusError int

func (e httpStatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", int(e), http.StatusText(int(e)))
}

func (f *fetcher) get(ctx context.Context, raw string, prev FetchedFile) (FetchedFile, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return FetchedFile{}, fmt.Errorf("not an http(s) URL")
	}
	if err := f.robots.allowed(ctx, u); err != nil {
		return FetchedFile{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return FetchedFile{}, err
	}
	req.Header.Set("User-Agent", f.agent)
	if prev.Stored() && fileExists(prev.Path) {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	var body *download
	req.SetResponseHandler(func(resp *http.Response) error {
		if resp.StatusCode != http.StatusOK {
			return nil
		}
		d, err := f.receive(resp)
		body = d
		return err
	})
	resp, err := f.client.Do(req)
	if err != nil {
		if body != nil {
			body.discard()
		}
		return FetchedFile{}, err
	}
	resp.Body.Close()
	return f.result(raw, prev, resp, body)
}

// receive writes a 200's body to a new download, checked whole (the
// Content-Length is met, the size limit kept) and a document by content.
func (f *fetcher) receive(resp *http.Response) (*download, error) {
	if resp.ContentLength > f.maxBytes {
		return nil, permanentError{fmt.Errorf("%w: %d bytes (limit %d)", extract.ErrTooLarge, resp.ContentLength, f.maxBytes)}
	}
	d, err := newDownload(f.store)
	if err != nil {
		return nil, permanentError{err}
	}
	n, err := io.Copy(d, io.LimitReader(resp.Body, f.maxBytes+1))
	switch {
	case err != nil:
		err = fmt.Errorf("%w: %d bytes read: %w", errTruncated, n, err)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		err = fmt.Errorf("%w: %d of the %d bytes of Content-Length", errTruncated, n, resp.ContentLength)
	case n > f.maxBytes:
		err = permanentError{fmt.Errorf("%w: more than %d bytes", extract.ErrTooLarge, f.maxBytes)}
	default:
		err = notDocument(d.head, resp.Header.Get("Content-Type"))
	}
	if err != nil {
		d.discard()
		return nil, err
	}
	return d, nil
}

// notDocument tells, by content as extract does, whether a body is no
// PDF or workbook (an HTML error page served as .pdf).
func notDocument(head []byte, served string) error {
	_, err := extract.Sniff(head)
	if err == nil || errors.Is(err, extract.ErrEncrypted) {
		return nil
	}
	what := http.DetectContentType(head)
	if len(head) == 0 {
		what = "an empty body"
	}
	return permanentError{fmt.Errorf("%w: the content is %s (served as %q)", errNotDocument, what, served)}
}

// result makes the row of a URL's answer.
func (f *fetcher) result(raw string, prev FetchedFile, resp *http.Response, body *download) (FetchedFile, error) {
	now := f.now()
	r := FetchedFile{URL: raw, FinalURL: resp.Request.URL.String(), CheckedAt: now, HTTPStatus: resp.StatusCode}
	switch {
	case resp.StatusCode == http.StatusNotModified && prev.Stored():
		keep := prev
		keep.FinalURL, keep.CheckedAt, keep.HTTPStatus, keep.Status, keep.Error = r.FinalURL, now, r.HTTPStatus, FetchUnchanged, ""
		return keep, nil
	case resp.StatusCode != http.StatusOK || body == nil:
		return FetchedFile{}, httpStatusError(resp.StatusCode)
	}
	format, _ := extract.Sniff(body.head)
	path, err := body.commit(string(format))
	if err != nil {
		return FetchedFile{}, fmt.Errorf("storing: %w", err)
	}
	r.FetchedAt, r.Path, r.SHA256, r.Bytes, r.Format = now, path, body.sum(), body.n, string(format)
	r.ETag, r.LastModified, r.ContentType = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), resp.Header.Get("Content-Type")
	switch {
	case !prev.Stored():
		r.Status = FetchNew
	case prev.SHA256 == r.SHA256:
		r.Status = FetchUnchanged
	default:
		r.Status = FetchChanged
	}
	return r, nil
}

// checkRedirect follows up to 10 redirects to http(s) URLs robots.txt
// allows.
func (f *fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return permanentError{errors.New("stopped after 10 redirects")}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return permanentError{fmt.Errorf("redirect to %s: not an http(s) URL", req.URL)}
	}
	if err := f.robots.allowed(req.Context(), req.URL); err != nil {
		return permanentError{fmt.Errorf("redirect to %s: %w", req.URL, err)}
	}
	return nil
}

// nowSeconds is the time of a fetch as the manifest keeps it.
func nowSeconds() time.Time { return time.Now().UTC().Truncate(time.Second) }

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// hostLimits rate-limits the requests to each host.
type hostLimits struct {
	base  http.RoundTripper
	limit rate.Limit
	mu    sync.Mutex
	hosts map[string]*rate.Limiter
}

// RoundTrip waits for the host's limiter, then sends the request.
func (h *hostLimits) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	l, ok := h.hosts[req.URL.Host]
	if !ok {
		l = rate.NewLimiter(h.limit, 1)
		h.hosts[req.URL.Host] = l
	}
	h.mu.Unlock()
	if err := l.Wait(req.Context()); err != nil {
		return nil, err
	}
	return h.base.RoundTrip(req)
}
