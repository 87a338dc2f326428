package pipelines

import (
	"fmt"

	"github.com/budgetetl/budgetetl/dataset"
)

// applyRegion fills, in the document and its facts, the parts of the
// region that the document does not say with the run's --province, --city
// and --county. Where the document says another name, the document wins
// and a region_conflict warning says so, as it does when a flag would put
// the document's own city or county in a province or city it does not lie
// in (regions.tsv); the levels below a conflict are not filled. The names
// may come from the document's path instead (claim.fromPath, pathmeta.go),
// and the warning says so.
func applyRegion(b *dataset.Batch, claim regionClaim) {
	flags := claim.Region
	if flags == (dataset.Region{}) || b.Document.Status == dataset.StatusFailed {
		return
	}
	d := &b.Document
	got := dataset.Region{Province: d.Province, City: d.City, County: d.County}
	levels := []struct {
		name      string
		doc, flag string
		set       func(*dataset.Region, string)
	}{
		{"province", got.Province, flags.Province, func(r *dataset.Region, v string) { r.Province = v }},
		{"city", got.City, flags.City, func(r *dataset.Region, v string) { r.City = v }},
		{"county", got.County, flags.County, func(r *dataset.Region, v string) { r.County = v }},
	}
	for _, l := range levels {
		if l.flag == "" || l.doc == l.flag {
			continue
		}
		filled := got
		l.set(&filled, l.flag)
		if l.doc != "" || (got.Validate() == nil && filled.Validate() != nil) {
			says := l.doc
			if says == "" {
				says = fmt.Sprintf("%s%s%s, which does not lie there", got.Province, got.City, got.County)
			}
			b.Checks = append(b.Checks, dataset.Check{DocID: d.DocID, Check: dataset.CheckRegionConflict, Status: dataset.Warn,
				Item: l.flag, Detail: fmt.Sprintf("%s: %s, the document says %s (kept)", d.Source, claim.says(l.name, l.flag), says)})
			if d.Status == dataset.StatusOK {
				d.Status = dataset.StatusWarnings
			}
			break
		}
		got = filled
	}
	d.Province, d.City, d.County = got.Province, got.City, got.County
	for i := range b.Facts {
		f := &b.Facts[i]
		f.Province, f.City, f.County = got.Province, got.City, got.County
	}
}

// says is how a warning names the claim of one level: --city 晋城市, or
// city 晋城市 from its path.
func (c regionClaim) says(level, name string) string {
	if c.fromPath {
		return level + " " + name + " from its path"
	}
	return "--" + level + " " + name
}

// regionWarning is the warning of a document whose path names no region
// (pathRegion's error); the run's flags were used instead.
func regionWarning(b *dataset.Batch, err error) {
	d := &b.Document
	if d.Status == dataset.StatusFailed {
		return
	}
	b.Checks = append(b.Checks, dataset.Check{DocID: d.DocID, Check: dataset.CheckRegionConflict, Status: dataset.Warn,
		Detail: fmt.Sprintf("%s: the region its path gives is not used: %v", d.Source, err)})
	if d.Status == dataset.StatusOK {
		d.Status = dataset.StatusWarnings
	}
}
