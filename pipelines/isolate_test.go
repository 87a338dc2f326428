package pipelines_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/budgetetl/budgetetl/pipelines"
)

// runIsolated runs the pipeline on inputs with workers worker processes
// (this test binary, see worker_test.go) into a temporary directory.
func runIsolated(t *testing.T, workers int, iso pipelines.Isolation, started func(string, int), inputs ...string) (string, pipelines.Summary) {
	t.Helper()
	out := t.TempDir()
	cfg := pipelines.Config{Inputs: inputs, Sinks: csvSink(t, out), Workers: workers, Isolation: iso}
	sum, err := pipelines.Run(context.Background(), pipelines.WorkerForTests(t, cfg, started))
	if err != nil {
		t.Fatalf("Run(%v): %v", inputs, err)
	}
	return out, sum
}

// TestIsolationSameOutput checks that reading the samples in worker
// processes, one or three of them, writes the bytes an in-process run
// writes.
func TestIsolationSameOutput(t *testing.T) {
	inRepoRoot(t)
	want, _ := run(t, 2, "samples/")
	for _, workers := range []int{1, 3} {
		got, sum := runIsolated(t, workers, pipelines.Isolation{}, nil, "samples/")
		for _, name := range outputs {
			a, b := readFile(t, filepath.Join(want, name)), readFile(t, filepath.Join(got, name))
			if !bytes.Equal(a, b) {
				t.Errorf("%d workers: %s differs from the in-process run:\n%s", workers, name, firstDiff(b, a))
			}
		}
		t.Logf("%d workers: peak resident memory of a worker %d MiB", workers, sum.WorkerPeak>>20)
	}
}

// TestIsolationFailures reads, between good documents, one that hangs, one
// that overflows its stack, one whose goroutine panics, one that allocates
// without end and one whose worker exits: each is failed with its reason,
// the run goes on, and the good documents read as they do in-process.
func TestIsolationFailures(t *testing.T) {
	inRepoRoot(t)
	in := t.TempDir()
	for _, name := range []string{"a-good.xlsx", "hang-1.xlsx", "hog-2.xlsx", "m-good.xlsx", "panic-3.xlsx", "stack-4.xlsx", "exit-5.xlsx", "z-good.xlsx"} {
		copyFile(t, yuanXLSX, filepath.Join(in, name))
	}
	iso := pipelines.Isolation{DocTimeout: 3 * time.Second, DocMemory: 256 << 20}
	if raceEnabled {
		iso.DocMemory = 1 << 30
	}
	ceiling := pipelines.FormatBytesForTests(iso.DocMemory)
	out, sum := runIsolated(t, 2, iso, nil, in)
	want := map[string]string{
		"hang-1.xlsx":  "timeout after 3 s",
		"hog-2.xlsx":   "over the memory limit (" + ceiling + ")",
		"panic-3.xlsx": "crashed (panic: a worker's goroutine panicked)",
		"stack-4.xlsx": "crashed (runtime: goroutine stack exceeds 1048576-byte limit)",
		"exit-5.xlsx":  "crashed (a worker gave up; exit status 7)",
	}
	alone, _ := run(t, 1, yuanXLSX)
	goodRow := readCSV(t, filepath.Join(alone, "documents.csv"))[0]
	for _, d := range readCSV(t, filepath.Join(out, "documents.csv")) {
		name := filepath.Base(d["source"])
		if reason, bad := want[name]; bad {
			if d["status"] != "failed" || d["error"] != d["source"]+": "+reason {
				t.Errorf("%s: status %q, error %q; want failed, %q", name, d["status"], d["error"], reason)
			}
			continue
		}
		if d["status"] != goodRow["status"] || d["facts"] != goodRow["facts"] {
			t.Errorf("%s: status %q, %s facts; want %q, %s as read alone", name, d["status"], d["facts"], goodRow["status"], goodRow["facts"])
		}
	}
	if sum.Documents != 8 || sum.Failed != 5 {
		t.Errorf("Summary = %d documents, %d failed; want 8, 5", sum.Documents, sum.Failed)
	}
	if sum.WorkerPeak > iso.DocMemory {
		t.Errorf("a worker peaked at %d MiB, over its %s ceiling", sum.WorkerPeak>>20, ceiling)
	}
}
