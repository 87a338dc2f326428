package extract

import "errors"

// readPDF is replaced by the PDF reader.
func readPDF(source string, data []byte, opts Options) (*Document, error) {
	return nil, errors.New("pdf: reader not written yet")
}
