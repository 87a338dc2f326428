package extract

import (
	"fmt"
)

// The Go engine: the pages of a PDF read by this package's own object
// reader and content-stream walk, without starting PDFium.

// Limits of the page tree.
const (
	maxPageTreeDepth = 64
	maxPages         = 100_000
)

// goLayer is a document opened by the Go engine.
type goLayer struct {
	doc   *goDoc
	pages []goPage
	fonts map[int]*goFont
	notes []Note // problems of the page tree
	// bufs hold the decoded content of the page (0) and of the forms
	// being walked (their depth), reused from page to page: nothing drawn
	// keeps a reference into them.
	bufs [maxFormDepth + 1][]byte
	// glyphs is how many glyphs the last page read drew: room for as many
	// is made for the next page's, which saves growing the slice glyph by
	// glyph (pages of one document draw much alike)
	glyphs int
}

// goPage is a leaf of the page tree with its inherited attributes.
type goPage struct {
	dict     pdfDict
	res      pdfDict
	media    pdfArray
	crop     pdfArray
	rotate   int
	contents any
}

// openGo opens data with the Go engine.
func openGo(data []byte) (*goLayer, error) {
	doc, err := openGoDoc(data)
	if err != nil {
		return nil, err
	}
	l := &goLayer{doc: doc, fonts: map[int]*goFont{}}
	l.walkPageTree()
	if len(l.pages) == 0 {
		return nil, fmt.Errorf("%w: no pages in the page tree", ErrDamaged)
	}
	return l, nil
}

// pageNode is a page-tree node waiting to be visited, with what its
// ancestors pass down.
type pageNode struct {
	v       any
	inherit goPage
	depth   int
}

// walkPageTree collects the leaves of the page tree in order. A node seen
// before (a loop, or a node listed twice) and nodes nested too deep are
// skipped with a note, so that a damaged tree can neither loop nor blow
// the stack.
func (l *goLayer) walkPageTree() {
	d := l.doc
	seen := map[int]bool{}
	stack := []pageNode{{v: d.catalog()["Pages"]}}
	for len(stack) > 0 && len(l.pages) < maxPages {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if r, ok := n.v.(objRef); ok {
			if seen[r.num] {
				l.notes = append(l.notes, Note{Detail: fmt.Sprintf("page tree: object %d appears twice (a loop?); skipped", r.num)})
				continue
			}
			seen[r.num] = true
		}
		node := d.dict(n.v)
		if node == nil {
			l.notes = append(l.notes, Note{Detail: fmt.Sprintf("page tree: node %s; skipped", d.whyMissing(n.v))})
			continue
		}
		p := inheritPage(d, n.inherit, node)
		kids, isTree := d.resolve(node["Kids"]).(pdfArray)
		if d.name(node["Type"]) == "Page" || !isTree {
			p.dict, p.contents = node, node["Contents"]
			l.pages = append(l.pages, p)
			continue
		}
		if n.depth >= maxPageTreeDepth {
			l.notes = append(l.notes, Note{Detail: fmt.Sprintf("page tree: deeper than %d levels; the rest skipped", maxPageTreeDepth)})
			continue
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, pageNode{v: kids[i], inherit: p, depth: n.depth + 1})
		}
	}
	if len(stack) > 0 {
		l.notes = append(l.notes, Note{Detail: fmt.Sprintf("more than %d pages; the rest not read", maxPages)})
	}
}

// inheritPage applies a node's inheritable attributes.
func inheritPage(d *goDoc, p goPage, node pdfDict) goPage {
	if r := d.dict(node["Resources"]); r != nil {
		p.res = r
	}
	if a := d.array(node["MediaBox"]); len(a) == 4 {
		p.media = a
	}
	if a := d.array(node["CropBox"]); len(a) == 4 {
		p.crop = a
	}
	if r := d.resolve(node["Rotate"]); r != nil {
		p.rotate = int(d.num(r))
	}
	return p
}

// NumPages returns the number of pages found in the page tree.
func (l *goLayer) NumPages() int { return len(l.pages) }

// Close does nothing: the document holds no resources beyond memory.
func (l *goLayer) Close() error { return nil }

// Page walks the content streams of page index.
func (l *goLayer) Page(index int) (*pageLayer, error) {
	p := l.pages[index]
	w := newWalker(l.doc, l.fonts, l.transform(p), p.res)
	w.bufs = l.bufs[1:]
	w.pl.glyphs = make([]glyph, 0, min(l.glyphs+l.glyphs/8, maxPageGlyphs))
	data, err := l.content(p)
	if err != nil {
		return nil, err
	}
	if w.run(data); w.err != nil {
		return nil, w.err
	}
	l.glyphs = len(w.pl.glyphs)
	w.pl.hrules, w.pl.vrules = w.rules.h, w.rules.v
	return &w.pl, nil
}

// content decodes the page's content: one stream into the reused buffer,
// or the streams of an array joined by a newline, as PDFium reads them (an
// operator's operands may be split between two streams).
func (l *goLayer) content(p goPage) ([]byte, error) {
	streams := l.contents(p)
	var joined []byte
	for _, s := range streams {
		if s == nil {
			return nil, fmt.Errorf("%w: content stream %s", ErrDamaged, l.doc.whyMissing(p.contents))
		}
		if len(streams) == 1 {
			data, err := l.doc.decodeInto(&l.bufs[0], s, maxContentBytes)
			if err != nil {
				return nil, fmt.Errorf("content stream: %w", err)
			}
			return data, nil
		}
		data, err := l.doc.decode(s, maxContentBytes)
		if err != nil {
			return nil, fmt.Errorf("content stream: %w", err)
		}
		if joined = append(append(joined, data...), '\n'); len(joined) > maxContentBytes {
			return nil, fmt.Errorf("%w: the page's content streams decode to more than %d MiB", ErrTooLarge, maxContentBytes>>20)
		}
	}
	return joined, nil
}

// contents lists the page's content streams; a nil entry is one that
// could not be read.
func (l *goLayer) contents(p goPage) []*pdfStream {
	d := l.doc
	switch c := d.resolve(p.contents).(type) {
	case *pdfStream:
		return []*pdfStream{c}
	case pdfArray:
		out := make([]*pdfStream, 0, len(c))
		for _, x := range c {
			out = append(out, d.stream(x))
		}
		return out
	case nil:
		if p.contents != nil {
			return []*pdfStream{nil}
		}
	}
	return nil
}

// transform is the page box (the crop box within the media box, as PDFium
// takes it) and rotation.
func (l *goLayer) transform(p goPage) pageTransform {
	d := l.doc
	box := [4]float64{0, 0, 612, 792}
	if len(p.media) == 4 {
		box = rectOf(d, p.media)
	}
	if len(p.crop) == 4 {
		c := rectOf(d, p.crop)
		box = [4]float64{max(box[0], c[0]), max(box[1], c[1]), min(box[2], c[2]), min(box[3], c[3])}
		if box[0] >= box[2] || box[1] >= box[3] {
			box = rectOf(d, p.media)
		}
	}
	return newPageTransform(box[0], box[1], box[2], box[3], p.rotate)
}

// rectOf reads a rectangle normalized so that x0 <= x1 and y0 <= y1.
func rectOf(d *goDoc, a pdfArray) [4]float64 {
	x0, y0, x1, y1 := d.num(a[0]), d.num(a[1]), d.num(a[2]), d.num(a[3])
	return [4]float64{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
}

// Notes returns the problems met in the page tree.
func (l *goLayer) Notes() []Note { return l.notes }
