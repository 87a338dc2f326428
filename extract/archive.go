package extract

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// ArchiveSep separates an archive's path from a member's name in a
// document's source: bundle.zip!/2026/预算.pdf.
const ArchiveSep = "!/"

// Archive is a .zip bundle read as a folder of documents. Each member is
// bounded like a worksheet of a workbook (zipguard.go): one that declares
// more than Options.MaxSheetBytes unpacked is ErrTooLarge before it is
// inflated, and one that inflates past what it declares is ErrDamaged.
type Archive struct {
	pkg     *xlsxPackage // the zip guard's view of the bundle, without content types
	members []string
}

// IsArchive reports whether data is a zip that is not an Office Open XML
// package (a workbook): a bundle of documents.
func IsArchive(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) && !bytes.HasPrefix(data, []byte("PK\x05\x06")) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if partKey(f.Name) == "[content_types].xml" {
			return false
		}
	}
	return true
}

// OpenArchive reads the directory of a .zip bundle. Members are listed in
// the order of the directory, without folders; names are as stored, with
// \ read as /, and those that are not UTF-8 decoded as GB18030 (as Chinese
// Windows writes them).
func OpenArchive(data []byte, opts Options) (*Archive, error) {
	maxMember := opts.MaxSheetBytes
	if maxMember <= 0 {
		maxMember = DefaultMaxSheetBytes
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a readable zip: %w", ErrDamaged, err)
	}
	a := &Archive{pkg: &xlsxPackage{files: map[string]*zip.File{}, maxSheet: maxMember}}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		name := memberName(f)
		if _, dup := a.pkg.files[name]; dup || name == "" {
			continue
		}
		a.pkg.files[name] = f
		a.members = append(a.members, name)
	}
	return a, nil
}

// Members are the names of the bundle's files.
func (a *Archive) Members() []string { return a.members }

// Read inflates the member name, within its bound.
func (a *Archive) Read(name string) ([]byte, error) {
	f := a.pkg.files[name]
	if f == nil {
		return nil, fmt.Errorf("%w: no member %s", ErrDamaged, name)
	}
	if err := a.pkg.checkSize(f, partMember); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDamaged, name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDamaged, name, err)
	}
	return data, nil
}

// memberName is a member's name as a slash path: GB18030 names decoded,
// no leading slash, no .. segments (a name that climbs out is kept as
// written below the archive, never resolved on disk).
func memberName(f *zip.File) string {
	name := f.Name
	if !utf8.ValidString(name) {
		if dec, err := simplifiedchinese.GB18030.NewDecoder().String(name); err == nil {
			name = dec
		}
	}
	name = strings.ReplaceAll(name, "\\", "/")
	var segs []string
	for _, s := range strings.Split(name, "/") {
		if s != "" && s != "." && s != ".." {
			segs = append(segs, s)
		}
	}
	return strings.Join(segs, "/")
}
