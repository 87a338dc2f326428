package extract

import (
	"path/filepath"
	"testing"
)

// TestEnginesAgree reads the real PDFs with both engines and logs how many
// rows differ (cell texts and columns), with the first differences.
func TestEnginesAgree(t *testing.T) {
	files := append(sharedFiles(t, "real/*/*.pdf"), sharedFiles(t, "real/*/*/*.pdf")...)
	for _, f := range files {
		a, errA := ReadFile(f, Options{PDFEngine: EnginePDFium})
		b, errB := ReadFile(f, Options{PDFEngine: EngineGo})
		if errA != nil || errB != nil {
			t.Errorf("%s: %v / %v", f, errA, errB)
			continue
		}
		total, diff, shown := 0, 0, 0
		for i := range min(len(a.Pages), len(b.Pages)) {
			ga, gb := pageLines(a.Pages[i]), pageLines(b.Pages[i])
			total += max(len(ga), len(gb))
			for j := range max(len(ga), len(gb)) {
				if j < len(ga) && j < len(gb) && ga[j] == gb[j] {
					continue
				}
				diff++
				if shown < 3 && j < len(ga) && j < len(gb) {
					shown++
					t.Logf("  p%d r%d pdfium %q\n              go %q", i+1, j+1, ga[j], gb[j])
				}
			}
		}
		t.Logf("%s: %d of %d rows differ", filepath.Base(f), diff, total)
	}
}
