package extract

import (
	"errors"
	"fmt"
	"strconv"
)

// The PDF reader works in two steps. A text layer (PDFium in WebAssembly by
// default, ledongthuc/pdf on request) turns each page into glyphs and ruling
// segments, in points from the top-left corner of the page as displayed
// (after /Rotate). The grid reconstruction (pdf_grid.go) then turns those
// into rows and cells.

// Names of the PDF engines accepted in Options.PDFEngine.
const (
	EnginePDFium     = "pdfium"
	EngineLedongthuc = "ledongthuc"
)

// glyph is one character drawn on a page.
type glyph struct {
	text           string  // usually one rune
	x0, y0, x1, y1 float64 // loose box, top-left origin, y grows downwards
	base           float64 // baseline: y of the character origin (PDFium: the loose box bottom, one call less per character)
	size           float64 // font size in points
}

// segment is an axis-aligned ruling line: horizontal when y0 == y1,
// vertical when x0 == x1. x0 <= x1 and y0 <= y1.
type segment struct {
	x0, y0, x1, y1 float64
}

// pageLayer is what a text layer reports for one page.
type pageLayer struct {
	width, height float64 // as displayed
	glyphs        []glyph
	hrules        []segment
	vrules        []segment
	images        int // image objects on the page
}

// textLayer reads pages of one opened PDF. Page may be called for any
// index in [0, NumPages) in any order; Close releases the document and is
// called exactly once.
type textLayer interface {
	NumPages() int
	Page(index int) (*pageLayer, error)
	Close() error
}

// openTextLayer opens data with the engine named in opts.
func openTextLayer(data []byte, opts Options) (textLayer, error) {
	switch opts.PDFEngine {
	case "", EnginePDFium:
		return openPDFium(data)
	case EngineLedongthuc:
		return openLedongthuc(data)
	}
	return nil, fmt.Errorf("unknown PDF engine %q (want %q or %q)", opts.PDFEngine, EnginePDFium, EngineLedongthuc)
}

// minTextGlyphs is the fewest glyphs a document must have, together with
// images, not to count as scanned.
const minTextGlyphs = 20

// readPDF reads every page of a PDF into rows. Pages that fail to load
// become Notes; a document with no readable page is damaged.
func readPDF(source string, data []byte, opts Options) (*Document, error) {
	layer, err := openTextLayer(data, opts)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	defer layer.Close()
	doc := &Document{Source: source, Format: PDF}
	glyphs, images, read := 0, 0, 0
	for i := 0; i < layer.NumPages(); i++ {
		name := strconv.Itoa(i + 1)
		pl, err := readPage(layer, i)
		if err != nil {
			doc.Notes = append(doc.Notes, Note{Page: name, Detail: fmt.Sprintf("page not read: %v", err)})
			continue
		}
		read++
		glyphs, images = glyphs+len(pl.glyphs), images+pl.images
		if len(pl.glyphs) == 0 && pl.images > 0 {
			doc.Notes = append(doc.Notes, Note{Page: name, Detail: "page has images but no text layer"})
		}
		doc.Pages = append(doc.Pages, Page{Number: i + 1, Name: name, Rows: buildRows(pl)})
	}
	return finishPDF(source, doc, read, glyphs, images)
}

// finishPDF decides whether a read document is usable.
func finishPDF(source string, doc *Document, read, glyphs, images int) (*Document, error) {
	switch {
	case read == 0:
		return nil, &Error{Source: source, Err: fmt.Errorf("%w: no readable page", ErrDamaged)}
	case glyphs < minTextGlyphs && images > 0:
		return nil, &Error{Source: source, Err: ErrNoTextLayer}
	}
	return doc, nil
}

// readPage loads one page, turning a panic of the engine into an error.
func readPage(layer textLayer, index int) (pl *pageLayer, err error) {
	defer func() {
		if r := recover(); r != nil {
			pl, err = nil, fmt.Errorf("%w: engine panicked: %v", ErrDamaged, r)
		}
	}()
	return layer.Page(index)
}

// errPageRange is returned by DumpPDFPage for a page number out of range.
var errPageRange = errors.New("no such page")
