package pipelines

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/transform"
)

// ProcessFile reads and transforms one file into its rows. It never
// panics: a panic in any stage becomes the document's error, and a file
// that cannot be read is a failed document, not an error of the run. A
// context cancelled before the file is read fails the document too. A
// member of a .zip bundle (bundle.zip!/inner.pdf) is read from its bundle.
// The region flags in cfg.Meta are not applied here: Run gives each
// document its region (harvest.go).
func ProcessFile(ctx context.Context, path string, cfg Config) (b dataset.Batch) {
	b.Document = dataset.Document{Source: path, Status: dataset.StatusFailed}
	defer func() {
		if r := recover(); r != nil {
			b.Facts, b.Checks = nil, nil
			b.Document.Status = dataset.StatusFailed
			b.Document.Error = oneLine(fmt.Sprintf("%s: internal error: %v", path, r))
		}
	}()
	if err := ctx.Err(); err != nil {
		b.Document.Error = oneLine(fmt.Sprintf("%s: not read: %v", path, err))
		return b
	}
	data, err := readSource(path, cfg.Extract)
	if err != nil {
		b.Document.Error = oneLine(err.Error())
		b.ErrorAt = errorAt(err)
		return b
	}
	sum := sha256.Sum256(data)
	b.Document.DocID = hex.EncodeToString(sum[:])[:16]
	if f, err := extract.Sniff(data); err == nil || errors.Is(err, extract.ErrEncrypted) {
		b.Document.Format = string(f)
	}
	doc, err := extract.Read(path, data, cfg.Extract)
	if err != nil {
		b.Document.Error = oneLine(err.Error())
		b.ErrorAt = errorAt(err)
		return b
	}
	meta := cfg.Meta
	meta.DocID, meta.Source = b.Document.DocID, path
	meta.Province, meta.City, meta.County = "", "", "" // the flags fill only what the document does not say
	res := transform.Transform(doc, meta)
	if engine, _ := extract.ParseEngine(cfg.Extract.PDFEngine); engine == extract.EngineAuto {
		doc, res = arbitrate(doc, res, meta, func(doc *extract.Document, numbers []int) (*extract.Document, []int, error) {
			return extract.RereadPages(doc, data, numbers)
		})
	}
	fill(&b, doc, res)
	return b
}

// fill completes a document's row from what transform found.
func fill(b *dataset.Batch, doc *extract.Document, res *transform.Result) {
	d := &b.Document
	info := res.Info
	d.Pages, d.Engine = len(doc.Pages), doc.Engine
	d.UnitName, d.Province, d.City, d.County = info.UnitName, info.Province, info.City, info.County
	d.Year, d.DocKind, d.UnitPublished = info.Year, info.DocKind, info.Unit
	d.TablesFound, d.TablesEmpty = info.TablesFound, info.TablesEmpty
	d.Scope = info.Scope
	d.Facts = len(res.Facts)
	b.Facts, b.Checks = res.Facts, res.Checks
	warned := false
	for _, c := range res.Checks {
		switch c.Status {
		case dataset.Pass:
			d.ChecksPassed++
		case dataset.Fail:
			d.ChecksFailed++
		case dataset.Warn:
			warned = true
		}
	}
	d.Status = dataset.StatusOK
	switch {
	case info.NotDisclosure != "":
		d.Status, d.Error = dataset.StatusWarnings, "a "+info.NotDisclosure+", not a budget or final account: its tables are not read"
	case len(info.TablesFound) == 0:
		d.Status, d.Error = dataset.StatusWarnings, "no standard budget table found (narrative only?)"
	case info.Template:
		d.Status, d.Error = dataset.StatusWarnings, "template: tables without amounts"
	case d.ChecksFailed > 0 || warned:
		d.Status = dataset.StatusWarnings
		d.Error = readerNotes(res.Checks)
	}
}

// readerNotes is the error of a document the reader met damage in (a cell
// it could not read, a formula it did not compute): the first reader_note
// and how many there are; "" when there are none.
func readerNotes(checks []dataset.Check) string {
	first, n := "", 0
	for _, c := range checks {
		if c.Check == dataset.CheckReaderNote {
			if n++; n == 1 {
				first = c.Detail
			}
		}
	}
	if n > 1 {
		first += fmt.Sprintf(" (%d reader notes in checks.csv)", n)
	}
	return oneLine(first)
}

// errorAt is where a reader's error stands, as far as it says.
func errorAt(err error) dataset.Position {
	var e *extract.Error
	if errors.As(err, &e) {
		return dataset.Position{Source: e.Source, Page: e.Page}
	}
	return dataset.Position{}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
