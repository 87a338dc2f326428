package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// The ledongthuc engine walks each page's content stream itself with
// pdf.Interpret instead of using Page.Content, which adds a stray glyph
// after every TJ (a newline decoded through the current font), gives
// Identity-H glyphs no width, and ignores stroked rules. Form XObjects are
// not entered.

// ledongthucDoc is a document opened with github.com/ledongthuc/pdf.
type ledongthucDoc struct {
	r     *pdf.Reader
	pages int
}

// openLedongthuc parses data; a 0-page result (a damaged xref) is an error.
func openLedongthuc(data []byte) (d *ledongthucDoc, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ledongthucOpenError(err)
	}
	n := r.NumPage()
	if n <= 0 {
		return nil, fmt.Errorf("%w: no pages found (damaged cross-reference table?)", ErrDamaged)
	}
	return &ledongthucDoc{r: r, pages: n}, nil
}

func ledongthucOpenError(err error) error {
	if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
		return fmt.Errorf("%w (%w)", ErrEncrypted, err)
	}
	return fmt.Errorf("%w: %w", ErrDamaged, err)
}

// NumPages returns the page count from the page tree.
func (d *ledongthucDoc) NumPages() int { return d.pages }

// Close does nothing: the reader holds no resources.
func (d *ledongthucDoc) Close() error { return nil }

// Page interprets the content stream of page index.
func (d *ledongthucDoc) Page(index int) (pl *pageLayer, err error) {
	defer func() {
		if r := recover(); r != nil {
			pl, err = nil, fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	p := d.r.Page(index + 1)
	if p.V.IsNull() {
		return nil, fmt.Errorf("%w: page not in the page tree", ErrDamaged)
	}
	tr := ledongthucTransform(p)
	w := newContentWalker(p, tr)
	if c := p.V.Key("Contents"); c.Kind() != pdf.Null {
		pdf.Interpret(c, w.op)
	}
	w.pl.hrules, w.pl.vrules = w.rules.h, w.rules.v
	return &w.pl, nil
}

// ledongthucTransform reads the page's MediaBox and inherited /Rotate.
func ledongthucTransform(p pdf.Page) pageTransform {
	box := inherited(p, "MediaBox")
	llx, lly, urx, ury := 0.0, 0.0, 595.0, 842.0
	if box.Len() == 4 {
		llx, lly, urx, ury = box.Index(0).Float64(), box.Index(1).Float64(), box.Index(2).Float64(), box.Index(3).Float64()
	}
	return newPageTransform(llx, lly, urx, ury, int(inherited(p, "Rotate").Int64()))
}

// inherited looks key up in the page and then its ancestors.
func inherited(p pdf.Page, key string) pdf.Value {
	v := p.V
	for depth := 0; !v.IsNull() && depth < 64; depth++ {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}
