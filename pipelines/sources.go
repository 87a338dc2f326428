package pipelines

import (
	"errors"
	"path"
	"path/filepath"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// files lists the files of a source, relative paths taken from dir, and
// records in regions the region its metadata template gives each. The
// documents of a urls source are those its fetch store holds
// (sources_urls.go).
func (src Source) files(dir string, regions map[string]dataset.Region) ([]Input, error) {
	if src.URLs != "" {
		return src.urlInputs(dir)
	}
	var tmpl template
	if src.Metadata != "" {
		var err error
		if tmpl, err = parseTemplate(src.Metadata); err != nil {
			return nil, err
		}
	}
	root, pattern := "", ""
	switch {
	case src.Path != "":
		root = joinDir(dir, src.Path)
	case src.Glob != "":
		root, pattern = globRoot(joinDir(dir, src.Glob))
	default:
		return nil, errors.New("a source names none of path, glob and urls")
	}
	found, err := Discover([]string{root})
	if err != nil {
		return nil, err
	}
	var out []Input
	for _, in := range found {
		rel := relSlash(root, in.Path)
		if pattern != "" && !matchGlob(pattern, rel) {
			continue
		}
		if !src.wants(rel) {
			continue
		}
		if tmpl != nil {
			if r := tmpl.region(rel); r != (dataset.Region{}) {
				regions[in.Path] = r
			}
		}
		out = append(out, in)
	}
	return out, nil
}

// wants applies include and exclude to a path below the source.
func (src Source) wants(rel string) bool {
	if len(src.Include) > 0 && !matchAny(src.Include, rel) {
		return false
	}
	return !matchAny(src.Exclude, rel)
}

// matchAny reports whether rel matches one of the patterns; a pattern
// without a slash is matched against the file name alone, at any depth.
func matchAny(patterns []string, rel string) bool {
	for _, p := range patterns {
		target := rel
		if !strings.Contains(p, "/") {
			target = path.Base(rel)
		}
		if matchGlob(p, target) {
			return true
		}
	}
	return false
}

// matchGlob matches a slash path against a pattern of path.Match segments
// where a ** segment matches any number of segments (none included).
func matchGlob(pattern, name string) bool {
	return matchSegs(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// globRoot splits a pattern into the directory before its first segment
// with a wildcard and the pattern of the rest (slash separated).
func globRoot(glob string) (root, rest string) {
	segs := strings.Split(filepath.ToSlash(glob), "/")
	i := 0
	for i < len(segs)-1 && !strings.ContainsAny(segs[i], "*?[\\") {
		i++
	}
	root = filepath.FromSlash(strings.Join(segs[:i], "/"))
	switch {
	case root == "" && strings.HasPrefix(glob, "/"):
		root = "/"
	case root == "":
		root = "."
	}
	return root, strings.Join(segs[i:], "/")
}

// relSlash is p relative to root, slash separated; a bundle member keeps
// its !/ part.
func relSlash(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == "." {
		rel = filepath.Base(p)
	}
	return filepath.ToSlash(rel)
}

// joinDir makes p relative to dir unless it is absolute.
func joinDir(dir, p string) string {
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}
