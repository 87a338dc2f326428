package extract

import (
	"bytes"
	"fmt"
	"os"
)

// Options tune the readers. The zero value is usable.
type Options struct {
	// PDFEngine names the PDF text-layer engine: EngineAuto (the default,
	// also for ""), EngineGo or EnginePDFium.
	PDFEngine string
	// MaxSheetBytes bounds the unpacked size of one worksheet; 0 means
	// DefaultMaxSheetBytes.
	MaxSheetBytes int64
}

// DefaultMaxSheetBytes is the largest unpacked worksheet read by default.
const DefaultMaxSheetBytes = 256 << 20

// Sniff detects the format of data from its first bytes.
func Sniff(data []byte) (Format, error) {
	switch {
	case len(data) == 0:
		return "", ErrEmpty
	case bytes.HasPrefix(data, []byte("%PDF-")) || bytes.Contains(head(data, 1024), []byte("%PDF-")):
		return PDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return XLSX, nil
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// A compound file: a legacy workbook, or an encrypted OOXML
		// workbook (which Office wraps in the same container).
		if isEncryptedOOXML(data) {
			return XLSX, ErrEncrypted
		}
		return XLS, nil
	}
	return "", ErrUnknown
}

func head(b []byte, n int) []byte {
	if len(b) < n {
		return b
	}
	return b[:n]
}

// isEncryptedOOXML reports whether a compound file holds the streams Office
// uses for a password-protected workbook.
func isEncryptedOOXML(data []byte) bool {
	// Directory entry names are UTF-16LE.
	return bytes.Contains(data, utf16LE("EncryptionInfo")) && bytes.Contains(data, utf16LE("EncryptedPackage"))
}

func utf16LE(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for _, r := range s {
		out = append(out, byte(r), 0)
	}
	return out
}

// ReadFile reads the file at path with the reader its content calls for.
func ReadFile(path string, opts Options) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Source: path, Err: err}
	}
	return Read(path, data, opts)
}

// Read parses data, named source in errors, with the reader its content
// calls for. A panic inside a third-party parser is returned as an error.
func Read(source string, data []byte, opts Options) (doc *Document, err error) {
	format, err := Sniff(data)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &Error{Source: source, Err: fmt.Errorf("%w: reader panicked: %v", ErrDamaged, r)}
		}
	}()
	switch format {
	case XLSX:
		doc, err = readXLSX(source, data, opts)
	case XLS:
		doc, err = readXLS(source, data, opts)
	default:
		doc, err = readPDF(source, data, opts)
	}
	if err != nil {
		return nil, err
	}
	doc.Source, doc.Format = source, format
	return doc, nil
}
