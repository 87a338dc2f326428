package pipelines

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Discover expands directories into the regular files below them, sorted,
// skipping hidden files. Files named directly are kept whatever their name.
func Discover(inputs []string) ([]string, error) {
	var files []string
	for _, in := range inputs {
		info, err := os.Stat(in)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, in)
			continue
		}
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != in
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case !d.IsDir() && !hidden && candidate(d.Name()) && regular(path, d):
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

// regular reports whether a directory entry is a regular file, following
// a symbolic link to one.
func regular(path string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// candidate reports whether a file found in a directory walk may be a
// disclosure. The format is still decided by content; this only skips the
// outputs and notes that sit beside inputs.
func candidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".md", ".txt", ".json", ".go", ".golden":
		return false
	}
	return true
}
