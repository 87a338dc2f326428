package pipelines

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetetl/budgetetl/extract"
)

// TestHashSource checks that the streamed hash of a file and the hash of
// a bundle member are the SHA-256 of the bytes a worker reads, and that a
// missing member is an error.
func TestHashSource(t *testing.T) {
	dir := t.TempDir()
	doc := bytes.Repeat([]byte("%PDF-1.7 budget "), 40_000) // larger than one copy buffer
	file := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("inner/b.pdf")
	w.Write(doc[:1000])
	zw.Close()
	bundle := filepath.Join(dir, "bundle.zip")
	if err := os.WriteFile(bundle, zbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	tests := []struct {
		path, want string
		fails      bool
	}{
		{file, sum(doc), false},
		{bundle + extract.ArchiveSep + "inner/b.pdf", sum(doc[:1000]), false},
		{bundle + extract.ArchiveSep + "inner/none.pdf", "", true},
		{filepath.Join(dir, "missing.pdf"), "", true},
	}
	for _, tt := range tests {
		got, err := hashSource(tt.path, extract.Options{})
		if (err != nil) != tt.fails || got != tt.want {
			t.Errorf("hashSource(%s) = %q, %v; want %q (error: %v)", filepath.Base(tt.path), got, err, tt.want, tt.fails)
		}
	}
}
