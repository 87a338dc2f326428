package load

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// stampedSet writes testBatch into dir with the stamp, as a run does.
func stampedSet(t *testing.T, dir, stamp string, opts CSVOptions) {
	t.Helper()
	s, err := NewCSV(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(context.Background(), testBatch); err != nil {
		t.Fatal(err)
	}
	s.Stamp(stamp)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCSVHolds: a committed set holds the stamp it was written with, for
// the same options, while its files are as committed; Keep leaves it as
// it is.
func TestCSVHolds(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		opts   CSVOptions
		stamp  string
		want   bool
	}{
		{"as written", nil, CSVOptions{}, "s1", true},
		{"another stamp", nil, CSVOptions{}, "s2", false},
		{"no stamp", nil, CSVOptions{}, "", false},
		{"another encoding", nil, CSVOptions{Encoding: GB18030}, "s1", false},
		{"the guard off", nil, CSVOptions{RawText: true}, "s1", false},
		{"a file edited", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, FactsFile), []byte("edited\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, CSVOptions{}, "s1", false},
		{"a link replaced by a copy", func(t *testing.T, dir string) {
			data, _ := os.ReadFile(filepath.Join(dir, ChecksFile))
			os.Remove(filepath.Join(dir, ChecksFile))
			if err := os.WriteFile(filepath.Join(dir, ChecksFile), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, CSVOptions{}, "s1", false},
		{"the stamp file gone", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(resolveGeneration(dir), stampFile))
		}, CSVOptions{}, "s1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			stampedSet(t, dir, "s1", CSVOptions{})
			if tt.change != nil {
				tt.change(t, dir)
			}
			gen := resolveGeneration(dir)
			s, err := NewCSV(dir, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Holds(tt.stamp); got != tt.want {
				t.Errorf("Holds(%q) = %v, want %v", tt.stamp, got, tt.want)
			}
			if err := s.Keep(); err != nil {
				t.Fatal(err)
			}
			if got := resolveGeneration(dir); got != gen {
				t.Errorf("after Keep the committed generation is %s, want %s", got, gen)
			}
			if tt.change == nil {
				for name, want := range wantFiles {
					if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != want {
						t.Errorf("after Keep %s = %q", name, b)
					}
				}
				checkLayout(t, dir)
			}
		})
	}
}

// TestCSVHoldsWithoutLinks: a set of plain files (no symbolic links) is
// never kept: nothing commits its files together with a stamp.
func TestCSVHoldsWithoutLinks(t *testing.T) {
	saved := symlink
	symlink = func(string, string) error { return os.ErrPermission }
	defer func() { symlink = saved }()
	dir := t.TempDir()
	stampedSet(t, dir, "s1", CSVOptions{})
	s, err := NewCSV(dir, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if s.Holds("s1") {
		t.Error("a set of plain files holds its stamp")
	}
}
