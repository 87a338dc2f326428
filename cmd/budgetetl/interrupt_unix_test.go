//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestInterruptedRun interrupts a run whose worker never answers (see
// hangEnv): the run ends with exit status 3, and the output directory holds
// no outputs.
func TestInterruptedRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	cmd := budgetetl("run", "-q", "-o", out, filepath.Join(samples, "yangcheng-yuan-2026.xlsx"))
	cmd.Env = append(cmd.Env, hangEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ { // the output directory is made once the run can be interrupted cleanly
		if _, err := os.Stat(out); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitNoOutput {
		t.Fatalf("got %v (stderr %q), want exit status %d", err, stderr.String(), exitNoOutput)
	}
	if !strings.Contains(stderr.String(), "interrupted: no output written") {
		t.Errorf("stderr %q: want it to say the run was interrupted and wrote nothing", stderr.String())
	}
	for _, name := range []string{"facts.csv", "documents.csv", "checks.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s was written", name)
		}
	}
}
