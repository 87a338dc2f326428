package extract

import "errors"

func readXLSX(source string, data []byte, opts Options) (*Document, error) {
	return nil, errors.New("xlsx: reader not written yet")
}
