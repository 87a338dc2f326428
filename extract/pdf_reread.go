package extract

import (
	"fmt"
	"slices"
	"strconv"
)

// RereadPages reads pages of a PDF the Go engine read (doc, from Read with
// EngineAuto or EngineGo) a second time with PDFium, for the pipeline's
// arbiter: a document whose checks fail on pages the Go engine read gets
// PDFium's reading of those pages, and the reading whose identities hold is
// kept. numbers are 1-based page numbers; pages PDFium already read (in an
// EngineMixed document), pages the first reading skipped and pages PDFium
// cannot read are left out. It returns a new Document, EngineMixed, that
// shares the other pages with doc, and the numbers PDFium read; none
// (and doc itself) when there was nothing to read again.
func RereadPages(doc *Document, data []byte, numbers []int) (*Document, []int, error) {
	if doc.Format != PDF || (doc.Engine != EngineGo && doc.Engine != EngineMixed) {
		return doc, nil, nil
	}
	want := make([]int, 0, len(numbers)) // indexes into doc.Pages
	for i, p := range doc.Pages {
		if !p.pdfium && slices.Contains(numbers, p.Number) {
			want = append(want, i)
		}
	}
	if len(want) == 0 {
		return doc, nil, nil
	}
	layer, err := openPDFium(data)
	if err != nil {
		return doc, nil, fmt.Errorf("%s: reading again with PDFium: %w", doc.Source, err)
	}
	defer layer.Close()
	out := *doc
	out.Pages = slices.Clone(doc.Pages)
	var read []int
	for _, i := range want {
		number := doc.Pages[i].Number
		pl, err := readPage(layer, number-1)
		if err != nil {
			continue // PDFium cannot read it either: the Go engine's reading stands
		}
		out.Pages[i] = Page{Number: number, Name: doc.Pages[i].Name, Rows: buildRows(pl), pdfium: pl.pdfium}
		read = append(read, number)
	}
	if len(read) == 0 {
		return doc, nil, nil
	}
	out.Engine = EngineMixed
	out.Notes = slices.DeleteFunc(slices.Clone(doc.Notes), func(n Note) bool {
		number, err := strconv.Atoi(n.Page)
		return err == nil && slices.Contains(read, number) // the Go engine's damage notes of a page it no longer gives
	})
	return &out, read, nil
}
