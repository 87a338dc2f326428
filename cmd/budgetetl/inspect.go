package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/transform"
	"github.com/urfave/cli/v2"
)

func inspectCommand() *cli.Command {
	return &cli.Command{
		Name:      "inspect",
		Usage:     "print the raw tables found in one file (for a document that reads wrong)",
		ArgsUsage: "FILE",
		Description: `Prints every table recognized in FILE: its id, title, unit, unit name,
   header rows and body rows with their cells (column:text). Rows outside
   tables are listed after. With --page N on a PDF it prints that page's glyph
   lines and the reconstructed grid instead.

   Example:
      budgetetl inspect samples/jincheng-2026.xlsx
      budgetetl inspect --page 9 report.pdf`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "page", Usage: "PDF: dump the text layer and grid of page `N`"},
			&cli.StringFlag{Name: "pdf-engine", Value: extract.EngineAuto, Usage: "PDF text engine: auto (the Go engine, PDFium for the documents it does not read exactly), go or pdfium"},
		},
		Action: inspectAction,
	}
}

func inspectAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageError{errors.New("inspect: name one FILE (see budgetetl inspect --help)")}
	}
	path := c.Args().First()
	opts := extract.Options{PDFEngine: c.String("pdf-engine")}
	if n := c.Int("page"); n > 0 {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return extract.DumpPDFPage(os.Stdout, data, n, opts)
	}
	doc, err := extract.ReadFile(path, opts)
	if err != nil {
		return err
	}
	printDocument(os.Stdout, doc)
	return nil
}

func printDocument(w io.Writer, doc *extract.Document) {
	tables, loose := transform.Segment(doc)
	fmt.Fprintf(w, "%s: %s, %d pages, %d tables\n", doc.Source, doc.Format, len(doc.Pages), len(tables))
	for _, n := range doc.Notes {
		fmt.Fprintf(w, "note: page %s row %d col %d: %s\n", n.Page, n.Row, n.Col, n.Detail)
	}
	for _, t := range tables {
		fmt.Fprintf(w, "\n== %s  %q  page %s  unit %q  unit name %q  empty=%v\n", t.ID, t.Title, t.Page, t.Unit, t.UnitName, t.Empty)
		for _, r := range t.Header {
			fmt.Fprintf(w, "  header  %s\n", cells(r))
		}
		for _, e := range transform.Explain(t) {
			fmt.Fprintf(w, "  column  %s\n", e)
		}
		for _, b := range t.Body {
			fmt.Fprintf(w, "  p%-4s %s\n", b.Page, cells(b.Row))
		}
	}
	if len(loose) > 0 {
		fmt.Fprintf(w, "\n== outside tables (%d lines)\n", len(loose))
		for _, l := range loose {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
}

func cells(r extract.Row) string {
	parts := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		parts[i] = fmt.Sprintf("%d:%s", c.Col, c.Text)
		if c.Span > 1 {
			parts[i] += fmt.Sprintf("(span %d)", c.Span)
		}
		if c.Problem != "" {
			parts[i] += " [" + c.Problem + "]"
		}
	}
	return strings.Join(parts, " | ")
}
