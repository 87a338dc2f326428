package extract

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
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

// TestLimitPDFs reads the hostile PDFs of ../shared/corpus/bad/limits with
// the default engine: each fails on a limit, or reads with a note saying
// what was damaged, in a fraction of a second and without PDFium.
func TestLimitPDFs(t *testing.T) {
	sharedFiles(t, "bad/limits/*.pdf")
	tests := []struct {
		file string
		want error  // nil: reads
		note string // in the error, or in a note of the document read
	}{
		{"p_flate_ws_1g.pdf", ErrTooLarge, "stream object 4 decodes to more than 64 MiB"},
		{"p_paths_2m.pdf", ErrTooLarge, "page 1: over the size limit: over the budget of 1000000 content operators per page"},
		{"p_kids_cycle2.pdf", nil, "page tree: object 2 appears twice"},
		{"p_blank_5000pages.pdf", nil, ""},
		{"g_pdf_jincheng_del_06.pdf", nil, "page not read: damaged file: content stream object 5"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := ReadFile(filepath.Join(sharedDir, "bad", "limits", tt.file), Options{})
			if tt.want != nil {
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.note) {
					t.Fatalf("got %v, want %v saying %q", err, tt.want, tt.note)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Engine != EngineGo {
				t.Errorf("read by %s, want %s", doc.Engine, EngineGo)
			}
			if notes := fmt.Sprint(doc.Notes); !strings.Contains(notes, tt.note) {
				t.Errorf("notes %s, want one saying %q", notes, tt.note)
			}
		})
	}
}
