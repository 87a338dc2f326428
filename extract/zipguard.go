package extract

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path"
	"strings"
)

// checkZip inspects the central directory of an .xlsx workbook before any
// part of it is inflated. It fails with ErrDamaged when data is not a
// readable zip (a truncated file) and with ErrTooLarge, naming the part,
// when a worksheet (xl/worksheets/*.xml) or the shared strings declare an
// unpacked size over maxSheet bytes (0 or less means DefaultMaxSheetBytes).
//
// It reads only the directory, so it is fast and its memory does not depend
// on what the parts inflate to. But a zip's declared sizes can lie: a part
// may inflate to more than its directory entry says. So the xlsx reader must
// still read every part through an io.LimitReader of maxSheet+1 bytes (or a
// parser option with the same bound) and treat reaching the limit as
// ErrTooLarge; checkZip only makes the honest bomb fail before any work.
func checkZip(data []byte, maxSheet int64) error {
	if maxSheet <= 0 {
		maxSheet = DefaultMaxSheetBytes
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: not a readable zip: %w", ErrDamaged, err)
	}
	for _, f := range zr.File {
		if !limitedPart(f.Name) {
			continue
		}
		if size := f.UncompressedSize64; size > uint64(maxSheet) {
			return fmt.Errorf("%w: %s unpacks to %d bytes (limit %d)", ErrTooLarge, f.Name, size, maxSheet)
		}
	}
	return nil
}

// limitedPart reports whether a zip entry is one whose unpacked size
// checkZip bounds: a worksheet or the shared strings table.
func limitedPart(name string) bool {
	name = strings.ToLower(strings.TrimPrefix(name, "/"))
	dir, file := path.Split(name)
	switch {
	case dir == "xl/worksheets/" && strings.HasSuffix(file, ".xml"):
		return true
	case name == "xl/sharedstrings.xml":
		return true
	}
	return false
}
