package extract

import (
	"errors"
	"fmt"
)

// Sentinel errors found (wrapped) in the errors the readers return.
var (
	ErrEmpty       = errors.New("empty file")
	ErrUnknown     = errors.New("not a PDF or spreadsheet")
	ErrEncrypted   = errors.New("encrypted, password required")
	ErrDamaged     = errors.New("damaged file")
	ErrTooLarge    = errors.New("over the size limit")
	ErrNoTextLayer = errors.New("no text layer (scanned); OCR is not supported")
)

// Error is a reader failure with its position in the input.
type Error struct {
	Source string
	Page   string // sheet name or page number; empty for the whole file
	Err    error
}

func (e *Error) Error() string {
	if e.Page == "" {
		return fmt.Sprintf("%s: %s", e.Source, e.Err)
	}
	return fmt.Sprintf("%s page %s: %s", e.Source, e.Page, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
