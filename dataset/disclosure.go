package dataset

// Disclosure is what makes two documents the same publication: one unit's
// budget or final account of one year, whatever the file or format.
type Disclosure struct {
	Unit, Province, City, County, Year string
	Kind                               DocKind
}

// Disclosure returns the document's disclosure; ok is false for a
// document that holds no figures to count twice (failed, a template, a
// narrative without tables) or does not say its unit or year.
func (d Document) Disclosure() (key Disclosure, ok bool) {
	if d.Facts == 0 || d.UnitName == "" || d.Year == "" || d.Status == StatusFailed {
		return Disclosure{}, false
	}
	return Disclosure{d.UnitName, d.Province, d.City, d.County, d.Year, d.DocKind}, true
}

// Overlaps reports whether documents of scopes s and o can repeat each
// other: the same scope, or one unknown. A department's 部门预算 and the
// 单位预算 of its own unit of the same name are two documents.
func (s Scope) Overlaps(o Scope) bool {
	return s == o || s == "" || o == ""
}
