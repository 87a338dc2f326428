package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// queueCorpus is the synthetic corpus, or the samples without ../shared.
func queueCorpus(t *testing.T) string {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "synthetic", "files")
	if _, err := os.Stat(corpus); err != nil {
		t.Logf("shared corpus not found at %s (%v): the samples instead", corpus, err)
		return samples
	}
	return corpus
}

// Timeouts of the test's workers: a job held open by a killed worker is
// rescued 20 s after it started (River's rescuer looks every 30 s).
var workerTimeouts = []string{"--job-timeout", "20s", "--rescue-after", "20s"}

// TestQueueWorkerKilled: two worker processes work the corpus's jobs; one is
// killed with SIGKILL while the transaction of its third document is open
// (rows written, job not completed) and started again. Every document is
// loaded exactly once, every job completed, and the facts, checks and
// documents are a plain run's loaded from its CSV directory (documents but
// for duplicate_of, which only a run in input order can tell).
func TestQueueWorkerKilled(t *testing.T) {
	corpus := queueCorpus(t)
	plain, queue := testDatabase(t), testDatabase(t)
	out := filepath.Join(t.TempDir(), "out")
	if got := run([]string{"budgetetl", "run", "-q", "--workers", "2", "-o", out, corpus}); got != exitOK {
		t.Fatalf("run: exit status %d", got)
	}
	if got := run([]string{"budgetetl", "load", "--to", plain, out}); got != exitOK {
		t.Fatalf("load: exit status %d", got)
	}
	if got := run([]string{"budgetetl", "enqueue", "--queue", queue, corpus}); got != exitOK {
		t.Fatalf("enqueue: exit status %d", got)
	}
	jobs := queryInt(t, queue, "SELECT count(*) FROM river_job")
	if docs := queryInt(t, plain, "SELECT count(*) FROM documents"); jobs != docs {
		t.Fatalf("%d jobs for %d documents", jobs, docs)
	}
	held := startWorker(t, queue, "--test-hold-after", "3")
	other := startWorker(t, queue, "--exit-when-idle")
	line := held.waitFor(t, "holding the transaction of job ")
	var jobID int64
	if _, err := fmtSscan(line, "holding the transaction of job ", &jobID); err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	if state := queryText(t, queue, "SELECT state::text FROM river_job WHERE id = $1", jobID); state != "running" {
		t.Fatalf("held job %d is %s, want running", jobID, state)
	}
	if err := held.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	held.cmd.Wait()
	again := startWorker(t, queue, "--exit-when-idle")
	for _, w := range []*workerProc{other, again} {
		if err := w.wait(5 * time.Minute); err != nil {
			t.Fatalf("worker: %v\n%s", err, w.log.String())
		}
	}
	if n := queryInt(t, queue, "SELECT count(*) FROM river_job WHERE state = 'completed'"); n != jobs {
		t.Errorf("%d of %d jobs completed", n, jobs)
	}
	if n := queryInt(t, queue, "SELECT attempt FROM river_job WHERE id = $1", jobID); n != 2 {
		t.Errorf("the killed worker's job %d took %d attempts, want 2", jobID, n)
	}
	for _, q := range []string{
		"SELECT f::text FROM facts f ORDER BY doc_id, ord",
		"SELECT c::text FROM checks c ORDER BY doc_id, ord",
		"SELECT (to_jsonb(d) - 'duplicate_of')::text FROM documents d ORDER BY doc_id",
	} {
		want, got := queryLines(t, plain, q), queryLines(t, queue, q)
		if len(want) < jobs || !equalLines(got, want) {
			t.Errorf("%s: the workers loaded %d rows, the plain run %d; first difference:\n%s", q, len(got), len(want), firstDiff(got, want))
		}
	}
}

// workerProc is a budgetetl worker process and its output.
type workerProc struct {
	cmd   *exec.Cmd
	log   *bytes.Buffer
	lines chan string
	done  chan error
}

func startWorker(t *testing.T, queue string, args ...string) *workerProc {
	t.Helper()
	cmd := budgetetl(append(append([]string{"worker", "--queue", queue, "--workers", "1"}, workerTimeouts...), args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := &workerProc{cmd: cmd, log: &bytes.Buffer{}, lines: make(chan string, 1000), done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(io.TeeReader(stderr, w.log))
		for sc.Scan() {
			w.lines <- sc.Text()
		}
		close(w.lines)
		w.done <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return w
}

// waitFor returns the first line of the worker's output that holds s.
func (w *workerProc) waitFor(t *testing.T, s string) string {
	t.Helper()
	timeout := time.After(3 * time.Minute)
	for {
		select {
		case line, ok := <-w.lines:
			if !ok {
				t.Fatalf("worker ended before saying %q:\n%s", s, w.log.String())
			}
			if i := strings.Index(line, s); i >= 0 {
				return line[i:]
			}
		case <-timeout:
			t.Fatalf("worker did not say %q in 3 minutes:\n%s", s, w.log.String())
		}
	}
}

// wait waits for the worker to exit, killing it after d.
func (w *workerProc) wait(d time.Duration) error {
	go func() {
		for range w.lines {
		}
	}()
	select {
	case err := <-w.done:
		return err
	case <-time.After(d):
		w.cmd.Process.Kill()
		return <-w.done
	}
}

func queryLines(t *testing.T, dsn, q string, args ...any) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, q, args...)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func queryText(t *testing.T, dsn, q string, args ...any) string {
	t.Helper()
	lines := queryLines(t, dsn, q, args...)
	if len(lines) != 1 {
		t.Fatalf("%s: %d rows, want 1", q, len(lines))
	}
	return lines[0]
}

func queryInt(t *testing.T, dsn, q string, args ...any) int {
	t.Helper()
	var n int
	if _, err := fmtSscan(queryText(t, dsn, "SELECT ("+q+")::text", args...), "", &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fmtSscan reads the first word after prefix into v.
func fmtSscan(s, prefix string, v any) (int, error) {
	return fmt.Sscan(strings.TrimPrefix(s, prefix), v)
}

func equalLines(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return " got " + g + "\nwant " + w
		}
	}
	return "(none)"
}
