package pipelines

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetetl/budgetetl/load"
	"golang.org/x/time/rate"
)

// site is an httptest server on loopback serving the sample disclosures
// and the answers a harvest meets, counting what it serves.
type site struct {
	*httptest.Server
	files map[string][]byte // name → content, from samples/
	mu    sync.Mutex
	asked map[string][]time.Time // path → when it was requested
	sent  map[string]int         // path → bodies served with 200
	rev   int                    // /changing.pdf serves revision rev
}

// modTime is the Last-Modified of every file the site serves.
var modTime = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{files: map[string][]byte{}, asked: map[string][]time.Time{}, sent: map[string]int{}}
	for _, name := range []string{"jincheng-2026.pdf", "jincheng-2026.xlsx", "yangcheng-yuan-2026.xlsx"} {
		data, err := os.ReadFile(filepath.Join("..", "samples", name))
		if err != nil {
			t.Fatal(err)
		}
		s.files[name] = data
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.asked[r.URL.Path] = append(s.asked[r.URL.Path], time.Now())
	n := len(s.asked[r.URL.Path])
	rev := s.rev
	s.mu.Unlock()
	dir, name := pathSplit(r.URL.Path)
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: budgetetl\nDisallow: /private/\n\nUser-agent: *\nDisallow:\n")
	case dir == "files" || dir == "private":
		s.file(w, r, name, true)
	case dir == "lm": // Last-Modified only, no ETag
		s.file(w, r, name, false)
	case dir == "moved":
		http.Redirect(w, r, "/files/"+name, http.StatusFound)
	case dir == "busy" && n == 1:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	case dir == "busy":
		s.file(w, r, name, true)
	case dir == "slow-down":
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back in an hour", http.StatusTooManyRequests)
	case dir == "cut": // declares the whole file, sends half
		data := s.files[name]
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data[:len(data)/2])
	case dir == "html": // an error page served as a PDF
		w.Header().Set("Content-Type", "application/pdf")
		s.count(r)
		fmt.Fprint(w, "<!DOCTYPE html><html><body><h1>404 页面不存在</h1></body></html>")
	case r.URL.Path == "/changing.pdf":
		data := append(bytes.Clone(s.files["jincheng-2026.pdf"]), fmt.Sprintf("\n%% revision %d\n", rev)...)
		w.Header().Set("ETag", fmt.Sprintf(`"rev%d"`, rev))
		s.count(r)
		http.ServeContent(w, r, name, modTime.Add(time.Duration(rev)*time.Hour), bytes.NewReader(data))
	default:
		http.NotFound(w, r)
	}
}

func pathSplit(p string) (dir, name string) {
	dir, name, _ = strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return dir, name
}

// file serves a sample with Last-Modified (and an ETag when etag), so
// http.ServeContent answers a conditional GET with 304.
func (s *site) file(w http.ResponseWriter, r *http.Request, name string, etag bool) {
	data, ok := s.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if etag {
		sum := sha256.Sum256(data)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	}
	if r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == "" {
		s.count(r)
	}
	http.ServeContent(w, r, name, modTime, bytes.NewReader(data))
}

func (s *site) count(r *http.Request) {
	s.mu.Lock()
	s.sent[r.URL.Path]++
	s.mu.Unlock()
}

// bodies is how many bodies the site served in all.
func (s *site) bodies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.sent {
		n += c
	}
	return n
}

func (s *site) requests(path string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked[path]
}

// testFetchOptions keep the tests quick: no rate limit to speak of and
// short retry waits (a Retry-After is still honoured).
func testFetchOptions() FetchOptions {
	return FetchOptions{PerHost: 1000, RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond, Retries: 2}
}

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func TestFetch(t *testing.T) {
	s := newSite(t)
	store := t.TempDir()
	pdf, xlsx := s.files["jincheng-2026.pdf"], s.files["jincheng-2026.xlsx"]
	type want struct {
		status FetchStatus
		sha    string // of the stored content
		final  string // path of the final URL
		err    string // in the error
	}
	cases := []struct {
		path string
		want want
	}{
		{"/files/jincheng-2026.pdf", want{status: FetchNew, sha: sha(pdf), final: "/files/jincheng-2026.pdf"}},
		{"/files/jincheng-2026.xlsx", want{status: FetchNew, sha: sha(xlsx), final: "/files/jincheng-2026.xlsx"}},
		{"/lm/yangcheng-yuan-2026.xlsx", want{status: FetchNew, sha: sha(s.files["yangcheng-yuan-2026.xlsx"]), final: "/lm/yangcheng-yuan-2026.xlsx"}},
		{"/moved/jincheng-2026.xlsx", want{status: FetchNew, sha: sha(xlsx), final: "/files/jincheng-2026.xlsx"}},
		{"/busy/jincheng-2026.pdf", want{status: FetchNew, sha: sha(pdf), final: "/busy/jincheng-2026.pdf"}},
		{"/changing.pdf", want{status: FetchNew, final: "/changing.pdf"}},
		{"/slow-down/jincheng-2026.pdf", want{status: FetchFailed, err: "retry after 1h0m0s"}},
		{"/cut/jincheng-2026.pdf", want{status: FetchFailed, err: "body cut short"}},
		{"/html/report.pdf", want{status: FetchFailed, err: `not a document: the content is text/html; charset=utf-8 (served as "application/pdf")`}},
		{"/private/jincheng-2026.pdf", want{status: FetchFailed, err: "disallowed by robots.txt"}},
		{"/gone.pdf", want{status: FetchFailed, err: "HTTP 404 Not Found"}},
	}
	urls := []string{"ftp://example.invalid/a.pdf"}
	for _, c := range cases {
		urls = append(urls, s.URL+c.path)
	}
	got, err := Fetch(context.Background(), urls, store, testFetchOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(urls) {
		t.Fatalf("got %d rows, want %d", len(got), len(urls))
	}
	if got[0].Status != FetchFailed || got[0].Error != "not an http(s) URL" {
		t.Errorf("ftp URL: got %s %q, want failed, not an http(s) URL", got[0].Status, got[0].Error)
	}
	for i, c := range cases {
		r := got[i+1]
		t.Run(c.path, func(t *testing.T) {
			t.Logf("%s %s", r.Status, r.Error)
			if r.URL != s.URL+c.path || r.Status != c.want.status {
				t.Fatalf("got %s %s (%s), want %s", r.URL, r.Status, r.Error, c.want.status)
			}
			if c.want.err != "" {
				if !strings.Contains(r.Error, c.want.err) || r.Stored() {
					t.Errorf("got error %q stored %v, want %q and nothing stored", r.Error, r.Stored(), c.want.err)
				}
				return
			}
			if r.FinalURL != s.URL+c.want.final {
				t.Errorf("final URL %s, want %s", r.FinalURL, s.URL+c.want.final)
			}
			stored, err := os.ReadFile(r.Path)
			if err != nil {
				t.Fatal(err)
			}
			if sha(stored) != r.SHA256 || int64(len(stored)) != r.Bytes || (c.want.sha != "" && r.SHA256 != c.want.sha) {
				t.Errorf("stored %s (%d bytes), row says %s (%d), want %s", sha(stored), len(stored), r.SHA256, r.Bytes, c.want.sha)
			}
			if wantPath := filepath.Join(store, "sha256", r.SHA256[:2], r.SHA256+"."+r.Format); r.Path != wantPath {
				t.Errorf("path %s, want %s", r.Path, wantPath)
			}
		})
	}
	if asked := s.requests("/private/jincheng-2026.pdf"); len(asked) != 0 {
		t.Errorf("a path robots.txt disallows was asked for %d times", len(asked))
	}
	if busy := s.requests("/busy/jincheng-2026.pdf"); len(busy) != 2 || busy[1].Sub(busy[0]) < time.Second {
		t.Errorf("429 with Retry-After: 1: requests at %v, want 2 at least a second apart", busy)
	}
	assertStore(t, store, got)

	// Nothing changed but /changing.pdf: no other body is sent again.
	s.mu.Lock()
	s.rev++
	s.mu.Unlock()
	before := s.bodies()
	again, err := Fetch(context.Background(), urls, store, testFetchOptions())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range again {
		switch {
		case got[i].Status == FetchFailed:
			if r.Status != FetchFailed || r.Error != got[i].Error {
				t.Errorf("%s again: got %s %q, want the same failure %q", r.URL, r.Status, r.Error, got[i].Error)
			}
		case strings.HasSuffix(r.URL, "/changing.pdf"):
			if r.Status != FetchChanged || r.SHA256 == got[i].SHA256 {
				t.Errorf("%s again: got %s %s, want changed from %s", r.URL, r.Status, r.SHA256, got[i].SHA256)
			}
		default:
			if r.Status != FetchUnchanged || r.SHA256 != got[i].SHA256 || r.HTTPStatus != http.StatusNotModified || !r.FetchedAt.Equal(got[i].FetchedAt) {
				t.Errorf("%s again: got %s HTTP %d %s, want unchanged 304 %s fetched at %s", r.URL, r.Status, r.HTTPStatus, r.SHA256, got[i].SHA256, got[i].FetchedAt)
			}
		}
	}
	// The second fetch sent again only the failed HTML page and the new revision.
	if sent := s.bodies() - before; sent != 2 {
		t.Errorf("second fetch: %d bodies served, want 2 (/html/report.pdf, /changing.pdf)", sent)
	}
	assertStore(t, store, again, got...)
}

// assertStore checks the store holds exactly the stored contents of rows
// (and of the rows of earlier fetches: content is never removed), each
// once, no temporary file, and a manifest that reads back as rows.
func assertStore(t *testing.T, store string, rows []FetchedFile, earlier ...FetchedFile) {
	t.Helper()
	want, known := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if r.Stored() {
			want[r.Path] = true
		}
	}
	for _, r := range append(earlier, rows...) {
		known[r.Path] = true
	}
	var files []string
	filepath.WalkDir(filepath.Join(store, "sha256"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	for _, f := range files {
		if !known[f] {
			t.Errorf("store holds %s, which no row stands for", f)
		}
	}
	if len(files) < len(want) {
		t.Errorf("store holds %d files, want %d", len(files), len(want))
	}
	if tmp, _ := os.ReadDir(filepath.Join(store, "tmp")); len(tmp) != 0 {
		t.Errorf("tmp/ holds %d files after the fetch", len(tmp))
	}
	m, err := ReadManifest(store)
	if err != nil {
		t.Fatal(err)
	}
	sorted := append([]FetchedFile(nil), rows...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].URL < sorted[j].URL })
	if len(m) != len(sorted) {
		t.Fatalf("manifest has %d rows, want %d", len(m), len(sorted))
	}
	for i := range m {
		a, b := m[i].record(), sorted[i].record()
		if strings.Join(a, "|") != strings.Join(b, "|") {
			t.Errorf("manifest row %d:\n got %q\nwant %q", i, a, b)
		}
	}
}

func TestHostLimits(t *testing.T) {
	s := newSite(t)
	h := &hostLimits{base: http.DefaultTransport, limit: rate.Every(time.Hour), hosts: map[string]*rate.Limiter{}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	get := func(host string) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+"/gone.pdf", nil)
		resp, err := h.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	host := strings.TrimPrefix(s.URL, "http://")
	port := host[strings.LastIndex(host, ":"):]
	if err := get(host); err != nil {
		t.Fatalf("first request: %v", err)
	}
	// One an hour: a second request would wait past the deadline, and the
	// limiter says so at once.
	if err := get(host); err == nil {
		t.Error("second request to the same host within the hour went through")
	}
	if err := get("localhost" + port); err != nil {
		t.Errorf("first request to another host: %v", err)
	}
}

func TestReadURLs(t *testing.T) {
	in := "# harvest list\nhttp://a.example/1.pdf\n\n  https://b.example/2.xlsx  年度预算\nhttp://a.example/1.pdf\n"
	got, err := ReadURLs(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"http://a.example/1.pdf", "https://b.example/2.xlsx", "http://a.example/1.pdf"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFetchStoreLock: a fetch into a store another fetch holds fails at
// once, naming the store, and asks no server; once the other is done it
// runs.
func TestFetchStoreLock(t *testing.T) {
	s := newSite(t)
	store := t.TempDir()
	held, err := load.LockFile(filepath.Join(store, ".lock"))
	if err != nil {
		t.Fatal(err)
	}
	if held == nil {
		t.Skip("SKIP: no file locks on this system")
	}
	urls := []string{s.URL + "/files/jincheng-2026.pdf"}
	if _, err := Fetch(context.Background(), urls, store, testFetchOptions()); err == nil || !strings.Contains(err.Error(), "in use by another fetch") {
		t.Fatalf("Fetch into a held store: %v, want it in use by another fetch", err)
	}
	if n := len(s.requests("/files/jincheng-2026.pdf")) + len(s.requests("/robots.txt")); n != 0 {
		t.Errorf("%d requests while the store was held, want none", n)
	}
	held.Close()
	got, err := Fetch(context.Background(), urls, store, testFetchOptions())
	if err != nil || len(got) != 1 || got[0].Status != FetchNew {
		t.Fatalf("Fetch once released = %+v, %v", got, err)
	}
}
