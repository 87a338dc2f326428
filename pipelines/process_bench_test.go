package pipelines

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// BenchmarkProcessFile reads and transforms the city budgets of the shared
// corpus in this process (no worker, no sink): the path each document takes,
// to profile with -cpuprofile. It reports pages per second.
//
//	go test -run '^$' -bench ProcessFile -benchtime 1x -cpuprofile cpu.prof ./pipelines
func BenchmarkProcessFile(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "cities", "*", "*.pdf"))
	if len(files) == 0 {
		b.Skip("SKIP: ../shared/corpus/cities not found beside the repository")
	}
	pages := 0
	for b.Loop() {
		for _, f := range files {
			d := ProcessFile(context.Background(), f, Config{})
			if d.Document.Status == dataset.StatusFailed {
				b.Fatalf("%s: %s", f, d.Document.Error)
			}
			pages += d.Document.Pages
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
