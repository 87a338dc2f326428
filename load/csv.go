package load

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gocarina/gocsv"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding is how CSV files are written.
type Encoding string

// The encodings CSV output can take. UTF8 is the SCHEMA default; UTF8BOM
// and GBK open directly in Excel on a Chinese PC.
const (
	UTF8    Encoding = "utf-8"
	UTF8BOM Encoding = "utf-8-bom"
	GBK     Encoding = "gbk"
)

// ParseEncoding reads an --encoding value.
func ParseEncoding(s string) (Encoding, error) {
	switch Encoding(s) {
	case UTF8, UTF8BOM, GBK:
		return Encoding(s), nil
	case "", "utf8":
		return UTF8, nil
	}
	return "", fmt.Errorf("encoding %q: want utf-8, utf-8-bom or gbk", s)
}

// WriteCSV writes rows (a slice of structs with csv tags) to w as RFC 4180
// CSV with a header row and \n line ends.
func WriteCSV(w io.Writer, rows any, enc Encoding) error {
	switch enc {
	case UTF8BOM:
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	case GBK:
		tw := transform.NewWriter(w, simplifiedchinese.GBK.NewEncoder())
		defer tw.Close()
		w = tw
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := gocsv.MarshalCSV(rows, gocsv.NewSafeCSVWriter(cw)); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteCSVFile writes rows to dir/name, replacing the file atomically.
func WriteCSVFile(dir, name string, rows any, enc Encoding) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := WriteCSV(tmp, rows, enc); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes 0600
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}
