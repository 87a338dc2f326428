package extract

import (
	"os"
	"testing"

	"github.com/klippa-app/go-pdfium/requests"
)

// benchFiles are the real disclosures of the shared corpus.
func benchFiles(b *testing.B) [][]byte {
	files := append(sharedFiles(b, "real/*/*.pdf"), sharedFiles(b, "real/*/*/*.pdf")...)
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// readLayers reads every page of data with engine.
func readLayers(b *testing.B, data []byte, engine string) []*pageLayer {
	l, err := openTextLayer(data, engine)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	var out []*pageLayer
	for i := 0; i < l.NumPages(); i++ {
		pl, err := l.Page(i)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, pl)
	}
	return out
}

// BenchmarkTextLayer reads glyphs and rules of the real PDFs, per engine.
func BenchmarkTextLayer(b *testing.B) {
	files := benchFiles(b)
	for _, engine := range []string{EnginePDFium, EngineGo} {
		b.Run(engine, func(b *testing.B) {
			readLayers(b, files[0], engine) // start the PDFium pool outside the timing
			b.ReportAllocs()
			b.ResetTimer()
			pages := 0
			for i := 0; i < b.N; i++ {
				for _, data := range files {
					pages += len(readLayers(b, data, engine))
				}
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkGrid reconstructs the rows of the real PDFs' pages.
func BenchmarkGrid(b *testing.B) {
	var layers []*pageLayer
	for _, data := range benchFiles(b) {
		layers = append(layers, readLayers(b, data, EnginePDFium)...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, pl := range layers {
			buildRows(pl)
		}
	}
	b.ReportMetric(float64(len(layers)*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkRead is the whole reader (text layer and grid) with PDFium.
func BenchmarkRead(b *testing.B) {
	files := benchFiles(b)
	readLayers(b, files[0], EnginePDFium)
	b.ReportAllocs()
	b.ResetTimer()
	pages := 0
	for i := 0; i < b.N; i++ {
		for _, data := range files {
			doc, err := Read("bench.pdf", data, Options{})
			if err != nil {
				b.Fatal(err)
			}
			pages += len(doc.Pages)
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkPDFiumStructured measures GetPageTextStructured (chars with
// tight boxes in one call per page), the alternative to the per-character
// calls the pdfium engine makes.
func BenchmarkPDFiumStructured(b *testing.B) {
	benchPDFiumPages(b, func(d *pdfiumDoc, page requests.Page) error {
		_, err := d.inst.GetPageTextStructured(&requests.GetPageTextStructured{Page: page, Mode: requests.GetPageTextStructuredModeChars})
		return err
	})
}

// BenchmarkPDFiumGlyphs measures the per-character calls alone.
func BenchmarkPDFiumGlyphs(b *testing.B) {
	benchPDFiumPages(b, func(d *pdfiumDoc, page requests.Page) error {
		tr, _ := d.transform(page)
		_, err := d.glyphs(page, tr)
		return err
	})
}

// benchPDFiumPages runs read on every page of the benchmark files and
// reports pages/s.
func benchPDFiumPages(b *testing.B, read func(d *pdfiumDoc, page requests.Page) error) {
	files := benchFiles(b)
	b.ReportAllocs()
	pages := 0
	for i := 0; i < b.N; i++ {
		for _, data := range files {
			d, err := openPDFium(data)
			if err != nil {
				b.Fatal(err)
			}
			for p := 0; p < d.pages; p++ {
				page := requests.Page{ByIndex: &requests.PageByIndex{Document: d.doc, Index: p}}
				if err := read(d, page); err != nil {
					b.Fatal(err)
				}
				pages++
			}
			d.Close()
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
