package pipelines

import (
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestDuplicates marks, in input order, the same file twice and one unit
// in two formats, but not a department beside its own unit of the same
// name, nor documents without facts.
func TestDuplicates(t *testing.T) {
	doc := func(id, unit string, scope dataset.Scope) dataset.Document {
		return dataset.Document{DocID: id, UnitName: unit, City: "晋城市", Year: "2026", DocKind: dataset.DocBudget,
			Facts: 10, Scope: scope}
	}
	final := doc("final", "晋城市财政局", "")
	final.DocKind = dataset.DocFinal
	empty := doc("empty", "晋城市财政局", "")
	empty.Facts = 0
	tests := []struct {
		doc  dataset.Document
		want string
	}{
		{doc("xlsx", "晋城市财政局", dataset.ScopeDepartment), ""},
		{doc("xlsx", "晋城市财政局", dataset.ScopeDepartment), "xlsx"}, // the same file again
		{doc("pdf", "晋城市财政局", ""), "xlsx"},                       // the same unit from a PDF that does not say its scope
		{doc("unit", "晋城市财政局", dataset.ScopeUnit), ""},           // the department's own unit: aggregate decides
		{doc("unit-pdf", "晋城市财政局", dataset.ScopeUnit), "unit"},   // the unit document of the same scope
		{final, ""}, // another kind
		{doc("other", "晋城市教育局", dataset.ScopeDepartment), ""}, // another unit
		{empty, ""}, // no figures to count twice
		{dataset.Document{Source: "unreadable.pdf"}, ""}, // no doc_id
	}
	dups := newDuplicates()
	for i, tt := range tests {
		d := tt.doc
		dups.mark(&d)
		if d.DuplicateOf != tt.want {
			t.Errorf("document %d (%s): duplicate_of %q, want %q", i, tt.doc.DocID, d.DuplicateOf, tt.want)
		}
	}
}
