package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/budgetetl/budgetetl/pipelines"
)

// TestFetchCommand fetches the samples from a loopback server twice: the
// first time each is new, the second unchanged and not sent again; a URL
// that fails makes the exit status 1 without stopping the others.
func TestFetchCommand(t *testing.T) {
	var bodies atomic.Int32
	files := http.FileServer(http.Dir(samples))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-Modified-Since") == "" && strings.HasSuffix(r.URL.Path, ".xlsx") {
			bodies.Add(1)
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "urls.txt")
	good := "# the two sample workbooks\n" + srv.URL + "/jincheng-2026.xlsx\n" + srv.URL + "/yangcheng-yuan-2026.xlsx\n"
	if err := os.WriteFile(list, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "store")
	args := []string{"budgetetl", "fetch", "-q", "--per-host", "100", "--urls", list, "--store", store}
	for round, want := range []pipelines.FetchStatus{pipelines.FetchNew, pipelines.FetchUnchanged} {
		if got := run(args); got != exitOK {
			t.Fatalf("round %d: exit status %d", round, got)
		}
		rows, err := pipelines.ReadManifest(store)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Status != want || rows[1].Status != want || rows[0].Format != "xlsx" {
			t.Fatalf("round %d: manifest %+v, want 2 xlsx rows %s", round, rows, want)
		}
	}
	if n := bodies.Load(); n != 2 {
		t.Errorf("the workbooks were sent %d times in two fetches, want 2", n)
	}
	if err := os.WriteFile(list, []byte(good+srv.URL+"/missing.pdf\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := run(args); got != exitFailed {
		t.Errorf("a missing URL: exit status %d, want %d", got, exitFailed)
	}
	for _, bad := range [][]string{
		{"budgetetl", "fetch", "--urls", filepath.Join(dir, "none.txt"), "--store", store},
		{"budgetetl", "fetch", "--urls", list, "--store", store, "--per-host", "0"},
	} {
		if got := run(bad); got != exitUsage {
			t.Errorf("%v: exit status %d, want %d", bad[1:], got, exitUsage)
		}
	}
}
