package extract

import (
	"os"
	"strconv"
	"testing"
)

// TestDumpEnv prints DumpPDFPage for PDFDUMP=file PDFPAGE=n (and
// PDFENGINE); it does nothing otherwise. A debugging aid.
func TestDumpEnv(t *testing.T) {
	path := os.Getenv("PDFDUMP")
	if path == "" {
		t.Skip("set PDFDUMP=file.pdf PDFPAGE=n to dump a page")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := strconv.Atoi(os.Getenv("PDFPAGE"))
	if err := DumpPDFPage(os.Stdout, data, max(page, 1), Options{PDFEngine: os.Getenv("PDFENGINE")}); err != nil {
		t.Fatal(err)
	}
}
