package pipelines

import "github.com/budgetetl/budgetetl/dataset"

// duplicates finds documents that repeat one read earlier in the run: the
// same file (same doc_id), or the same unit, region, year and kind from
// another file or format (the .xlsx and the .pdf of one budget), unless one
// says it is the department's 部门预算 and the other the 单位预算 of a unit of
// the same name (aggregate counts the unit inside its department). The
// first one seen, in input order, is the original; later ones get its
// doc_id in duplicate_of. It is used from one goroutine, in input order, so
// the result does not depend on the number of workers.
type duplicates struct {
	byID   map[string]bool
	byUnit map[dataset.Disclosure][]original
}

// original is a document others may repeat.
type original struct {
	docID string
	scope dataset.Scope
}

func newDuplicates() *duplicates {
	return &duplicates{byID: map[string]bool{}, byUnit: map[dataset.Disclosure][]original{}}
}

// mark sets d.DuplicateOf when d repeats an earlier document. A document
// without facts (failed, a template, narrative only) is no original of
// another: it holds no figures to count twice.
func (s *duplicates) mark(d *dataset.Document) {
	if d.DocID == "" {
		return
	}
	if s.byID[d.DocID] {
		d.DuplicateOf = d.DocID
		return
	}
	s.byID[d.DocID] = true
	k, ok := d.Disclosure()
	if !ok {
		return
	}
	for _, o := range s.byUnit[k] {
		if o.scope.Overlaps(d.Scope) {
			d.DuplicateOf = o.docID
			return
		}
	}
	s.byUnit[k] = append(s.byUnit[k], original{d.DocID, d.Scope})
}
