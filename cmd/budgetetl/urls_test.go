package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// countingServer serves samples/ on loopback and counts the documents it
// sends (answers 200 but for robots.txt) and all requests.
type countingServer struct {
	*httptest.Server
	mu            sync.Mutex
	bodies, asked int
}

// statusWriter keeps the status of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func newCountingServer(t *testing.T) *countingServer {
	t.Helper()
	s := &countingServer{}
	files := http.FileServer(http.Dir(samples))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		files.ServeHTTP(sw, r)
		s.mu.Lock()
		s.asked++
		if r.URL.Path != "/robots.txt" && sw.status == http.StatusOK {
			s.bodies++
		}
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *countingServer) counts() (bodies, asked int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bodies, s.asked
}

// TestPipelineURLs runs a pipeline file whose source is a URL list: the
// documents are named by their URLs, a URL that is not there fails the
// run (exit status 1) with its row and its report line; lint takes the
// file; a dry run says what would be fetched and asks no server; a second
// run downloads nothing and writes the same bytes.
func TestPipelineURLs(t *testing.T) {
	srv := newCountingServer(t)
	dir := t.TempDir()
	var urls []string
	for _, name := range []string{"jincheng-2026.xlsx", "yangcheng-yuan-2026.xlsx", "jincheng-2026.pdf", "missing.pdf"} {
		urls = append(urls, srv.URL+"/"+name)
	}
	if err := os.WriteFile(filepath.Join(dir, "urls.txt"), []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(dir, "harvest.yaml")
	if err := os.WriteFile(spec, []byte("name: fetched\nsources:\n  - urls: urls.txt\n    per_host: 100\nsinks: [\"csv:out\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := run([]string{"budgetetl", "lint", spec}); got != exitOK {
		t.Fatalf("lint: exit status %d", got)
	}
	args := []string{"budgetetl", "run", "-q", "--isolation", "none", "--pipeline", spec}
	if got := run(args); got != exitFailed {
		t.Fatalf("run: exit status %d, want %d (a URL failed)", got, exitFailed)
	}
	out := filepath.Join(dir, "out")
	docs, _ := os.ReadFile(filepath.Join(out, "documents.csv"))
	var sources []string
	for _, line := range strings.Split(strings.TrimSpace(string(docs)), "\n")[1:] {
		sources = append(sources, strings.Split(line, ",")[1])
	}
	sorted := append([]string{}, urls...)
	sort.Strings(sorted)
	if strings.Join(sources, " ") != strings.Join(sorted, " ") {
		t.Errorf("documents.csv names %q, want %q", sources, sorted)
	}
	rep := readReport(t, out)
	if rep.Fetch == nil || rep.Fetch.Failed != 1 || !strings.HasSuffix(rep.Fetch.Failures[0].URL, "/missing.pdf") ||
		!strings.Contains(rep.Fetch.Failures[0].Error, "404") {
		t.Errorf("report fetch %+v, want missing.pdf failed with 404", rep.Fetch)
	}
	first := readSet(t, out)
	bodies, asked := srv.counts()

	before := tree(t, dir)
	cmd := budgetetl("run", "--dry-run", "--pipeline", spec)
	said, err := cmd.Output()
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if _, n := srv.counts(); n != asked {
		t.Errorf("a dry run sent %d requests", n-asked)
	}
	if after := tree(t, dir); after != before {
		t.Errorf("a dry run changed the pipeline's folder:\n%s\nwas\n%s", after, before)
	}
	for _, u := range urls {
		if !strings.Contains(string(said), "fetch         "+u+"  (into ") {
			t.Errorf("the dry run does not say it would fetch %s:\n%s", u, said)
		}
	}
	if !strings.Contains(string(said), "failed last time: HTTP 404") || !strings.Contains(string(said), "4 URLs to fetch first (0 never fetched)") {
		t.Errorf("the dry run says:\n%s", said)
	}

	if got := run(args); got != exitFailed {
		t.Fatalf("second run: exit status %d, want %d", got, exitFailed)
	}
	if b, _ := srv.counts(); b != bodies {
		t.Errorf("the second run downloaded %d bodies again", b-bodies)
	}
	if !sameSet(readSet(t, out), first) {
		t.Error("the second run's outputs differ from the first's")
	}
}
