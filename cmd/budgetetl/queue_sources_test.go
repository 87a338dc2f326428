package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestQueueSources enqueues the samples from each place a worker can read
// them: a file:// bucket, an in-process S3 (gofakes3 on loopback), a fetch
// store filled from a loopback server, a shared path with the rows going
// to another database than the queue's, and samples/pipeline.yaml. Each time the worker loads
// the rows a plain run loads, named by what was enqueued (the path as
// given, or the URL).
func TestQueueSources(t *testing.T) {
	plain := testDatabase(t)
	out := filepath.Join(t.TempDir(), "out")
	if got := run([]string{"budgetetl", "run", "-q", "-o", out, samples}); got != exitOK {
		t.Fatalf("run: exit status %d", got)
	}
	if got := run([]string{"budgetetl", "load", "--to", plain, out}); got != exitOK {
		t.Fatalf("load: exit status %d", got)
	}
	const factsNoSource = "SELECT (to_jsonb(f) - 'source')::text FROM facts f ORDER BY doc_id, ord"
	want := queryLines(t, plain, factsNoSource)
	srv := httptest.NewServer(http.FileServer(http.Dir(samples)))
	defer srv.Close()
	store := filepath.Join(t.TempDir(), "store")
	fetchStore(t, srv.URL, store)
	other := testDatabase(t)
	tests := []struct {
		name    string
		enqueue []string // after enqueue --queue URL
		to      string   // the worker's --to; "" for the queue's database
		source  string   // what every source starts with
	}{
		{"file bucket", []string{"--bucket", "file://" + filepath.ToSlash(t.TempDir()), samples}, "", samples},
		{"s3 bucket", []string{"--bucket", fakeS3(t), samples}, "", samples},
		{"fetch store", []string{"--store", store}, "", srv.URL + "/"},
		{"another database", []string{samples}, other, samples},
		{"pipeline file", []string{"--pipeline", filepath.Join(samples, "pipeline.yaml")}, "", filepath.Clean(samples)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			queue := testDatabase(t)
			if got := run(append([]string{"budgetetl", "enqueue", "--queue", queue}, tt.enqueue...)); got != exitOK {
				t.Fatalf("enqueue: exit status %d", got)
			}
			args := []string{"budgetetl", "worker", "-q", "--queue", queue, "--exit-when-idle", "--workers", "2"}
			data := queue
			if tt.to != "" {
				args, data = append(args, "--to", tt.to), tt.to
			}
			if got := run(args); got != exitOK {
				t.Fatalf("worker: exit status %d", got)
			}
			if n := queryInt(t, queue, "SELECT count(*) FROM river_job WHERE state = 'completed'"); n != 5 {
				t.Errorf("%d jobs completed, want 5", n)
			}
			got := queryLines(t, data, factsNoSource)
			if len(want) == 0 || !equalLines(got, want) {
				t.Errorf("facts: %d rows from the worker, %d from a plain run; first difference:\n%s", len(got), len(want), firstDiff(got, want))
			}
			for _, s := range queryLines(t, data, "SELECT DISTINCT source FROM facts UNION SELECT source FROM documents") {
				if !strings.HasPrefix(s, tt.source) {
					t.Errorf("source %q, want one under %q", s, tt.source)
				}
			}
		})
	}
}

// fetchStore fetches the sample files served at base into store.
func fetchStore(t *testing.T, base, store string) {
	t.Helper()
	list := filepath.Join(t.TempDir(), "urls.txt")
	var urls []string
	for _, f := range []string{"jincheng-2026-noborders.pdf", "jincheng-2026.pdf", "jincheng-2026.xlsx", "yangcheng-yuan-2026-noborders.pdf", "yangcheng-yuan-2026.xlsx"} {
		urls = append(urls, base+"/"+f)
	}
	if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := run([]string{"budgetetl", "fetch", "-q", "--per-host", "100", "--urls", list, "--store", store}); got != exitOK {
		t.Fatalf("fetch: exit status %d", got)
	}
}

// fakeS3 serves an in-process S3 on loopback with one bucket, docs, and
// returns its gocloud.dev/blob URL; the AWS SDK gets test credentials from
// the environment and reads no shared config.
func fakeS3(t *testing.T) string {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("docs"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
	} {
		t.Setenv(k, v)
	}
	return "s3://docs?endpoint=" + url.QueryEscape(srv.URL) + "&use_path_style=true&region=us-east-1"
}
