package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetetl/budgetetl/pipelines"
)

// setFiles are the files whose bytes a run must reproduce.
var setFiles = []string{"facts.csv", "documents.csv", "checks.csv", "schema.json"}

// readSet reads the set of an output directory; nil where a file is
// missing.
func readSet(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	set := map[string][]byte{}
	for _, name := range setFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil
		}
		set[name] = b
	}
	return set
}

func sameSet(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// readReport reads run-report.json of dir.
func readReport(t *testing.T, dir string) pipelines.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, pipelines.ReportJSON))
	if err != nil {
		t.Fatal(err)
	}
	var r pipelines.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// copySamples copies the named sample files into a new directory.
func copySamples(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestIncrementalRun runs twice over the same inputs and once more after
// a file is added: each re-run reads only what is new, and writes the
// bytes of a full run without state.
func TestIncrementalRun(t *testing.T) {
	in := copySamples(t, "jincheng-2026.xlsx", "yangcheng-yuan-2026.xlsx")
	out := t.TempDir()
	runs := []struct {
		name       string
		add        string // a sample copied in before the run
		args       []string
		read, used int
	}{
		{"first", "", nil, 2, 0},
		{"nothing changed", "", nil, 0, 2},
		{"a file added", "jincheng-2026.pdf", nil, 1, 2},
		{"full refresh", "", []string{"--full-refresh"}, 3, 0},
	}
	for _, r := range runs {
		if r.add != "" {
			copyInto(t, r.add, in)
		}
		args := append([]string{"budgetetl", "run", "-q", "--isolation", "none", "-o", out}, r.args...)
		if got := run(append(args, in)); got != exitOK {
			t.Fatalf("%s: exit status %d", r.name, got)
		}
		rep := readReport(t, out)
		if rep.Documents["read"] != r.read || rep.Documents["reused"] != r.used {
			t.Errorf("%s: %d read, %d reused; want %d, %d", r.name, rep.Documents["read"], rep.Documents["reused"], r.read, r.used)
		}
		full := t.TempDir()
		if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "--state", "none", "-o", full, in}); got != exitOK {
			t.Fatalf("full run: exit status %d", got)
		}
		if !sameSet(readSet(t, out), readSet(t, full)) {
			t.Errorf("%s: the outputs differ from a full run's", r.name)
		}
	}
}

func copyInto(t *testing.T, name, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samples, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestKillResume kills runs (child processes, kill -9) at random moments:
// after each kill the output directory shows the set it showed before or
// the new run's whole, never a mix, and the run that finishes writes the
// bytes of an uninterrupted run, with no temporary file left.
func TestKillResume(t *testing.T) {
	ref := t.TempDir()
	start := time.Now()
	if got := run([]string{"budgetetl", "run", "-q", "--workers", "1", "--state", "none", "-o", ref, samples}); got != exitOK {
		t.Fatalf("reference run: exit status %d", got)
	}
	took := time.Since(start)
	want := readSet(t, ref)
	out := t.TempDir()
	older := filepath.Join(samples, "yangcheng-yuan-2026.xlsx") // an earlier run's set, to keep intact
	if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "-o", out, older}); got != exitOK {
		t.Fatalf("earlier run: exit status %d", got)
	}
	before := readSet(t, out)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d, an uninterrupted run takes %s", seed, took)
	for i := range 6 {
		cmd := budgetetl("run", "-q", "--workers", "1", "-o", out, samples)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took + took/4))))
		cmd.Process.Kill()
		cmd.Wait()
		got := readSet(t, out)
		switch {
		case sameSet(got, before):
		case sameSet(got, want):
			before = want
		default:
			t.Fatalf("kill %d: the outputs are neither the earlier set nor the run's", i)
		}
	}
	if got := run([]string{"budgetetl", "run", "-q", "--workers", "1", "-o", out, samples}); got != exitOK {
		t.Fatalf("last run: exit status %d", got)
	}
	if !sameSet(readSet(t, out), want) {
		t.Error("after the kills, the outputs differ from an uninterrupted run's")
	}
	checkNoTemp(t, out)
}

// checkNoTemp checks that an output directory holds only the set, the
// reports and the one committed generation.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	gens := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		switch {
		case err != nil:
			t.Error(err)
		case strings.HasPrefix(rel, filepath.Join(".budgetetl", "gen-")) && d.IsDir():
			gens++
		case strings.Contains(d.Name(), ".tmp") || strings.HasPrefix(d.Name(), "."+"facts") || strings.HasSuffix(d.Name(), "-journal"):
			t.Errorf("left behind: %s", rel)
		}
		return nil
	})
	if gens != 1 {
		t.Errorf("%d generations in %s, want 1", gens, dir)
	}
}

// TestShardsMerge runs two shards and merges them: the bytes of one run.
func TestShardsMerge(t *testing.T) {
	tmp := t.TempDir()
	one := filepath.Join(tmp, "one")
	if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "-o", one, samples}); got != exitOK {
		t.Fatalf("run: exit status %d", got)
	}
	var shards []string
	docs := 0
	for k := range 2 {
		dir := filepath.Join(tmp, "shard"+string(rune('0'+k)))
		if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "--shard", string(rune('0'+k)) + "/2", "-o", dir, samples}); got != exitOK {
			t.Fatalf("shard %d: exit status %d", k, got)
		}
		docs += readReport(t, dir).Documents["ok"]
		shards = append(shards, dir)
	}
	if docs != 5 {
		t.Errorf("the shards read %d documents, want the 5 samples once each", docs)
	}
	merged := filepath.Join(tmp, "merged")
	if got := run(append([]string{"budgetetl", "merge", "-o", merged}, shards...)); got != exitOK {
		t.Fatalf("merge: exit status %d", got)
	}
	if !sameSet(readSet(t, merged), readSet(t, one)) {
		t.Error("two shards merged differ from one run")
	}
}

// TestZipBundle reads a .zip of two PDFs and a workbook, with an Office
// lock file and a web page beside them: three documents with !/ sources,
// the two others skipped and reported, exit status 0.
func TestZipBundle(t *testing.T) {
	in := t.TempDir()
	bundle := filepath.Join(in, "bundle.zip")
	f, err := os.Create(bundle)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"jincheng-2026.pdf", "yangcheng-yuan-2026-noborders.pdf", "yangcheng-yuan-2026.xlsx"} {
		b, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create("2026/" + name)
		w.Write(b)
	}
	w, _ := zw.Create("2026/~$yangcheng-yuan-2026.xlsx")
	w.Write([]byte("lock"))
	zw.Close()
	f.Close()
	if err := os.WriteFile(filepath.Join(in, "index.html"), []byte("<html></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "-o", out, in}); got != exitOK {
		t.Fatalf("exit status %d, want 0", got)
	}
	docs, err := os.ReadFile(filepath.Join(out, "documents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(docs), "bundle.zip!/2026/"); n != 3 {
		t.Errorf("documents.csv names %d bundle members, want 3:\n%s", n, docs)
	}
	rep := readReport(t, out)
	var skipped []string
	for _, s := range rep.Skipped {
		skipped = append(skipped, filepath.Base(s.Path))
	}
	if want := []string{"~$yangcheng-yuan-2026.xlsx", "index.html"}; strings.Join(skipped, ",") != strings.Join(want, ",") {
		t.Errorf("skipped %q, want %q", skipped, want)
	}
}

// TestPipelineFile runs the shipped pipeline (its sink overridden): the
// bytes of run -o out samples/.
func TestPipelineFile(t *testing.T) {
	out := t.TempDir()
	if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "--pipeline", filepath.Join(samples, "pipeline.yaml"), "-o", out}); got != exitOK {
		t.Fatalf("exit status %d", got)
	}
	for _, name := range setFiles[:3] {
		got, _ := os.ReadFile(filepath.Join(out, name))
		want, _ := os.ReadFile(filepath.Join(samples, "expected", name))
		if !bytes.Equal(got, bytes.ReplaceAll(want, []byte("samples/"), []byte(samples))) {
			t.Errorf("%s differs from samples/expected/%s", name, name)
		}
	}
}

// TestDryRun changes nothing on disk, a first time and after a run.
func TestDryRun(t *testing.T) {
	in := copySamples(t, "yangcheng-yuan-2026.xlsx")
	out := filepath.Join(t.TempDir(), "out")
	dry := []string{"budgetetl", "run", "-q", "--dry-run", "-o", out, in}
	if got := run(dry); got != exitOK {
		t.Fatalf("dry run: exit status %d", got)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a dry run made the output directory")
	}
	if got := run([]string{"budgetetl", "run", "-q", "--isolation", "none", "-o", out, in}); got != exitOK {
		t.Fatal("run failed")
	}
	before := tree(t, out)
	if got := run(dry); got != exitOK {
		t.Fatalf("dry run: exit status %d", got)
	}
	if after := tree(t, out); after != before {
		t.Errorf("a dry run changed the output directory:\n%s\nwas\n%s", after, before)
	}
}

// tree lists a directory's entries with their sizes and times.
func tree(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		fmt.Fprintf(&b, "%s %s %d\n", p, info.ModTime(), info.Size())
		return nil
	})
	return b.String()
}
