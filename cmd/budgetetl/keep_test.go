//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// generation is what identifies the committed generation of an output
// directory and its files on disk: the target of current and each set
// file's inode, size and modification time.
func generation(t *testing.T, dir string) string {
	t.Helper()
	cur, err := os.Readlink(filepath.Join(dir, ".budgetetl", "current"))
	if err != nil {
		t.Fatal(err)
	}
	id := cur
	for _, name := range setFiles {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		id += " " + name + ":" + info.ModTime().Format(time.RFC3339Nano) + ":" + fileID(info)
	}
	return id
}

// TestNothingChangedKeeps re-runs over unchanged inputs: the committed
// generation is kept as it is (no file of it written again), the bytes
// are those of a full run and the report says the outputs were kept;
// whatever changes what the set would hold, or the set itself, makes the
// run write again.
func TestNothingChangedKeeps(t *testing.T) {
	in := copySamples(t, "jincheng-2026.xlsx", "yangcheng-yuan-2026.xlsx")
	out := t.TempDir()
	base := []string{"budgetetl", "run", "-q", "--isolation", "none", "-o", out}
	full := t.TempDir()
	if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "--state", "none", "-o", full, in}); got != exitOK {
		t.Fatalf("full run: exit status %d", got)
	}
	want := readSet(t, full)
	runs := []struct {
		name   string
		before func()   // what changes before the run
		args   []string // beside base
		kept   bool
	}{
		{"first", nil, nil, false},
		{"nothing changed", nil, nil, true},
		{"nothing changed again", nil, nil, true},
		{"a sqlite sink beside", nil, []string{"--to", "sqlite:" + filepath.Join(t.TempDir(), "b.db")}, false},
		{"back to csv alone", nil, nil, true},
		{"another encoding", nil, []string{"--encoding", "utf-8-bom"}, false},
		{"the encoding back", nil, nil, false},
		{"the set edited", func() { appendTo(t, filepath.Join(out, "checks.csv"), "x\n") }, nil, false},
		{"a link removed", func() { os.Remove(filepath.Join(out, "facts.csv")) }, nil, false},
		{"an input touched, the same bytes", func() { touch(t, filepath.Join(in, "jincheng-2026.xlsx")) }, nil, true},
		{"full refresh", nil, []string{"--full-refresh"}, false},
		{"after the refresh", nil, nil, true},
	}
	for _, r := range runs {
		if r.before != nil {
			r.before()
		}
		gen := ""
		if r.kept {
			gen = generation(t, out)
		}
		args := append(append(append([]string{}, base...), r.args...), in)
		if got := run(args); got != exitOK {
			t.Fatalf("%s: exit status %d", r.name, got)
		}
		rep := readReport(t, out)
		if rep.OutputsKept != r.kept {
			t.Errorf("%s: outputs_kept %v, want %v", r.name, rep.OutputsKept, r.kept)
		}
		if r.kept && generation(t, out) != gen {
			t.Errorf("%s: the committed generation changed:\n%s\nwas\n%s", r.name, generation(t, out), gen)
		}
		if rep.Documents["ok"]+rep.Documents["warnings"] != 2 || rep.Facts == 0 {
			t.Errorf("%s: the report counts %v documents, %d facts", r.name, rep.Documents, rep.Facts)
		}
		if r.args == nil && !sameSet(readSet(t, out), want) {
			t.Errorf("%s: the outputs differ from a full run's", r.name)
		}
		checkNoTemp(t, out)
	}
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
}

// fileID is the device and inode of a file.
func fileID(info os.FileInfo) string {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return "?"
	}
	return fmt.Sprintf("%d/%d", st.Dev, st.Ino)
}
