package extract

import "errors"

// readXLS is replaced by the legacy .xls reader.
func readXLS(source string, data []byte, opts Options) (*Document, error) {
	return nil, errors.New("xls: reader not written yet")
}
