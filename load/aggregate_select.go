package load

import (
	"cmp"
	"slices"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
)

// selectDocuments decides which documents aggregate counts: every one but
// a failed document, one that repeats an earlier one (duplicate_of, or the
// same disclosure as one counted before it in docs' order: a database
// loaded by several runs holds documents no single run compared), and a
// unit whose department's document is there too (its figures are inside
// the department's). A unit is inside a department of the same year, kind
// and region when the department lists it by name (sub_unit) or when it
// bears the department's own name (the department's 本级 unit).
func selectDocuments(docs []dataset.Document, subUnits map[docRef][]string) (map[docRef]bool, []LeftOut) {
	counted := map[docRef]bool{}
	var left []LeftOut
	leave := func(d dataset.Document, reason string) {
		left = append(left, LeftOut{DocID: d.DocID, Source: d.Source, UnitName: d.UnitName, Reason: reason})
	}
	var departments []dataset.Document
	for _, d := range docs {
		if d.Scope == dataset.ScopeDepartment && d.Status != dataset.StatusFailed && d.DuplicateOf == "" {
			departments = append(departments, d)
		}
	}
	seen := map[dataset.Disclosure][]dataset.Document{}
	for _, d := range docs {
		ref := docRef{d.DocID, d.Source}
		key, disclosure := d.Disclosure()
		switch {
		case d.Status == dataset.StatusFailed:
			leave(d, "failed: "+d.Error)
		case d.DuplicateOf == d.DocID:
			leave(d, "the same file as an earlier input (doc_id "+d.DocID+")")
		case d.DuplicateOf != "":
			leave(d, "duplicate of "+d.DuplicateOf+": the same unit, year and kind")
		default:
			if first, ok := repeats(seen[key], d); disclosure && ok {
				leave(d, "duplicate of "+first.DocID+" ("+first.Source+"): the same unit, year and kind, from another run")
				continue
			}
			if dep, ok := departmentOf(d, departments, subUnits); ok {
				leave(d, "inside department "+dep.UnitName+" ("+dep.DocID+"), counted there")
				continue
			}
			counted[ref] = true
			if disclosure {
				seen[key] = append(seen[key], d)
			}
		}
	}
	return counted, left
}

// repeats finds the document of the same disclosure that d repeats.
func repeats(same []dataset.Document, d dataset.Document) (dataset.Document, bool) {
	for _, o := range same {
		if o.Scope.Overlaps(d.Scope) {
			return o, true
		}
	}
	return dataset.Document{}, false
}

// departmentOf finds the department document that contains unit d.
func departmentOf(d dataset.Document, departments []dataset.Document, subUnits map[docRef][]string) (dataset.Document, bool) {
	if d.Scope == dataset.ScopeDepartment {
		return dataset.Document{}, false
	}
	for _, dep := range departments {
		if dep.Year != d.Year || dep.DocKind != d.DocKind || !sameRegion(dep, d) {
			continue
		}
		if ownUnit(dep.UnitName, d.UnitName) || slices.Contains(subUnits[docRef{dep.DocID, dep.Source}], d.UnitName) {
			return dep, true
		}
	}
	return dataset.Document{}, false
}

// ownUnit reports whether unit is the department's own (本级) unit:
// 晋城市财政局 inside 晋城市财政局, 晋城市财政局本级 or 晋城市财政局（本级）.
func ownUnit(department, unit string) bool {
	rest, ok := strings.CutPrefix(unit, department)
	if !ok {
		return false
	}
	switch strings.Trim(rest, "（）()") {
	case "", "本级", "机关", "机关本级":
		return true
	}
	return false
}

// sameRegion reports whether two documents may be of one region: each
// field equal or unknown on one side.
func sameRegion(a, b dataset.Document) bool {
	eq := func(x, y string) bool { return x == "" || y == "" || x == y }
	return eq(a.Province, b.Province) && eq(a.City, b.City) && eq(a.County, b.County)
}

// halfUnit is the 尾差 allowed per addend of unit u: half a unit of its
// last printed digit, taking 万元 and 亿元 figures as printed with two
// decimals and 元 figures as whole 元 (the usual forms; facts do not keep
// how many decimals a cell showed).
func halfUnit(u dataset.Unit) decimal.Decimal {
	switch u {
	case dataset.WanYuan:
		return decimal.NewFromInt(50)
	case dataset.YiYuan:
		return decimal.NewFromInt(500_000)
	}
	return decimal.New(5, -1)
}

// tableKey is one document's table, flow and column.
type tableKey struct {
	doc                 docRef
	table, flow, column string
}

// tableChecks compares, for every counted document and each table, flow
// and column with a total row, the sum of the detail rows with the largest
// total row (总计, which carry rows such as 上年结转 add up to, is never
// smaller than 本年合计).
func tableChecks(parts []part, counted map[docRef]bool) []TableCheck {
	type acc struct {
		detail, tol, total decimal.Decimal
		hasTotal           bool
		totalUnit          dataset.Unit
	}
	byKey := map[tableKey]*acc{}
	for _, p := range parts {
		if !counted[p.doc] {
			continue
		}
		k := tableKey{p.doc, p.table, p.flow, p.column}
		a := byKey[k]
		if a == nil {
			a = &acc{}
			byKey[k] = a
		}
		switch p.kind {
		case dataset.KindDetail:
			a.detail = a.detail.Add(p.sum)
			a.tol = a.tol.Add(halfUnit(p.unit).Mul(decimal.NewFromInt(int64(p.count))))
		case dataset.KindTotal:
			if !a.hasTotal || p.max.GreaterThan(a.total) {
				a.total, a.totalUnit, a.hasTotal = p.max, p.unit, true
			}
		}
	}
	var out []TableCheck
	for k, a := range byKey {
		if !a.hasTotal || a.tol.IsZero() {
			continue
		}
		tol := a.tol.Add(halfUnit(a.totalUnit))
		diff := a.total.Sub(a.detail)
		status := dataset.Pass
		if diff.Abs().GreaterThan(tol) {
			status = dataset.Fail
		}
		out = append(out, TableCheck{DocID: k.doc.docID, Source: k.doc.source, Table: k.table, Flow: k.flow,
			Column: k.column, Expected: a.total, Actual: a.detail, Diff: diff, Tolerance: tol, Status: status})
	}
	slices.SortFunc(out, func(a, b TableCheck) int {
		return cmp.Or(cmp.Compare(a.Status, b.Status), cmp.Compare(a.DocID, b.DocID), cmp.Compare(a.Source, b.Source),
			cmp.Compare(a.Table, b.Table), cmp.Compare(a.Flow, b.Flow), cmp.Compare(a.Column, b.Column))
	})
	return out
}
