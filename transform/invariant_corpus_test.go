package transform

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/extract"
)

// invariantCorpus are real documents TestCorpusInvariant rereads: the four
// city truth documents and two more of each city.
var invariantCorpus = []string{
	"beijing/633fab9d.pdf", "guangzhou/b8ff9ee4.pdf", "shenzhen/15defc28.pdf", "xian/a8fb0ecd.pdf",
	"beijing/8b7bb978.pdf", "beijing/0ca30e0c.pdf", "changsha/5c96c5f1.pdf", "changsha/4a8c7eea.pdf",
	"foshan/c28d8255.pdf", "fuzhou/ac73927b.pdf", "fuzhou/b27b5cbe.pdf", "guangzhou/972f067b.pdf",
	"guangzhou/4d95e1cc.pdf", "huzhou/4e234ce9.pdf", "huzhou/13d2d0c0.pdf", "shanghai/bc4d9457.pdf",
	"shanghai/1a990155.pdf", "shenzhen/1269469c.pdf", "shenzhen/d70b0490.pdf", "suzhou/b3bdfb65.pdf",
	"suzhou/4a5047cb.pdf", "wuxi/17a8236f.pdf", "wuxi/186599d1.pdf", "xian/9c69283c.pdf", "xian/a8e0cce7.pdf",
}

// TestCorpusInvariant is TestLayoutsInvariant on real documents of
// ../shared/corpus/cities, as the PDF engine reads them (glyph positions
// and all): each rewrite of a printer's habit must leave the facts as they
// are. It skips without ../shared.
func TestCorpusInvariant(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "cities")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("SKIP: shared corpus not found at %s (../shared beside the repository): %v", dir, err)
	}
	if testing.Short() {
		t.Skip("SKIP: -short")
	}
	for _, name := range invariantCorpus {
		doc, err := extract.ReadFile(filepath.Join(dir, name), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := docFacts(doc, name)
		for _, rw := range rewrites {
			t.Run(strings.TrimSuffix(name, ".pdf")+"/"+rw.name, func(t *testing.T) {
				copied := cloneDoc(doc)
				if !rw.apply(copied) {
					t.Skip("nothing to rewrite")
				}
				rw.compare(t, want, docFacts(copied, name))
			})
		}
	}
}

// cloneDoc copies a document deep enough for a rewrite to change its rows
// and cells.
func cloneDoc(doc *extract.Document) *extract.Document {
	c := *doc
	c.Pages = slices.Clone(doc.Pages)
	for i := range c.Pages {
		c.Pages[i].Rows = slices.Clone(c.Pages[i].Rows)
		for j := range c.Pages[i].Rows {
			c.Pages[i].Rows[j].Cells = slices.Clone(c.Pages[i].Rows[j].Cells)
		}
	}
	return &c
}

// lineDiff lists the lines only one of two texts holds, - for want's and +
// for got's, at most 20.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for _, side := range []struct {
		mark       string
		from, into []string
	}{{"-", w, g}, {"+", g, w}} {
		for _, l := range side.from {
			if !slices.Contains(side.into, l) && n < 20 {
				b.WriteString(side.mark + " " + l + "\n")
				n++
			}
		}
	}
	return b.String()
}
