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
// city truth documents, two more of each city, and a Shanghai 决算 and a
// Jiangsu 预算 of the real corpus.
var invariantCorpus = []string{
	"cities/beijing/633fab9d.pdf", "cities/guangzhou/b8ff9ee4.pdf", "cities/shenzhen/15defc28.pdf", "cities/xian/a8fb0ecd.pdf",
	"cities/beijing/8b7bb978.pdf", "cities/beijing/0ca30e0c.pdf", "cities/changsha/5c96c5f1.pdf", "cities/changsha/4a8c7eea.pdf",
	"cities/foshan/c28d8255.pdf", "cities/fuzhou/ac73927b.pdf", "cities/fuzhou/b27b5cbe.pdf", "cities/guangzhou/972f067b.pdf",
	"cities/guangzhou/4d95e1cc.pdf", "cities/huzhou/4e234ce9.pdf", "cities/huzhou/13d2d0c0.pdf", "cities/shanghai/bc4d9457.pdf",
	"cities/shanghai/1a990155.pdf", "cities/shenzhen/1269469c.pdf", "cities/shenzhen/d70b0490.pdf", "cities/suzhou/b3bdfb65.pdf",
	"cities/suzhou/4a5047cb.pdf", "cities/wuxi/17a8236f.pdf", "cities/wuxi/186599d1.pdf", "cities/xian/9c69283c.pdf",
	"cities/xian/a8e0cce7.pdf",
	"real/shanghai/上海市普陀区财政局2024年度部门决算.pdf", "real/jiangsu/省委办公厅/江苏省委办公厅2019年度部门预算公开表格.pdf",
}

// TestCorpusInvariant is TestLayoutsInvariant on real documents of
// ../shared/corpus, as the PDF engine reads them (glyph positions
// and all): each rewrite of a printer's habit must leave the facts as they
// are. It skips without ../shared.
func TestCorpusInvariant(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
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
