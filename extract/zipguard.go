package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"strings"
)

// The package around an .xlsx workbook (Open Packaging Conventions): which
// zip part is what, from [Content_Types].xml and the relationships, and the
// bound on how far each part may inflate, by what it is rather than by its
// path.

// partKind is what a part of the package is, as far as its size bound goes.
type partKind int

const (
	partOther         partKind = iota // never inflated by the reader
	partPackage                       // [Content_Types].xml, relationships
	partWorkbook                      // the workbook part (sheet list)
	partStyles                        // styles.xml
	partSheet                         // worksheets, chart-, dialog- and macro sheets
	partSharedStrings                 // the shared strings table
	partMember                        // a document inside a .zip archive (archive.go)
)

// Bounds on the unpacked size of the parts that are not sheet data; sheets
// and shared strings are bounded by Options.MaxSheetBytes. Real workbooks
// stay far below these: a styles part of 64,000 formats is about 10 MB.
const (
	maxPackagePartBytes  = 4 << 20
	maxWorkbookPartBytes = 32 << 20
	maxStylesPartBytes   = 32 << 20
)

var kindNames = map[partKind]string{
	partOther: "part", partPackage: "package part", partWorkbook: "workbook",
	partStyles: "styles", partSheet: "worksheet", partSharedStrings: "shared strings",
	partMember: "archived document",
}

func (k partKind) String() string { return kindNames[k] }

// contentKinds maps the content types the reader inflates to their kind.
var contentKinds = map[string]partKind{
	"application/vnd.openxmlformats-package.relationships+xml":                      partPackage,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":    partWorkbook,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": partWorkbook,
	"application/vnd.ms-excel.sheet.macroEnabled.main+xml":                          partWorkbook,
	"application/vnd.ms-excel.template.macroEnabled.main+xml":                       partWorkbook,
	"application/vnd.ms-excel.addin.macroEnabled.main+xml":                          partWorkbook,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml":        partStyles,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml":     partSheet,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml":    partSheet,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml":   partSheet,
	"application/vnd.ms-excel.macrosheet+xml":                                       partSheet,
	"application/vnd.ms-excel.intlmacrosheet+xml":                                   partSheet,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml": partSharedStrings,
}

// xlsxPackage is an opened .xlsx zip whose parts have been checked against
// their bounds.
type xlsxPackage struct {
	files    map[string]*zip.File // by lower-cased part name (OPC names ignore case)
	types    map[string]string    // content type by lower-cased part name
	maxSheet int64
}

// openPackage reads the zip directory and [Content_Types].xml of an .xlsx
// workbook and checks every part's declared unpacked size against the bound
// of its content type, before any other part is inflated. It fails with
// ErrDamaged when data is not a readable zip or has no content types, and
// with ErrTooLarge, naming the part and its kind, when a part declares more
// than its bound (maxSheet for sheets and shared strings; 0 or less means
// DefaultMaxSheetBytes).
//
// The declared sizes are enough: archive/zip stops a part that inflates to
// more than its directory entry says with zip.ErrFormat, which the readers
// report as ErrDamaged. Parts the reader never inflates (images, drawings,
// printer settings) are not bounded.
func openPackage(data []byte, maxSheet int64) (*xlsxPackage, error) {
	if maxSheet <= 0 {
		maxSheet = DefaultMaxSheetBytes
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a readable zip: %w", ErrDamaged, err)
	}
	p := &xlsxPackage{files: map[string]*zip.File{}, maxSheet: maxSheet}
	for _, f := range zr.File {
		name := partKey(f.Name)
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	if p.types, err = p.contentTypes(); err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if err := p.checkSize(f, p.kindOf(partKey(f.Name))); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// partKey is the lookup key of a part name: no leading slash, lower case.
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(name, "/"))
}

// kindOf is the kind of a part from its content type.
func (p *xlsxPackage) kindOf(name string) partKind {
	if name == "[content_types].xml" {
		return partPackage
	}
	return contentKinds[p.types[name]]
}

// limit is the bound on the unpacked size of a part of kind k.
func (p *xlsxPackage) limit(k partKind) int64 {
	switch k {
	case partPackage:
		return maxPackagePartBytes
	case partWorkbook:
		return maxWorkbookPartBytes
	case partStyles:
		return maxStylesPartBytes
	case partSheet, partSharedStrings, partMember:
		return p.maxSheet
	}
	return -1
}

func (p *xlsxPackage) checkSize(f *zip.File, k partKind) error {
	if limit := p.limit(k); limit >= 0 && f.UncompressedSize64 > uint64(limit) {
		return fmt.Errorf("%w: %s (%s) unpacks to %d bytes (limit %d)", ErrTooLarge, f.Name, k, f.UncompressedSize64, limit)
	}
	return nil
}

// open inflates the part name, read as kind k: its size is checked against
// the bound of k too, so a part typed as an image but used as a worksheet is
// bounded as a worksheet. A missing part is ErrDamaged.
func (p *xlsxPackage) open(name string, k partKind) (*partReader, error) {
	f := p.files[partKey(name)]
	if f == nil {
		return nil, fmt.Errorf("%w: no part %s", ErrDamaged, name)
	}
	if err := p.checkSize(f, k); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDamaged, name, err)
	}
	return newPartReader(name, rc), nil
}

// has reports whether the package holds the part name.
func (p *xlsxPackage) has(name string) bool {
	return p.files[partKey(name)] != nil
}

// contentTypes reads [Content_Types].xml: the content type of every part,
// from its Override or else the Default of its extension.
func (p *xlsxPackage) contentTypes() (map[string]string, error) {
	const name = "[Content_Types].xml"
	if !p.has(name) {
		return nil, fmt.Errorf("%w: no %s (not an Office Open XML package)", ErrDamaged, name)
	}
	r, err := p.open(name, partPackage)
	if err != nil {
		return nil, err
	}
	defaults, overrides := map[string]string{}, map[string]string{}
	err = r.each(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "Default":
			defaults[strings.ToLower(attr(se, "Extension"))] = strings.TrimSpace(attr(se, "ContentType"))
		case "Override":
			overrides[partKey(attr(se, "PartName"))] = strings.TrimSpace(attr(se, "ContentType"))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	types := make(map[string]string, len(p.files))
	for name := range p.files {
		if t, ok := overrides[name]; ok {
			types[name] = t
		} else if ext := path.Ext(name); ext != "" {
			types[name] = defaults[ext[1:]]
		}
	}
	return types, nil
}

// relationship is one entry of a part's relationships.
type relationship struct {
	id, kind, target string // kind is the last element of the type URI
}

// relationships reads the relationships of part source (its _rels/*.rels
// part; none when that is absent), with targets resolved to part names.
func (p *xlsxPackage) relationships(source string) ([]relationship, error) {
	dir, file := path.Split(strings.TrimPrefix(source, "/"))
	relsName := dir + "_rels/" + file + ".rels"
	if !p.has(relsName) {
		return nil, nil
	}
	r, err := p.open(relsName, partPackage)
	if err != nil {
		return nil, err
	}
	var rels []relationship
	err = r.each(func(se xml.StartElement) error {
		if se.Name.Local != "Relationship" || strings.EqualFold(attr(se, "TargetMode"), "External") {
			return nil
		}
		typ := attr(se, "Type")
		rels = append(rels, relationship{
			id:     attr(se, "Id"),
			kind:   typ[strings.LastIndexByte(typ, '/')+1:],
			target: resolveTarget(dir, attr(se, "Target")),
		})
		return nil
	})
	return rels, err
}

// resolveTarget resolves a relationship target against the directory of its
// source part.
func resolveTarget(dir, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(target, "/") {
		return path.Clean(target)[1:]
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}

// attr is the value of the attribute local of se ("" when absent).
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
