package pipelines

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/transform"
)

// The arithmetic as arbiter between the PDF engines. With the default
// engine the Go engine reads a PDF alone; when the document's checks then
// fail the way a misread text layer makes them fail, its reading may be
// what is wrong: an amount cell that is not a number, or a sum that misses
// by what one misread digit makes (d×10ᵏ: 0.06, 9, 200). The pages such a
// check stands on (every page of its table) are read again with PDFium and
// the document transformed again, and the reading whose identities hold
// better is kept: fewer failing checks, with no fewer passing checks and
// no fewer facts. documents.csv names the engine (go+pdfium) when PDFium's
// pages were kept. A document whose checks pass, or fail by what no
// misread digit explains (a row the document leaves out), never starts
// PDFium (the README gives how many documents of the corpora are read
// again).

// rereader reads pages of a document again with the other engine; tests
// give their own.
type rereader func(doc *extract.Document, numbers []int) (*extract.Document, []int, error)

// arbitrate returns the reading to keep of doc and its transform res. A
// second reading that panics is no reading: the first stands.
func arbitrate(doc *extract.Document, res *transform.Result, meta transform.Meta, reread rereader) (keptDoc *extract.Document, keptRes *transform.Result) {
	pages := failingPages(res)
	if len(pages) == 0 {
		return doc, res
	}
	defer func() {
		if r := recover(); r != nil {
			keptDoc, keptRes = doc, res
		}
	}()
	again, read, err := reread(doc, pages)
	if err != nil || len(read) == 0 {
		return doc, res // PDFium cannot read these pages: the Go engine's reading stands
	}
	res2 := transform.Transform(again, meta)
	if better(tally(res2), tally(res)) {
		return again, res2
	}
	return doc, res
}

// failingPages lists, in page order, the pages of every table a check
// stands on that fails the way a misread makes it fail.
func failingPages(res *transform.Result) []int {
	tables := map[dataset.TableID]bool{}
	var pages []int
	add := func(page string) {
		if n, err := strconv.Atoi(page); err == nil && !slices.Contains(pages, n) {
			pages = append(pages, n)
		}
	}
	for _, c := range res.Checks {
		if c.Status == dataset.Fail && misreadShaped(c) {
			add(c.Page)
			if c.Table != "" {
				tables[c.Table] = true
			}
		}
	}
	if len(pages) == 0 {
		return nil
	}
	for _, f := range res.Facts {
		if tables[f.Table] {
			add(f.Page)
		}
	}
	slices.Sort(pages)
	return pages
}

// score counts what decides between two readings.
type score struct{ passed, failed, facts int }

func tally(res *transform.Result) score {
	s := score{facts: len(res.Facts)}
	for _, c := range res.Checks {
		switch c.Status {
		case dataset.Pass:
			s.passed++
		case dataset.Fail:
			s.failed++
		}
	}
	return s
}

// better reports whether reading a is to be kept over b: fewer failing
// checks without losing a passing check or a fact.
func better(a, b score) bool {
	return a.failed < b.failed && a.passed >= b.passed && a.facts >= b.facts
}

// misreadShaped reports whether a failing check is what a misread text
// layer gives: text in an amount cell, or a difference of one digit in one
// place (d×10ᵏ, d in 1…9).
func misreadShaped(c dataset.Check) bool {
	if c.Check == dataset.CheckNotANumber {
		return true
	}
	if c.Check == dataset.CheckNarrative || !c.Diff.Valid || c.Diff.Decimal.IsZero() {
		return false
	}
	d := c.Diff.Decimal.Abs()
	ten := decimal.NewFromInt(10)
	for i := 0; i < 40 && d.GreaterThanOrEqual(ten) && d.Mod(ten).IsZero(); i++ {
		d = d.Div(ten)
	}
	for i := 0; i < 40 && d.LessThan(decimal.NewFromInt(1)); i++ {
		d = d.Mul(ten)
	}
	return d.IsInteger() && d.LessThanOrEqual(decimal.NewFromInt(9))
}
