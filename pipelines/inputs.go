package pipelines

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// Skipped is a file a run found and did not read because it is no
// document (an Office lock file, a web page, an image): it has no row in
// documents.csv and is listed in the run report with the reason.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// listInputs is every input of a run in source order (by name: path or
// URL): the files Discover finds in cfg.Inputs and those of the
// pipeline's sources, each .zip bundle opened as a folder of documents
// (bundle.zip!/inner.pdf), the documents of urls sources as their fetch
// stores hold them, and the litter set aside. The region a source's
// metadata template gives is kept beside each path.
func listInputs(cfg Config) ([]Input, map[string]dataset.Region, []Skipped, error) {
	found, err := Discover(cfg.Inputs)
	if err != nil {
		return nil, nil, nil, err
	}
	named := map[string]bool{}
	for _, in := range cfg.Inputs {
		named[in] = true
	}
	regions := map[string]dataset.Region{}
	for _, src := range cfg.Sources {
		got, err := src.files(cfg.SourceDir, regions)
		if err != nil {
			return nil, nil, nil, err
		}
		found = append(found, got...)
	}
	var inputs []Input
	var litter []Skipped
	for _, in := range found {
		if in.URL != "" { // a fetched document: the store holds only documents
			inputs = append(inputs, in)
			continue
		}
		if reason := litterReason(in.Path); reason != "" && !named[in.Path] && in.Skip == "" {
			litter = append(litter, Skipped{in.Path, reason})
			continue
		}
		if in.Skip == "" && strings.EqualFold(filepath.Ext(in.Path), ".zip") {
			members, skipped, ok := openBundle(in.Path, cfg.Extract)
			if ok {
				for _, m := range members {
					if r, has := regions[in.Path]; has {
						regions[m.Path] = r
					}
				}
				inputs, litter = append(inputs, members...), append(litter, skipped...)
				continue
			}
		}
		inputs = append(inputs, in)
	}
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].name() < inputs[j].name() })
	sort.SliceStable(litter, func(i, j int) bool { return litter[i].Path < litter[j].Path })
	return inputs, regions, litter, nil
}

// openBundle lists the documents of a .zip bundle, and its litter; ok is
// false when the file is no bundle (a workbook named .zip) or cannot be
// opened, and is then read as a document (which reports why it fails).
func openBundle(p string, opts extract.Options) (members []Input, litter []Skipped, ok bool) {
	data, err := os.ReadFile(p)
	if err != nil || !extract.IsArchive(data) {
		return nil, nil, false
	}
	a, err := extract.OpenArchive(data, opts)
	if err != nil {
		return nil, nil, false
	}
	for _, name := range a.Members() {
		src := p + extract.ArchiveSep + name
		switch reason := litterReason(name); {
		case reason != "":
			litter = append(litter, Skipped{src, reason})
		case strings.EqualFold(path.Ext(name), ".zip"):
			litter = append(litter, Skipped{src, "an archive inside an archive (not opened: unpack it)"})
		case strings.HasPrefix(path.Base(name), ".") || !candidate(path.Base(name)):
		default:
			members = append(members, Input{Path: src})
		}
	}
	return members, litter, true
}

// litterReason says why a file met in a walk or a bundle is no document,
// or "" when it may be one (its format is then read from its content).
func litterReason(name string) string {
	base := path.Base(filepath.ToSlash(name))
	ext := strings.ToLower(path.Ext(base))
	switch {
	case strings.HasPrefix(base, "~$"):
		return "an Office lock file (~$…)"
	case litterNames[strings.ToLower(base)]:
		return "a file the system keeps"
	}
	if kind, ok := litterExts[ext]; ok {
		return kind + " (" + ext + "), not a disclosure budgetetl reads"
	}
	return ""
}

// litterNames are files an operating system leaves in folders.
var litterNames = map[string]bool{"thumbs.db": true, "desktop.ini": true, ".ds_store": true}

// litterExts are the kinds of file a harvest meets that are no budget
// disclosure of a format budgetetl reads.
var litterExts = map[string]string{
	".html": "a web page", ".htm": "a web page", ".shtml": "a web page", ".xhtml": "a web page", ".mht": "a web page",
	".jsp": "a web page", ".asp": "a web page", ".aspx": "a web page", ".php": "a web page",
	".js": "a script", ".css": "a style sheet", ".xml": "an XML file",
	".jpg": "an image", ".jpeg": "an image", ".png": "an image", ".gif": "an image", ".bmp": "an image", ".tif": "an image", ".tiff": "an image", ".webp": "an image",
	".doc": "a Word document", ".docx": "a Word document", ".wps": "a WPS document", ".rtf": "a Word document", ".odt": "a text document",
	".ppt": "a presentation", ".pptx": "a presentation",
	".rar": "a RAR archive", ".7z": "a 7-Zip archive", ".tar": "a tar archive", ".gz": "a compressed file",
	".exe": "a program", ".lnk": "a shortcut", ".tmp": "a temporary file", ".bak": "a backup copy",
}

// readSource reads the bytes of a document: a file, or a member of a .zip
// bundle (bundle.zip!/inner.pdf), within the zip guard's bounds.
func readSource(p string, opts extract.Options) ([]byte, error) {
	data, err := os.ReadFile(p)
	if err == nil || !strings.Contains(p, extract.ArchiveSep) {
		return data, err
	}
	bundle, member, ok := splitMember(p)
	if !ok {
		return nil, err
	}
	zdata, zerr := os.ReadFile(bundle)
	if zerr != nil {
		return nil, zerr
	}
	a, zerr := extract.OpenArchive(zdata, opts)
	if zerr != nil {
		return nil, fmt.Errorf("%s: %w", bundle, zerr)
	}
	data, zerr = a.Read(member)
	if zerr != nil {
		return nil, fmt.Errorf("%s: %w", p, zerr)
	}
	return data, nil
}

// hashSource is the hex SHA-256 of a document's bytes, read in a stream
// for a file (the parent of a run holds no document whole: the workers
// read them under their ceiling), a bundle member through readSource.
func hashSource(p string, opts extract.Options) (string, error) {
	h := sha256.New()
	if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() { // never opens a FIFO
		f, err := os.Open(p)
		if err != nil {
			return "", err
		}
		defer f.Close()
		if _, err := io.Copy(h, f); err != nil {
			return "", err
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	data, err := readSource(p, opts)
	if err != nil {
		return "", err
	}
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// splitMember splits bundle.zip!/inner.pdf at the first separator whose
// left side is a regular file.
func splitMember(p string) (bundle, member string, ok bool) {
	for i := 0; ; {
		j := strings.Index(p[i:], extract.ArchiveSep)
		if j < 0 {
			return "", "", false
		}
		bundle, member = p[:i+j], p[i+j+len(extract.ArchiveSep):]
		if info, err := os.Stat(bundle); err == nil && info.Mode().IsRegular() {
			return bundle, member, true
		}
		i += j + len(extract.ArchiveSep)
	}
}

// statSource is the stat of a document's file: the bundle's for a member.
func statSource(p string) (fs.FileInfo, error) {
	info, err := os.Stat(p)
	if err == nil || !strings.Contains(p, extract.ArchiveSep) {
		return info, err
	}
	if bundle, _, ok := splitMember(p); ok {
		return os.Stat(bundle)
	}
	return nil, err
}
