package pipelines

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Input is one file a run reads, or an entry of a directory walk it cannot
// read, with the reason. A document of a urls source is named by its URL
// and read from the fetch store (Path); one whose fetch failed with
// nothing stored has no Path and a Skip, and one the store does not know
// yet (a dry run, which downloads nothing) has neither.
type Input struct {
	Path string
	Skip string // why the entry is not read (a documents.csv error); "" for a file to read
	URL  string // the URL a fetched document was downloaded from; "" for a file
}

// name is what the rows call the input: its URL, or its path.
func (in Input) name() string {
	if in.URL != "" {
		return in.URL
	}
	return in.Path
}

// unfetched reports whether the input is a URL not downloaded yet.
func (in Input) unfetched() bool { return in.URL != "" && in.Path == "" && in.Skip == "" }

// Discover expands directories into the files below them, sorted, skipping
// hidden entries and the outputs and notes that sit beside inputs (see
// candidate). Files named directly are kept whatever their name, a special
// file among them with its reason (a FIFO would block whoever opens it); a
// PATH that does not exist is an error. What a walk meets and cannot read
// is kept too, with its reason, so that the run reports it: a symbolic link
// that leads nowhere or to a directory (a walk does not follow those: name
// the directory to read it), a special file, a directory it may not list.
func Discover(inputs []string) ([]Input, error) {
	var found []Input
	for _, in := range inputs {
		info, err := os.Stat(in)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			found = append(found, Input{Path: in, Skip: namedSkip(info)})
			continue
		}
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			hidden := strings.HasPrefix(filepath.Base(path), ".") && path != in
			switch {
			case hidden && d != nil && d.IsDir():
				return filepath.SkipDir
			case hidden:
				return nil
			case err != nil: // a directory that cannot be listed, or an entry gone since
				found = append(found, Input{Path: path, Skip: "not read: " + unwrapPath(err)})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			case d.IsDir() || !candidate(d.Name()):
				return nil
			}
			found = append(found, Input{Path: path, Skip: skipReason(path, d)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Path < found[j].Path })
	return found, nil
}

// skipReason says why a walk does not read an entry that is not a
// directory: "" for a regular file, or a symbolic link to one.
func skipReason(path string, d fs.DirEntry) string {
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		info, err := os.Stat(path)
		switch {
		case err != nil:
			target, _ := os.Readlink(path)
			return "not read: a symbolic link to " + target + ", which does not exist"
		case info.IsDir():
			return "not read: a symbolic link to a directory, which a walk does not follow (name it to read it)"
		}
		mode = info.Mode()
	}
	if !mode.IsRegular() {
		return "not read: not a regular file (" + mode.Type().String() + ")"
	}
	return ""
}

// namedSkip says why a file named on the command line is not read: only a
// special file.
func namedSkip(info fs.FileInfo) string {
	if info.Mode().IsRegular() {
		return ""
	}
	return "not read: not a regular file (" + info.Mode().Type().String() + ")"
}

// unwrapPath is an error's message without the path os.PathError puts
// first (the row names the path already).
func unwrapPath(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// candidate reports whether a file found in a directory walk may be a
// disclosure. The format is still decided by content; this only skips the
// outputs and notes that sit beside inputs.
func candidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".md", ".txt", ".json", ".go", ".golden", ".yaml", ".yml":
		return false
	}
	return true
}
