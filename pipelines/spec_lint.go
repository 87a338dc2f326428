package pipelines

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/load"
)

// lint checks what the schema cannot: that each source says one thing and
// what it names exists, that patterns and metadata templates read, that
// region names are names of regions, and that every sink is a
// destination. It returns every problem as SpecErrors, or nil.
func (s *Spec) lint() error {
	var errs SpecErrors
	at := func(msg string, loc ...string) {
		errs = append(errs, s.fields.errorAt(loc, false, msg))
	}
	for i, src := range s.Sources {
		s.lintSource(src, strconv.Itoa(i), at)
	}
	region := dataset.Region{Province: s.Options.Province, City: s.Options.City, County: s.Options.County}
	if err := region.Validate(); err != nil {
		at(err.Error(), "options", regionField(region))
	}
	for i, sink := range s.Sinks {
		if _, err := load.ParseDest(sink); err != nil {
			at(errors.Unwrap(err).Error(), "sinks", strconv.Itoa(i))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	sortSpecErrors(errs)
	return errs
}

// lintSource checks source i.
func (s *Spec) lintSource(src Source, i string, at func(msg string, loc ...string)) {
	kinds := 0
	for _, v := range []string{src.Path, src.Glob, src.URLs} {
		if v != "" {
			kinds++
		}
	}
	if kinds != 1 {
		at("a source is exactly one of path, glob and urls", "sources", i)
	}
	switch {
	case src.Path != "":
		if _, err := os.Stat(s.resolve(src.Path)); err != nil {
			at(fmt.Sprintf("%s: %s", s.resolve(src.Path), errors.Unwrap(err)), "sources", i, "path")
		}
	case src.Glob != "":
		if _, err := path.Match(filepath.ToSlash(src.Glob), ""); err != nil {
			at(fmt.Sprintf("pattern %q: %v", src.Glob, err), "sources", i, "glob")
		}
	case src.URLs != "":
		s.lintURLs(src, i, at)
	}
	if src.Store != "" && src.URLs == "" {
		at("store is where urls are downloaded: only for a urls source", "sources", i, "store")
	}
	if src.PerHost != 0 && src.URLs == "" {
		at("per_host limits the fetch of urls: only for a urls source", "sources", i, "per_host")
	}
	for field, pats := range map[string][]string{"include": src.Include, "exclude": src.Exclude} {
		for j, p := range pats {
			if _, err := path.Match(p, ""); err != nil {
				at(fmt.Sprintf("pattern %q: %v", p, err), "sources", i, field, strconv.Itoa(j))
			}
		}
	}
	if src.Metadata != "" {
		if _, err := parseTemplate(src.Metadata); err != nil {
			at(err.Error(), "sources", i, "metadata")
		}
	}
}

// regionField is the option a region error is about: the most specific
// one set.
func regionField(r dataset.Region) string {
	switch {
	case r.County != "":
		return "county"
	case r.City != "":
		return "city"
	}
	return "province"
}

// resolve makes a path of the file relative to the file's directory.
func (s *Spec) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.Dir, p)
}

// maxURLProblems is how many bad URLs of one list lint names.
const maxURLProblems = 10

// lintURLs checks the list of a urls source: it reads, names a URL, and
// each is an absolute http or https URL. Include, exclude and metadata
// filter the files of a path or glob, not URLs.
func (s *Spec) lintURLs(src Source, i string, at func(msg string, loc ...string)) {
	for field, set := range map[string]bool{"include": len(src.Include) > 0, "exclude": len(src.Exclude) > 0, "metadata": src.Metadata != ""} {
		if set {
			at(field+" applies to the files of a path or glob source, not to URLs", "sources", i, field)
		}
	}
	name := s.resolve(src.URLs)
	f, err := os.Open(name)
	if err != nil {
		at(fmt.Sprintf("%s: %s", name, errors.Unwrap(err)), "sources", i, "urls")
		return
	}
	defer f.Close()
	lines, err := readURLLines(f)
	switch {
	case err != nil:
		at(fmt.Sprintf("%s: %v", name, err), "sources", i, "urls")
		return
	case len(lines) == 0:
		at(fmt.Sprintf("%s: no URL", name), "sources", i, "urls")
	}
	bad := 0
	for _, l := range lines {
		if err := checkURL(l.url); err != nil {
			if bad++; bad <= maxURLProblems {
				at(fmt.Sprintf("%s line %d: %v", name, l.line, err), "sources", i, "urls")
			}
		}
	}
	if bad > maxURLProblems {
		at(fmt.Sprintf("%s: %d more URLs like these", name, bad-maxURLProblems), "sources", i, "urls")
	}
}

// checkURL reports why a URL of a list is not one a fetch can ask for.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q: not an http or https URL", raw)
	case u.Host == "":
		return fmt.Errorf("%q: no host", raw)
	}
	return nil
}
