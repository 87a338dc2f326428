package extract

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestBadPDFs reads the awkward inputs of the shared corpus with both
// engines: each fails with its sentinel, or reads.
func TestBadPDFs(t *testing.T) {
	dir := filepath.Join(sharedDir, "bad")
	sharedFiles(t, "bad/*.pdf")
	tests := []struct {
		file string
		want error // nil: reads with pages
	}{
		{"empty.pdf", ErrEmpty},
		{"not-a-pdf.pdf", ErrUnknown},
		{"encrypted-password.pdf", ErrEncrypted},
		{"scanned-image-only.pdf", ErrNoTextLayer},
		{"pdf-named.xlsx", nil},
		{"truncated.pdf", ErrDamaged},
	}
	for _, engine := range []string{EnginePDFium, EngineGo} {
		for _, tt := range tests {
			t.Run(engine+"/"+tt.file, func(t *testing.T) {
				doc, err := ReadFile(filepath.Join(dir, tt.file), Options{PDFEngine: engine})
				switch {
				case tt.want == nil && err != nil:
					t.Fatalf("got error %v, want pages", err)
				case tt.want == nil && len(doc.Pages) == 0:
					t.Fatalf("got no pages")
				case tt.want == ErrDamaged && err == nil:
					t.Logf("read %d pages with notes %v", len(doc.Pages), doc.Notes)
				case tt.want != nil && tt.want != ErrDamaged && !errors.Is(err, tt.want):
					t.Fatalf("got error %v, want %v", err, tt.want)
				}
				if err != nil {
					t.Logf("error: %v", err)
				}
			})
		}
	}
}
