package pipelines

import (
	"context"
	"path/filepath"
	"testing"
)

func BenchmarkProfTmp(b *testing.B) {
	files, _ := filepath.Glob("/work/shared/corpus/cities/*/*.pdf")
	more, _ := filepath.Glob("/work/shared/corpus/real/*.pdf")
	files = append(files, more...)
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			ProcessFile(context.Background(), f, Config{})
		}
	}
}
