package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

const samples = "../../samples/"

// subcommandFlags: the commands have no OnUsageError, so urfave/cli returns
// their flag errors unwrapped and run maps them to exit status 1.
const subcommandFlags = "a flag error in a subcommand exits 1"

// TestExitStatus checks the exit statuses run documents: 0 when every
// document loads, 1 when one failed, 2 for a usage error, 3 when no output
// could be written.
func TestExitStatus(t *testing.T) {
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "empty.pdf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(samples, "yangcheng-yuan-2026.xlsx")
	notDir := filepath.Join(t.TempDir(), "file") // a file where the output directory's parent should be
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		want     int
		knownBug string // the bug this case was written for (now fixed)
	}{
		{"samples", []string{"run", "-q", "-o", t.TempDir(), samples}, exitOK, ""},
		{"bad file beside a good one", []string{"run", "-q", "-o", t.TempDir(), good, bad}, exitFailed, ""},
		{"no PATH", []string{"run", "-q", "-o", t.TempDir()}, exitUsage, ""},
		{"unknown flag", []string{"--no-such-flag", "run", samples}, exitUsage, ""},
		{"unknown run flag", []string{"run", "--no-such-flag", samples}, exitUsage, subcommandFlags},
		{"unknown inspect flag", []string{"inspect", "--no-such-flag", good}, exitUsage, subcommandFlags},
		{"unknown command", []string{"no-such-command"}, exitUsage, "an unknown command exits 1"},
		{"unknown encoding", []string{"run", "-q", "--encoding", "latin1", "-o", t.TempDir(), samples}, exitUsage, ""},
		{"unknown pdf engine", []string{"run", "-q", "--pdf-engine", "ocr", "-o", t.TempDir(), samples}, exitUsage, ""},
		{"missing PATH", []string{"run", "-q", "-o", t.TempDir(), "no/such/dir"}, exitUsage, ""},
		{"output that cannot be written", []string{"run", "-q", "-o", filepath.Join(notDir, "out"), good}, exitNoOutput, ""},
		{"inspect", []string{"inspect", good}, exitOK, ""},
		{"inspect without FILE", []string{"inspect"}, exitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(append([]string{"budgetetl"}, tt.args...))
			if got != tt.want {
				t.Errorf("budgetetl %v: exit status %d, want %d", tt.args, got, tt.want)
			}
		})
	}
}

// TestRunEncodingBOM checks that --encoding utf-8-bom writes the BOM Excel
// needs, and that the default does not.
func TestRunEncodingBOM(t *testing.T) {
	good := filepath.Join(samples, "yangcheng-yuan-2026.xlsx")
	for enc, wantBOM := range map[string]bool{"utf-8": false, "utf-8-bom": true} {
		out := t.TempDir()
		if got := run([]string{"budgetetl", "run", "-q", "--encoding", enc, "-o", out, good}); got != exitOK {
			t.Fatalf("--encoding %s: exit status %d", enc, got)
		}
		b, err := os.ReadFile(filepath.Join(out, "facts.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if hasBOM := bytes.HasPrefix(b, []byte("\uFEFF")); hasBOM != wantBOM {
			t.Errorf("--encoding %s: facts.csv starts with BOM = %v, want %v", enc, hasBOM, wantBOM)
		}
	}
}
