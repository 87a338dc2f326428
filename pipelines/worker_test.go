package pipelines

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/load"
)

// workerEnv, set in the environment of this test binary, makes it a worker
// process (see TestMain): the isolation tests start it as their Worker.
const workerEnv = "BUDGETETL_TEST_WORKER"

// runEnv, set to a JSON childRun, makes this test binary run the pipeline
// as the parent of an isolated run and print its Summary as JSON (see
// RunInChild), so that a test can measure that process alone.
const runEnv = "BUDGETETL_TEST_RUN"

func TestMain(m *testing.M) {
	switch {
	case os.Getenv(workerEnv) == "1":
		out := os.Stdout
		os.Stdout = os.Stderr
		if err := serveWorker(os.Stdin, out, misbehave); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	case os.Getenv(runEnv) != "":
		if err := runChild(os.Getenv(runEnv)); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childRun is the run a RunInChild process makes.
type childRun struct {
	Inputs  []string
	Out     string
	Workers int
	Iso     Isolation
}

func runChild(spec string) error {
	var r childRun
	if err := json.Unmarshal([]byte(spec), &r); err != nil {
		return err
	}
	sink, err := load.NewCSV(r.Out, load.CSVOptions{})
	if err != nil {
		return err
	}
	os.Setenv(workerEnv, "1") // for the workers it starts
	r.Iso.Worker = []string{os.Args[0]}
	sum, err := Run(context.Background(), Config{Inputs: r.Inputs, Sinks: []load.Sink{sink}, Workers: r.Workers, Isolation: r.Iso})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(sum)
}

// RunInChild runs the pipeline on inputs into out in a process of its own,
// reading the documents in worker processes (this test binary both times),
// and returns its Summary: Peak is that process's own peak memory.
func RunInChild(t *testing.T, inputs []string, out string, workers int, iso Isolation) Summary {
	t.Helper()
	spec, err := json.Marshal(childRun{Inputs: inputs, Out: out, Workers: workers, Iso: iso})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), runEnv+"="+string(spec))
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("the run's process: %v", err)
	}
	var sum Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatalf("its summary %q: %v", b, err)
	}
	return sum
}

// misbehave reads a document as ProcessFile does, except for the files whose
// names ask a worker to fail in a way only isolation survives: hang-*
// never returns, stack-* overflows its stack, panic-* panics outside any
// recover, hog-* allocates until the memory ceiling stops it, exit-* says
// something and exits, and slow-* takes its time (so that a test can kill
// its worker mid-document).
func misbehave(ctx context.Context, path string, cfg Config) dataset.Batch {
	name := filepath.Base(path)
	switch {
	case strings.HasPrefix(name, "hang-"):
		select {}
	case strings.HasPrefix(name, "stack-"):
		debug.SetMaxStack(1 << 20)
		recurse(0)
	case strings.HasPrefix(name, "panic-"):
		go func() { panic("a worker's goroutine panicked") }()
		select {}
	case strings.HasPrefix(name, "hog-"):
		var keep [][]byte
		for {
			b := make([]byte, 16<<20)
			for i := range b {
				b[i] = 1
			}
			keep = append(keep, b)
		}
	case strings.HasPrefix(name, "exit-"):
		os.Stderr.WriteString("a worker gave up\n")
		os.Exit(7)
	case strings.HasPrefix(name, "slow-"):
		time.Sleep(time.Minute)
	}
	return ProcessFile(ctx, path, cfg)
}

func recurse(n int) int {
	var pad [64]byte
	pad[n%64] = byte(n)
	return recurse(n+1) + int(pad[0])
}

// WorkerForTests returns cfg set to read documents in workers that are
// this test binary (see TestMain), calling started with each document's
// path and its worker's process id as it is sent.
func WorkerForTests(t *testing.T, cfg Config, started func(path string, pid int)) Config {
	t.Setenv(workerEnv, "1")
	cfg.Isolation.Worker = []string{os.Args[0]}
	cfg.started = started
	return cfg
}

// FormatBytesForTests is formatBytes, as the reasons print a ceiling.
func FormatBytesForTests(n int64) string { return formatBytes(n) }
