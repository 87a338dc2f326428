//go:build unix

package pipelines_test

import (
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/budgetetl/budgetetl/pipelines"
)

// TestIsolationSIGKILL kills a worker with SIGKILL while it reads a
// document: the run completes, with that document failed and the others
// read by the worker that replaces it.
func TestIsolationSIGKILL(t *testing.T) {
	inRepoRoot(t)
	in := t.TempDir()
	for _, name := range []string{"a.xlsx", "slow-b.xlsx", "c.xlsx", "d.xlsx"} {
		copyFile(t, yuanXLSX, filepath.Join(in, name))
	}
	var mu sync.Mutex
	killed := 0
	kill := func(path string, pid int) {
		if strings.HasPrefix(filepath.Base(path), "slow-") {
			mu.Lock()
			defer mu.Unlock()
			if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
				t.Errorf("kill %d: %v", pid, err)
			}
			killed++
		}
	}
	out, sum := runIsolated(t, 1, pipelines.Isolation{}, kill, in)
	docs := readCSV(t, filepath.Join(out, "documents.csv"))
	if len(docs) != 4 || killed != 1 || sum.Failed != 1 {
		t.Fatalf("%d documents, %d killed, %d failed; want 4, 1, 1", len(docs), killed, sum.Failed)
	}
	for _, d := range docs {
		slow := strings.HasPrefix(filepath.Base(d["source"]), "slow-")
		switch {
		case slow && (d["status"] != "failed" || !strings.HasSuffix(d["error"], ": crashed (signal: killed)")):
			t.Errorf("killed document: status %q, error %q; want failed, crashed (signal: killed)", d["status"], d["error"])
		case !slow && d["status"] == "failed":
			t.Errorf("%s: failed (%s), want it read", d["source"], d["error"])
		}
	}
}
