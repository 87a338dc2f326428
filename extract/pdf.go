package extract

import (
	"errors"
	"fmt"
	"strconv"
)

// The PDF reader works in two steps. A text layer turns each page into
// glyphs and ruling segments, in points from the top-left corner of the
// page as displayed (after /Rotate). The grid reconstruction (pdf_grid.go)
// then turns those into rows and cells. There are two text layers: the Go
// engine (pdf_go*.go), which reads the file and walks its content streams
// itself, and PDFium in WebAssembly (pdf_pdfium*.go). By default
// (EngineAuto) the Go engine reads every document it can, and PDFium is
// started only for a document the Go engine cannot open or meets content
// in that it does not read exactly.

// Names of the PDF engines accepted in Options.PDFEngine.
const (
	EngineAuto   = "auto"   // the Go engine, PDFium for the documents that need it
	EngineGo     = "go"     // the Go engine alone
	EnginePDFium = "pdfium" // PDFium alone
	// EngineLedongthuc is the Go engine's former name, still accepted.
	EngineLedongthuc = "ledongthuc"
)

// ParseEngine checks an engine name, returning it in canonical form:
// "" is EngineAuto and EngineLedongthuc is EngineGo.
func ParseEngine(name string) (string, error) {
	switch name {
	case "", EngineAuto:
		return EngineAuto, nil
	case EngineGo, EngineLedongthuc:
		return EngineGo, nil
	case EnginePDFium:
		return EnginePDFium, nil
	}
	return "", fmt.Errorf("unknown PDF engine %q (want %s, %s or %s)", name, EngineAuto, EngineGo, EnginePDFium)
}

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
	// unsupported, when set, names what the Go engine met on the page and
	// does not read exactly (a Type3 font, a font without text); with
	// EngineAuto, PDFium reads such a document instead.
	unsupported string
	notes       []string // damage met on a page that was still read
	pdfium      bool     // read by PDFium
}

// textLayer reads pages of one opened PDF. Page may be called for any
// index in [0, NumPages) in any order; Notes lists problems met while
// opening; Close releases the document and is called exactly once.
type textLayer interface {
	NumPages() int
	Page(index int) (*pageLayer, error)
	Notes() []Note
	Close() error
}

// openTextLayer opens data with engine (EngineGo or EnginePDFium; the Go
// engine for EngineAuto, which readWith wraps in a mixedLayer).
func openTextLayer(data []byte, engine string) (textLayer, error) {
	if engine == EnginePDFium {
		return openPDFium(data)
	}
	return openGo(data)
}

// minTextGlyphs is the fewest glyphs a document must have, together with
// images, not to count as scanned.
const minTextGlyphs = 20

// errNeedsPDFium is returned by a Go reading of a page (budgetetl inspect)
// that met content it does not read exactly.
var errNeedsPDFium = errors.New("needs PDFium")

// readPDF reads every page of a PDF into rows with the engine opts names.
// With EngineAuto the Go engine reads the document, PDFium the pages it
// meets content on that it does not read exactly (mixedLayer); PDFium
// reads the whole document when the Go engine cannot open it or finds no
// readable page. A document the Go engine stopped on for a limit
// (ErrTooLarge) or found scanned is not handed on; one PDFium cannot read
// either keeps the Go engine's reading (or error).
func readPDF(source string, data []byte, opts Options) (*Document, error) {
	engine, err := ParseEngine(opts.PDFEngine)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	if engine != EngineAuto {
		return readWith(source, data, engine)
	}
	doc, err := readWith(source, data, EngineAuto)
	if err == nil || errors.Is(err, ErrNoTextLayer) || errors.Is(err, ErrTooLarge) {
		return doc, err
	}
	if pdoc, perr := readWith(source, data, EnginePDFium); perr == nil {
		return pdoc, nil
	}
	return nil, err
}

// EngineMixed names in documents.csv a document the Go engine read but for
// the pages it handed to PDFium.
const EngineMixed = "go+pdfium"

// mixedLayer reads pages with the Go engine and hands each page it does
// not read exactly (a font it cannot read, a filter it does not decode) to
// PDFium, opened at the first such page. The Go engine's pages read as
// PDFium reads them, so the document reads as a PDFium-only run reads it,
// and PDFium costs only where it is needed (one page of vertical text in
// 42). Where PDFium cannot open the document or read the page, the Go
// engine's reading of the page stands.
type mixedLayer struct {
	textLayer        // the Go engine's
	data      []byte // for PDFium
	pdfium    textLayer
	failed    bool // PDFium could not open the document
	handed    int  // pages PDFium read
}

func (m *mixedLayer) Page(index int) (*pageLayer, error) {
	pl, err := m.textLayer.Page(index)
	switch {
	case err == nil && pl.unsupported == "", err != nil && !errors.Is(err, errUnsupportedFilter):
		return pl, err
	case m.pdfium == nil && !m.failed:
		var perr error
		if m.pdfium, perr = openPDFium(m.data); perr != nil {
			m.pdfium, m.failed = nil, true
		}
	}
	if m.failed {
		return pl, err
	}
	ppl, perr := m.pdfium.Page(index)
	if perr != nil {
		return pl, err // PDFium cannot read the page either
	}
	m.handed++
	return ppl, nil
}

func (m *mixedLayer) Close() error {
	err := m.textLayer.Close()
	if m.pdfium != nil {
		err = errors.Join(err, m.pdfium.Close())
	}
	return err
}

// readWith reads every page with one engine (EngineAuto: the Go engine and
// PDFium for the pages it hands on). Pages that fail to load become Notes;
// a document with no readable page is damaged.
func readWith(source string, data []byte, engine string) (*Document, error) {
	layer, err := openTextLayer(data, engine)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	var mixed *mixedLayer
	if engine == EngineAuto {
		mixed = &mixedLayer{textLayer: layer, data: data}
		layer, engine = mixed, EngineGo
	}
	defer layer.Close()
	doc := &Document{Source: source, Format: PDF, Engine: engine, Notes: layer.Notes()}
	defer func() {
		if mixed != nil && mixed.handed > 0 {
			doc.Engine = EngineMixed
		}
	}()
	glyphs, images, read := 0, 0, 0
	for i := 0; i < layer.NumPages(); i++ {
		name := strconv.Itoa(i + 1)
		pl, err := readPage(layer, i)
		switch {
		case err != nil:
			doc.Notes = append(doc.Notes, Note{Page: name, Detail: fmt.Sprintf("page not read: %v", err)})
			if errors.Is(err, ErrTooLarge) && doc.limit == nil {
				doc.limit = fmt.Errorf("page %s: %w", name, err)
			}
			continue
		}
		read++
		glyphs, images = glyphs+len(pl.glyphs), images+pl.images
		if len(pl.glyphs) == 0 && pl.images > 0 {
			doc.Notes = append(doc.Notes, Note{Page: name, Detail: "page has images but no text layer"})
		}
		for _, n := range pl.notes {
			doc.Notes = append(doc.Notes, Note{Page: name, Detail: n})
		}
		doc.Pages = append(doc.Pages, Page{Number: i + 1, Name: name, Rows: buildRows(pl), pdfium: pl.pdfium})
	}
	return finishPDF(source, doc, read, glyphs, images)
}

// finishPDF decides whether a read document is usable.
func finishPDF(source string, doc *Document, read, glyphs, images int) (*Document, error) {
	switch {
	case read == 0 && doc.limit != nil:
		return nil, &Error{Source: source, Err: doc.limit}
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
