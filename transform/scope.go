package transform

import (
	"regexp"

	"github.com/budgetetl/budgetetl/dataset"
)

// scopeRe finds what a document says it is: 部门预算/部门决算 (a department
// with its units) or 单位预算/单位决算 (one unit). 部门预算支出经济分类, the name
// of a classification in headers, says neither.
var scopeRe = regexp.MustCompile(`(部门|单位)(?:预算|决算)(?:[^支]|$)`)

// scopeOf reads the scope from the cover (the first lines outside the
// tables) or else from the table titles: the first mention wins. A
// document that says neither has no scope.
func scopeOf(tables []*RawTable, loose []string) dataset.Scope {
	texts := append([]string(nil), loose[:min(len(loose), 41)]...)
	for _, t := range tables {
		texts = append(texts, t.Title)
	}
	for _, text := range texts {
		if m := scopeRe.FindStringSubmatch(text); m != nil {
			if m[1] == "部门" {
				return dataset.ScopeDepartment
			}
			return dataset.ScopeUnit
		}
	}
	return ""
}
