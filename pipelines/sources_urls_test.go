package pipelines

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/load"
)

// urlRun runs a pipeline of one urls source (the list written into dir,
// the default store beside it) into out with the state store of dir.
func urlRun(t *testing.T, dir, out string, urls []string) Summary {
	t.Helper()
	writeList(t, dir, urls)
	st, err := OpenState(filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sink, err := load.NewCSV(out, load.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), Config{Sinks: []load.Sink{sink}, Workers: 2, State: st,
		Sources: []Source{{URLs: "urls.txt"}}, SourceDir: dir, Fetch: testFetchOptions()})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func writeList(t *testing.T, dir string, urls []string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "urls.txt"), []byte("# test list\n"+strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// outputSet reads the three files and schema.json of an output directory.
func outputSet(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	set := map[string][]byte{}
	for _, name := range []string{load.FactsFile, load.DocumentsFile, load.ChecksFile, load.SchemaFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		set[name] = b
	}
	return set
}

func sameOutputs(a, b map[string][]byte) bool {
	for k := range a {
		if !bytes.Equal(a[k], b[k]) {
			return false
		}
	}
	return len(a) == len(b)
}

// sentFor is how many bodies the site served for each of paths.
func (s *site) sentFor(paths []string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, p := range paths {
		out[p] = s.sent[p]
	}
	return out
}

// TestURLSource runs a pipeline whose source is a URL list served on
// loopback: the fetch stage downloads into the default store, each stored
// document is read under its URL in URL order (the rows those of the same
// files read from disk), failed URLs are failed documents and in the
// report; a second run downloads nothing and writes the same bytes, reusing
// every stored result, and with nothing failed the outputs are then kept;
// changed content is read again; a dry run asks no server.
func TestURLSource(t *testing.T) {
	s := newSite(t)
	dir, out := t.TempDir(), t.TempDir()
	good := []string{"/moved/yangcheng-yuan-2026.xlsx", "/files/jincheng-2026.xlsx", "/files/jincheng-2026.pdf"}
	bad := []string{"/gone.pdf", "/html/report.pdf"}
	var urls []string
	for _, p := range append(append([]string{}, good...), bad...) {
		urls = append(urls, s.URL+p)
	}
	sum := urlRun(t, dir, out, urls)
	if sum.Documents != 5 || sum.Failed != 2 || sum.FetchFailed != 2 {
		t.Fatalf("%d documents, %d failed, %d URLs failed; want 5, 2, 2", sum.Documents, sum.Failed, sum.FetchFailed)
	}
	f := sum.Report.Fetch
	if f == nil || f.URLs != 5 || f.New != 3 || f.Failed != 2 || len(f.Failures) != 2 {
		t.Fatalf("fetch report %+v, want 5 URLs, 3 new, 2 failed", f)
	}
	if len(sum.Report.Quarantine) != 2 {
		t.Errorf("quarantine %+v, want the 2 failed URLs", sum.Report.Quarantine)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(DefaultStore), ManifestName)); err != nil {
		t.Errorf("no manifest in the default store: %v", err)
	}
	docs := readRows(t, filepath.Join(out, load.DocumentsFile))
	sorted := append([]string{}, urls...)
	sort.Strings(sorted)
	for i, d := range docs {
		failed := strings.HasSuffix(d["source"], "/gone.pdf") || strings.HasSuffix(d["source"], "/html/report.pdf")
		switch {
		case d["source"] != sorted[i]:
			t.Errorf("document %d: source %s, want %s (URL order)", i, d["source"], sorted[i])
		case failed && (d["status"] != "failed" || !strings.HasPrefix(d["error"], d["source"]+": not fetched: ")):
			t.Errorf("%s: status %s, error %q; want failed, not fetched", d["source"], d["status"], d["error"])
		case !failed && d["status"] == "failed":
			t.Errorf("%s failed: %s", d["source"], d["error"])
		}
	}
	assertFactsOfFiles(t, out, map[string]string{
		"jincheng-2026.pdf": s.URL + good[2], "jincheng-2026.xlsx": s.URL + good[1], "yangcheng-yuan-2026.xlsx": s.URL + good[0]})
	first := outputSet(t, out)
	sent := s.sentFor(good)

	again := urlRun(t, dir, out, urls)
	if got := s.sentFor(good); !equalCounts(got, sent) {
		t.Errorf("second run: bodies served %v, want %v (nothing downloaded again)", got, sent)
	}
	if !sameOutputs(outputSet(t, out), first) {
		t.Error("second run: the outputs differ from the first's")
	}
	f = again.Report.Fetch
	if f.Unchanged != 3 || f.Failed != 2 || again.Report.Documents["reused"] != 3 || again.FetchFailed != 2 {
		t.Errorf("second run: fetch %+v, %d reused; want 3 unchanged, 2 failed, 3 reused", f, again.Report.Documents["reused"])
	}
	if again.Report.OutputsKept {
		t.Error("second run kept the outputs though two documents failed (they are read again)")
	}

	// Without the failing URLs, the second run of the same list keeps the
	// outputs; new content at a URL is read again.
	urls = urls[:3]
	if sum := urlRun(t, dir, out, urls); sum.Failed != 0 || sum.FetchFailed != 0 || sum.Report.OutputsKept {
		t.Fatalf("good URLs: %d failed, %d URLs failed, kept %v", sum.Failed, sum.FetchFailed, sum.Report.OutputsKept)
	}
	kept := outputSet(t, out)
	if sum := urlRun(t, dir, out, urls); !sum.Report.OutputsKept || sum.Report.Documents["reused"] != 3 {
		t.Errorf("good URLs again: kept %v, %d reused; want kept, 3 reused", sum.Report.OutputsKept, sum.Report.Documents["reused"])
	}
	if !sameOutputs(outputSet(t, out), kept) {
		t.Error("good URLs again: the outputs changed")
	}
	if got := s.sentFor(good); !equalCounts(got, sent) {
		t.Errorf("good URLs again: bodies served %v, want %v", got, sent)
	}
	urls = append(urls, s.URL+"/changing.pdf")
	urlRun(t, dir, out, urls)
	s.mu.Lock()
	s.rev++
	s.mu.Unlock()
	if sum := urlRun(t, dir, out, urls); sum.Report.Documents["read"] != 1 || sum.Report.Fetch.Changed != 1 {
		t.Errorf("changed content: %d read, fetch %+v; want 1 read, 1 changed", sum.Report.Documents["read"], sum.Report.Fetch)
	}

	// A dry run asks no server and says what would be fetched.
	writeList(t, dir, append(urls, s.URL+"/files/yangcheng-yuan-2026.xlsx"))
	asked := s.totalRequests()
	st, err := OpenStateReadOnly(filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	plan, err := Plan(context.Background(), Config{Sources: []Source{{URLs: "urls.txt"}}, SourceDir: dir, State: st})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.totalRequests(); n != asked {
		t.Errorf("a dry run sent %d requests", n-asked)
	}
	if len(plan.Fetch) != 5 || plan.Fetch[4].Known || !plan.Fetch[0].Known || plan.Fetch[0].SHA256 == "" {
		t.Errorf("fetch plan %+v, want 5 URLs, the last never fetched", plan.Fetch)
	}
	for _, d := range plan.Documents {
		want := PlanUnchanged
		if d.Source == s.URL+"/files/yangcheng-yuan-2026.xlsx" {
			want = PlanNew
		}
		if d.Status != want {
			t.Errorf("dry run: %s %s (%s), want %s", d.Source, d.Status, d.Reason, want)
		}
	}
}

// assertFactsOfFiles checks that facts.csv of out holds the rows a run of
// the named samples read from disk gives, each named by its URL.
func assertFactsOfFiles(t *testing.T, out string, urlOf map[string]string) {
	t.Helper()
	in, plain := t.TempDir(), t.TempDir()
	for name := range urlOf {
		data, err := os.ReadFile(filepath.Join("..", "samples", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sink, err := load.NewCSV(plain, load.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Config{Inputs: []string{in}, Sinks: []load.Sink{sink}, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(plain, load.FactsFile))
	for name, u := range urlOf {
		want = bytes.ReplaceAll(want, []byte(filepath.Join(in, name)), []byte(u))
	}
	got, _ := os.ReadFile(filepath.Join(out, load.FactsFile))
	if len(want) < 1000 || !bytes.Equal(got, want) {
		t.Errorf("facts.csv (%d bytes) differs from the files' read from disk (%d bytes)", len(got), len(want))
	}
}

// readRows reads a CSV file as maps by header.
func readRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// totalRequests is how many requests the site has had.
func (s *site) totalRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, at := range s.asked {
		n += len(at)
	}
	return n
}
