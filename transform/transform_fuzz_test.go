package transform

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// FuzzTransform reads mutated page dumps, seeded with the layout goldens'
// inputs, through the whole transform (tables, headers, the row hierarchy:
// codes, ordinals, 其中, unit codes, serials, the sum tree; checks). It must
// not panic, must give the same facts and checks when run again, and must
// give every fact a known row kind and a finite amount.
func FuzzTransform(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "layouts", "*.txt"))
	for _, in := range inputs {
		if data, err := os.ReadFile(in); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		doc, err := parseDump("fuzz", bytes.NewReader(data))
		if err != nil || !small(doc) {
			return
		}
		first := describe(Transform(doc, Meta{DocID: "fuzz", Source: "fuzz.pdf"}))
		res := Transform(doc, Meta{DocID: "fuzz", Source: "fuzz.pdf"})
		if again := describe(res); again != first {
			t.Fatalf("a second transform differs:\n%s\nfirst:\n%s", again, first)
		}
		for _, fact := range res.Facts {
			switch fact.RowKind {
			case dataset.KindTotal, dataset.KindSubtotal, dataset.KindDetail, dataset.KindMemo:
			default:
				t.Fatalf("fact %+v: row kind %q", fact, fact.RowKind)
			}
		}
	})
}

// small bounds a fuzzed dump to what a page holds, so that an input is
// about the reader, not about how wide a table can be.
func small(doc *extract.Document) bool {
	rows := 0
	for _, p := range doc.Pages {
		for _, r := range p.Rows {
			rows++
			for _, c := range r.Cells {
				if c.Col < 0 || c.Col > 64 || c.Span < 1 || c.Span > 64 || c.X0 < -1e6 || c.X1 > 1e6 {
					return false
				}
			}
		}
	}
	return rows <= 2000 && len(doc.Pages) <= 200
}
