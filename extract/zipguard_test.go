package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// smallZip builds a zip whose entries hold the given sizes of zeros.
func smallZip(t testing.TB, parts map[string]int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, n := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(make([]byte, n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheckZip(t *testing.T) {
	parts := map[string]int{
		"[Content_Types].xml":      100,
		"xl/workbook.xml":          100,
		"xl/worksheets/sheet1.xml": 4000,
		"xl/sharedStrings.xml":     2000,
		"xl/media/image1.png":      9000, // not bounded
	}
	data := smallZip(t, parts)
	tests := []struct {
		name     string
		data     []byte
		max      int64
		want     error
		wantPart string
	}{
		{"within the limit", data, 5000, nil, ""},
		{"default limit", data, 0, nil, ""},
		{"sheet over", data, 3000, ErrTooLarge, "xl/worksheets/sheet1.xml"},
		{"shared strings over", smallZip(t, map[string]int{"xl/sharedStrings.xml": 2000}), 1000, ErrTooLarge, "xl/sharedStrings.xml"},
		{"truncated", data[:len(data)/2], 5000, ErrDamaged, ""},
		{"empty", nil, 5000, ErrDamaged, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkZip(tt.data, tt.max)
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantPart) {
				t.Errorf("got %q, want it to name %q", err, tt.wantPart)
			}
		})
	}
}

// TestCheckZipBomb checks that the 2 GB sheet of the shared zip bomb is
// refused from its directory entry: fast, and without inflating it.
func TestCheckZipBomb(t *testing.T) {
	data, err := os.ReadFile(needShared(t, "bad/zip-bomb-2GB-sheet.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	err = checkZip(data, DefaultMaxSheetBytes)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "xl/worksheets/") {
		t.Errorf("got %v, want ErrTooLarge naming the sheet", err)
	}
	if took > 500*time.Millisecond {
		t.Errorf("took %v, want well under a second", took)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("allocated %d bytes, want a bounded few MB", grew)
	}
}

func TestCheckZipTruncated(t *testing.T) {
	data, err := os.ReadFile(needShared(t, "bad/truncated.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := checkZip(data, DefaultMaxSheetBytes); !errors.Is(err, ErrDamaged) {
		t.Errorf("got %v, want ErrDamaged", err)
	}
}

// TestSniffBadCorpus checks that the shared bad files are classified by
// content, not name.
func TestSniffBadCorpus(t *testing.T) {
	tests := []struct {
		file    string
		want    Format
		wantErr error
	}{
		{"password-protected.xlsx", XLSX, ErrEncrypted},
		{"not-a-pdf.pdf", "", ErrUnknown},
		{"empty.pdf", "", ErrEmpty},
		{"pdf-named.xlsx", PDF, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(needShared(t, "bad/"+tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Sniff(data)
			if got != tt.want || !errors.Is(err, tt.wantErr) || tt.wantErr == nil && err != nil {
				t.Errorf("got %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// FuzzCheckZip feeds checkZip damaged zips: it must return, never panic.
func FuzzCheckZip(f *testing.F) {
	data := smallZip(f, map[string]int{"xl/worksheets/sheet1.xml": 1000, "xl/sharedStrings.xml": 10})
	f.Add(data, int64(500))
	f.Add(data[:len(data)-10], int64(0))
	f.Fuzz(func(t *testing.T, data []byte, max int64) {
		err := checkZip(data, max)
		if err != nil && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTooLarge) {
			t.Errorf("got %v, want nil, ErrDamaged or ErrTooLarge", err)
		}
	})
}
