package pipelines

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestLoadSpec reads the pipeline files of testdata/spec and compares
// what LoadSpec says of each with its .golden file (-update rewrites them).
func TestLoadSpec(t *testing.T) {
	files, _ := filepath.Glob("testdata/spec/*.yaml")
	if len(files) == 0 {
		t.Fatal("no pipeline files in testdata/spec")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			got := "ok\n"
			if _, err := LoadSpec(file); err != nil {
				if !errors.Is(err, ErrSpec) {
					t.Errorf("error %v is no ErrSpec", err)
				}
				got = err.Error() + "\n"
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if updating() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("LoadSpec(%s) says\n%s\nwant\n%s", file, got, want)
			}
		})
	}
}

// TestSpecUnknownFieldAndType checks the case by value: an unknown
// field and a wrong type, each at its line and column.
func TestSpecUnknownFieldAndType(t *testing.T) {
	_, err := LoadSpec("testdata/spec/unknown-and-type.yaml")
	var errs SpecErrors
	if !errors.As(err, &errs) {
		t.Fatalf("LoadSpec = %v, want SpecErrors", err)
	}
	want := map[string][2]int{"$.sources[0].exclud": {4, 5}, "$.options.workers": {6, 12}}
	for _, e := range errs {
		if pos, ok := want[e.Field]; ok {
			if [2]int{e.Line, e.Column} != pos {
				t.Errorf("%s at %d:%d, want %d:%d", e.Field, e.Line, e.Column, pos[0], pos[1])
			}
			delete(want, e.Field)
		}
	}
	if len(want) > 0 {
		t.Errorf("no error for %v in %v", want, err)
	}
}

// FuzzParseSpec: any bytes give a Spec or SpecErrors with positions inside
// the file, never a panic.
func FuzzParseSpec(f *testing.F) {
	files, _ := filepath.Glob("testdata/spec/*.yaml")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Add([]byte("name: [\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec("fuzz.yaml", data)
		if err == nil {
			if s == nil {
				t.Fatal("no spec and no error")
			}
			return
		}
		var errs SpecErrors
		if !errors.As(err, &errs) {
			return // not a pipeline file at all (a document that is no mapping decodes with its own error)
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines || e.Column < 1 {
				t.Errorf("error %q at %d:%d outside the file of %d lines", e.Msg, e.Line, e.Column, lines)
			}
		}
	})
}

func TestTemplate(t *testing.T) {
	tests := []struct {
		tmpl, rel string
		want      dataset.Region
	}{
		{"{province}/{city}/{county}/…", "山西省/晋城市/阳城县/2026/a.pdf", dataset.Region{Province: "山西省", City: "晋城市", County: "阳城县"}},
		{"{province}/{city}/…", "山西省/a.pdf", dataset.Region{Province: "山西省"}},
		{"预算/{province}/*/{city}", "预算/山西省/2026/晋城市/a.pdf", dataset.Region{Province: "山西省", City: "晋城市"}},
		{"预算/{province}", "决算/山西省/a.pdf", dataset.Region{}},
		{"{city}", "a.pdf", dataset.Region{}},
	}
	for _, tt := range tests {
		tmpl, err := parseTemplate(tt.tmpl)
		if err != nil {
			t.Fatalf("parseTemplate(%q): %v", tt.tmpl, err)
		}
		if got := tmpl.region(tt.rel); got != tt.want {
			t.Errorf("%q on %q = %+v, want %+v", tt.tmpl, tt.rel, got, tt.want)
		}
	}
	for _, bad := range []string{"{town}", "…/{city}", "a//b", "x{city}"} {
		if _, err := parseTemplate(bad); err == nil {
			t.Errorf("parseTemplate(%q) = nil error", bad)
		}
	}
}

func TestPathRegion(t *testing.T) {
	flags := dataset.Region{Province: "山西省"}
	got, err := pathRegion(dataset.Region{City: "晋城市"}, flags)
	if err != nil || got.Region != (dataset.Region{Province: "山西省", City: "晋城市"}) || !got.fromPath {
		t.Errorf("a city below the flags' province = %+v, %v", got, err)
	}
	if got, err := pathRegion(dataset.Region{Province: "山西"}, flags); err == nil || got.Region != flags || got.fromPath {
		t.Errorf("a short name = %+v, %v; want the flags and an error", got, err)
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"**/*.pdf", "a.pdf", true},
		{"**/*.pdf", "x/y/a.pdf", true},
		{"x/**", "x/y/a.pdf", true},
		{"x/**/a.pdf", "x/a.pdf", true},
		{"*.pdf", "x/a.pdf", false},
		{"x/*/a.pdf", "x/y/z/a.pdf", false},
	}
	for _, tt := range tests {
		if got := matchGlob(tt.pattern, tt.name); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
	if root, rest := globRoot("data/2026/**/*.pdf"); root != filepath.FromSlash("data/2026") || rest != "**/*.pdf" {
		t.Errorf("globRoot = %q, %q", root, rest)
	}
}

func TestLitterReason(t *testing.T) {
	for name, litter := range map[string]bool{
		"~$预算.xlsx": true, "a/index.html": true, "x.HTM": true, "Thumbs.db": true, "pic.png": true,
		"预算.pdf": false, "预算.xlsx": false, "old.xls": false, "noext": false,
	} {
		if got := litterReason(name) != ""; got != litter {
			t.Errorf("litterReason(%q) = %q, want litter %v", name, litterReason(name), litter)
		}
	}
}

func TestParseShard(t *testing.T) {
	for s, ok := range map[string]bool{"0/1": true, "3/4": true, "4/4": false, "-1/2": false, "1/0": false, "1": false, "01/2": false} {
		if _, err := ParseShard(s); (err == nil) != ok {
			t.Errorf("ParseShard(%q) error %v, want ok %v", s, err, ok)
		}
	}
	docs := []*planned{}
	for i := range 40 {
		docs = append(docs, &planned{Input: Input{Path: string(rune('a' + i))}})
	}
	seen := map[string]int{}
	for k := range 3 {
		for _, p := range (Shard{k, 3}).filter(docs) {
			seen[p.Path]++
		}
	}
	for _, p := range docs {
		if seen[p.Path] != 1 {
			t.Errorf("%s in %d shards, want 1", p.Path, seen[p.Path])
		}
	}
}

// updating reports whether -update was given (the flag is pipeline_test.go's).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}
