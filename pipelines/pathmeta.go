package pipelines

import (
	"fmt"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// Metadata from paths: a pipeline source may say how its folders are
// named, {province}/{city}/{county}/…, and a document below it takes the
// names its path gives for the parts of the region it does not print
// itself, as --province/--city/--county do (region.go).

// template is a parsed metadata template: one step per path segment.
type template []string

// The steps of a template besides literal names.
const (
	stepAny  = "*" // any one segment, not read
	stepRest = "…" // any number of segments, not read (last step only)
)

// templateFields are the placeholders a template may hold.
var templateFields = map[string]bool{"{province}": true, "{city}": true, "{county}": true}

// parseTemplate reads a metadata template: segments separated by /, each
// a placeholder ({province}, {city}, {county}), * for any one segment, a
// literal folder name, or, last, … (or ... or **) for whatever follows.
func parseTemplate(s string) (template, error) {
	var t template
	segs := strings.Split(strings.Trim(s, "/"), "/")
	for i, seg := range segs {
		switch {
		case seg == "…" || seg == "..." || seg == "**":
			if i != len(segs)-1 {
				return nil, fmt.Errorf("metadata %q: %s only as the last segment", s, seg)
			}
			seg = stepRest
		case seg == "":
			return nil, fmt.Errorf("metadata %q: an empty segment", s)
		case strings.ContainsAny(seg, "{}") && !templateFields[seg]:
			return nil, fmt.Errorf("metadata %q: %s is no placeholder (want {province}, {city} or {county}, alone in a segment)", s, seg)
		}
		t = append(t, seg)
	}
	return t, nil
}

// region reads the region a path below the source gives (rel, slash
// separated, the file name last). Only folders are read: a template
// longer than the folders fills what they give. A literal segment that
// does not match gives nothing.
func (t template) region(rel string) dataset.Region {
	dirs := strings.Split(rel, "/")
	dirs = dirs[:len(dirs)-1]
	var r dataset.Region
	for i, step := range t {
		if step == stepRest || i >= len(dirs) {
			break
		}
		switch step {
		case stepAny:
		case "{province}":
			r.Province = dirs[i]
		case "{city}":
			r.City = dirs[i]
		case "{county}":
			r.County = dirs[i]
		default:
			if dirs[i] != step {
				return dataset.Region{}
			}
		}
	}
	return r
}

// regionClaim is the region a run gives a document that does not print
// its own, and where it comes from.
type regionClaim struct {
	dataset.Region
	fromPath bool // read from the path by a metadata template; else the run's flags
}

// pathRegion combines what a document's path gives with the run's
// region: the path's names, and the flags' names below them where the
// path agrees with the flags above. A path that gives nothing leaves the
// flags. A combination that is no region of regions.tsv is not used:
// the flags alone are, and the document gets a region_conflict warning.
func pathRegion(path dataset.Region, flags dataset.Region) (regionClaim, error) {
	if path == (dataset.Region{}) {
		return regionClaim{Region: flags}, nil
	}
	r := path
	agrees := func(a, b string) bool { return a == "" || b == "" || a == b }
	if agrees(path.Province, flags.Province) && agrees(path.City, flags.City) && agrees(path.County, flags.County) {
		if r.Province == "" {
			r.Province = flags.Province
		}
		if r.City == "" {
			r.City = flags.City
		}
		if r.County == "" {
			r.County = flags.County
		}
	}
	if err := r.Validate(); err != nil {
		return regionClaim{Region: flags}, err
	}
	return regionClaim{Region: r, fromPath: true}, nil
}
