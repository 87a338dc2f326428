package extract

import (
	"os"
	"testing"
	"time"
)

// TestRealPDFs reads the real disclosures of the shared corpus with both
// engines and logs pages, rows, tables and time per file.
func TestRealPDFs(t *testing.T) {
	files := append(sharedFiles(t, "real/*/*.pdf"), sharedFiles(t, "real/*/*/*.pdf")...)
	for _, engine := range []string{EnginePDFium, EngineGo} {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			doc, err := Read(f, data, Options{PDFEngine: engine})
			if err != nil {
				t.Errorf("%s %s: %v", engine, f, err)
				continue
			}
			rows, grids := 0, 0
			for _, p := range doc.Pages {
				rows += len(p.Rows)
				for _, r := range p.Rows {
					grids = max(grids, r.Grid)
				}
			}
			t.Logf("%-10s %3d pages %5d rows %3d notes %6.1f ms  %s", engine, len(doc.Pages), rows, len(doc.Notes), float64(time.Since(start).Microseconds())/1000, f)
		}
	}
}
