package extract

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// DumpPDFPage writes a debugging view of page (1-based) of the PDF in data,
// read with the engine named in opts (with EngineAuto, the one that reads
// the page): the engine, page size and rule counts, every text line with
// the x position of each run ("@x text"), then the reconstructed rows as
// "index y grid | col[+span]:text | …". It backs `budgetetl inspect
// FILE.pdf --page N`. Errors wrap the same sentinels as Read.
func DumpPDFPage(w io.Writer, data []byte, page int, opts Options) error {
	engine, err := ParseEngine(opts.PDFEngine)
	if err != nil {
		return err
	}
	if engine != EngineAuto {
		return dumpWith(w, data, page, engine, false)
	}
	if err := dumpWith(w, data, page, EngineGo, true); err == nil || errors.Is(err, errPageRange) {
		return err
	}
	return dumpWith(w, data, page, EnginePDFium, false)
}

// dumpWith dumps a page read with one engine; strict fails on a page the
// Go engine does not read exactly.
func dumpWith(w io.Writer, data []byte, page int, engine string, strict bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: engine panicked: %v", ErrDamaged, r)
		}
	}()
	layer, err := openTextLayer(data, engine)
	if err != nil {
		return err
	}
	defer layer.Close()
	if page < 1 || page > layer.NumPages() {
		return fmt.Errorf("page %d of %d: %w", page, layer.NumPages(), errPageRange)
	}
	pl, err := layer.Page(page - 1)
	if err == nil && strict && pl.unsupported != "" {
		err = fmt.Errorf("%w: %s", errNeedsPDFium, pl.unsupported)
	}
	if err != nil {
		return fmt.Errorf("page %d: %w", page, err)
	}
	fmt.Fprintf(w, "engine %s\n", engine)
	return dumpLayer(w, pl)
}

// dumpLayer writes the glyph lines and the rows of one page.
func dumpLayer(w io.Writer, pl *pageLayer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "page %.0fx%.0f pt, %d glyphs, %d horizontal and %d vertical rules, %d images\n",
		pl.width, pl.height, len(pl.glyphs), len(pl.hrules), len(pl.vrules), pl.images)
	b.WriteString("-- lines (y: @x text)\n")
	for _, l := range groupLines(pl.glyphs) {
		fmt.Fprintf(&b, "%6.1f:", l.base)
		for _, run := range splitRuns(l.glyphs) {
			fmt.Fprintf(&b, " @%.1f %s", run[0].x0, lineText(run))
		}
		b.WriteByte('\n')
	}
	b.WriteString("-- rows (index y grid | col[+span]:text)\n")
	writeRows(&b, buildRows(pl))
	_, err := io.WriteString(w, b.String())
	return err
}

// writeRows writes rows one per line in the dump format.
func writeRows(b *strings.Builder, rows []Row) {
	for _, r := range rows {
		fmt.Fprintf(b, "%3d %6.1f g%d", r.Index, r.Y, r.Grid)
		for _, c := range r.Cells {
			if c.Span > 1 {
				fmt.Fprintf(b, " | %d+%d:%s", c.Col, c.Span, c.Text)
			} else {
				fmt.Fprintf(b, " | %d:%s", c.Col, c.Text)
			}
		}
		b.WriteByte('\n')
	}
}
