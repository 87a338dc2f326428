package pipelines

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/transform"
	"github.com/shopspring/decimal"
)

func TestMisreadShaped(t *testing.T) {
	for _, c := range []struct {
		check dataset.CheckID
		diff  string // "" for none
		want  bool
	}{
		{dataset.CheckChildrenSum, "0.06", true}, // 1682.76 read 1682.70
		{dataset.CheckChildrenSum, "-9", true},
		{dataset.CheckColumnSum, "200", true},
		{dataset.CheckColumnSum, "7000000", true},
		{dataset.CheckColumnSum, "0.0003", true},
		{dataset.CheckColumnSum, "12", false},          // two digits: a row left out, not a misread
		{dataset.CheckChildrenSum, "3390000.5", false}, // a block short by millions
		{dataset.CheckChildrenSum, "10.5", false},
		{dataset.CheckColumnSum, "0", false},
		{dataset.CheckColumnSum, "", false},
		{dataset.CheckNarrative, "1", false}, // the narrative's own figure, not a table's reading
		{dataset.CheckNotANumber, "", true},
	} {
		ch := dataset.Check{Check: c.check, Status: dataset.Fail}
		if c.diff != "" {
			ch.Diff = dataset.Amount(decimal.RequireFromString(c.diff))
		}
		if got := misreadShaped(ch); got != c.want {
			t.Errorf("misreadShaped(%s, diff %q) = %v, want %v", c.check, c.diff, got, c.want)
		}
	}
}

func TestBetter(t *testing.T) {
	for _, c := range []struct {
		a, b score
		want bool
	}{
		{score{passed: 10, failed: 0, facts: 50}, score{passed: 9, failed: 1, facts: 50}, true},
		{score{passed: 9, failed: 1, facts: 50}, score{passed: 9, failed: 1, facts: 50}, false}, // a tie keeps the first reading
		{score{passed: 5, failed: 0, facts: 30}, score{passed: 9, failed: 1, facts: 50}, false}, // fewer failures by losing a table
		{score{passed: 10, failed: 0, facts: 49}, score{passed: 9, failed: 1, facts: 50}, false},
	} {
		if got := better(c.a, c.b); got != c.want {
			t.Errorf("better(%+v, %+v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestArbitrate misreads one digit of a sample PDF's Go reading, as a text
// layer would, and has the arbiter read the pages its failing checks stand
// on again with PDFium: PDFium's pages are kept, and the document reads as
// it does unharmed. A second reading no better than the first is not kept.
func TestArbitrate(t *testing.T) {
	const path = "../samples/jincheng-2026.pdf"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Read(path, data, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	meta := transform.Meta{DocID: "d", Source: path}
	want := transform.Transform(doc, meta)
	if s := tally(want); s.failed != 0 || s.passed == 0 {
		t.Fatalf("the sample reads with %+v; want passing checks only", s)
	}
	if pages := failingPages(want); pages != nil {
		t.Fatalf("failingPages of a sound reading = %v, want none", pages)
	}
	bad, page, res := misread(t, doc, meta)
	reread := func(doc *extract.Document, numbers []int) (*extract.Document, []int, error) {
		if !slices.Contains(numbers, page) {
			t.Errorf("pages read again %v do not hold the misread page %d", numbers, page)
		}
		return extract.RereadPages(doc, data, numbers)
	}
	kept, keptRes := arbitrate(bad, res, meta, reread)
	if kept.Engine != extract.EngineMixed {
		t.Errorf("engine of the kept reading = %q, want %q", kept.Engine, extract.EngineMixed)
	}
	if s := tally(keptRes); s.failed != 0 {
		t.Errorf("the kept reading has %d failing checks", s.failed)
	}
	if !reflect.DeepEqual(keptRes.Facts, want.Facts) {
		t.Errorf("the kept reading's facts differ from the unharmed reading's")
	}

	same := func(doc *extract.Document, numbers []int) (*extract.Document, []int, error) {
		return doc, numbers, nil // a second reading that reads the same
	}
	if kept, keptRes := arbitrate(bad, res, meta, same); kept != bad || keptRes != res {
		t.Errorf("a second reading no better than the first was kept")
	}
	panics := func(*extract.Document, []int) (*extract.Document, []int, error) { panic("engine bug") }
	if kept, keptRes := arbitrate(bad, res, meta, panics); kept != bad || keptRes != res {
		t.Errorf("a second reading that panicked replaced the first")
	}
}

// misread changes one digit of one amount cell of doc's copy, choosing
// the first cell whose change makes a check fail by that digit, and
// returns the copy, the cell's page and the copy's transform.
func misread(t *testing.T, doc *extract.Document, meta transform.Meta) (*extract.Document, int, *transform.Result) {
	t.Helper()
	for pi, p := range doc.Pages {
		for ri, r := range p.Rows {
			for ci, c := range r.Cells {
				if r.Grid == 0 || !strings.ContainsAny(c.Text, ".") || !strings.ContainsAny(c.Text[len(c.Text)-1:], "012345678") {
					continue
				}
				bad := *doc
				bad.Pages = slices.Clone(doc.Pages)
				rows := slices.Clone(p.Rows)
				cells := slices.Clone(r.Cells)
				last := c.Text[len(c.Text)-1]
				cells[ci].Text = c.Text[:len(c.Text)-1] + string(last+1)
				rows[ri].Cells = cells
				bad.Pages[pi].Rows = rows
				res := transform.Transform(&bad, meta)
				if slices.Contains(failingPages(res), p.Number) {
					return &bad, p.Number, res
				}
			}
		}
	}
	t.Fatal("no amount cell of the sample makes a check fail when misread")
	return nil, 0, nil
}
