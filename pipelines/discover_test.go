//go:build unix

package pipelines_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/budgetetl/budgetetl/pipelines"
)

// TestDiscoverSkipped checks that what a walk meets and does not read is
// listed with its reason, not dropped: a dangling symbolic link, a link to
// a directory, a special file; and that hidden entries and the files that
// sit beside inputs (.csv, .md) are skipped without a word; and that a
// FIFO named directly is not opened either.
func TestDiscoverSkipped(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.pdf")
	write("notes.md")
	write(".hidden.pdf")
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("sub/b.xlsx")
	for link, target := range map[string]string{"dangling.pdf": "no-such-file", "dirlink": "sub", "filelink.pdf": "a.pdf"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("SKIP: no symbolic links here: %v", err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := pipelines.Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, reason string }{
		{"a.pdf", ""},
		{"dangling.pdf", "a symbolic link to no-such-file, which does not exist"},
		{"dirlink", "a symbolic link to a directory, which a walk does not follow"},
		{"fifo.pdf", "not a regular file"},
		{"filelink.pdf", ""},
		{"sub/b.xlsx", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d inputs %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		rel, _ := filepath.Rel(dir, got[i].Path)
		if rel != w.name || (w.reason == "") != (got[i].Skip == "") || !strings.Contains(got[i].Skip, w.reason) {
			t.Errorf("input %d: got %s %q, want %s %q", i, rel, got[i].Skip, w.name, w.reason)
		}
	}
	named, err := pipelines.Discover([]string{filepath.Join(dir, "fifo.pdf")})
	if err != nil || len(named) != 1 || !strings.Contains(named[0].Skip, "not a regular file") {
		t.Errorf("a FIFO named directly: got %+v, %v; want it not read, as not a regular file", named, err)
	}
}

// TestSkippedInputsReported runs a directory holding a dangling link: it
// has its failed row with the reason, beside the file that is read.
func TestSkippedInputsReported(t *testing.T) {
	inRepoRoot(t)
	in := t.TempDir()
	copyFile(t, yuanXLSX, filepath.Join(in, "good.xlsx"))
	if err := os.Symlink("gone.pdf", filepath.Join(in, "link.pdf")); err != nil {
		t.Skipf("SKIP: no symbolic links here: %v", err)
	}
	out, sum := run(t, 1, in)
	docs := readCSV(t, filepath.Join(out, "documents.csv"))
	if len(docs) != 2 || sum.Failed != 1 {
		t.Fatalf("got %d rows, %d failed; want 2 rows, 1 failed", len(docs), sum.Failed)
	}
	if d := docs[1]; filepath.Base(d["source"]) != "link.pdf" || d["status"] != "failed" || !strings.Contains(d["error"], "does not exist") {
		t.Errorf("link row %v: want failed, naming the missing target", d)
	}
}
