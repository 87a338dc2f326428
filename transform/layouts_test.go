package transform

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

var update = flag.Bool("update", false, "rewrite testdata/layouts/*.golden")

// TestLayouts transforms documents written as page dumps (testdata/layouts/
// *.txt, in the row format of `budgetetl inspect --page`) and compares the
// facts and the checks that do not pass with the .golden file beside each.
// The inputs model real layouts with made-up figures, so the tests cover
// the transform without the PDF engines or ../shared.
func TestLayouts(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "layouts", "*.txt"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".txt")
		t.Run(name, func(t *testing.T) {
			doc, err := readDump(in)
			if err != nil {
				t.Fatal(err)
			}
			res := Transform(doc, Meta{DocID: name, Source: name + ".pdf"})
			got := describe(res)
			golden := strings.TrimSuffix(in, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./transform -run TestLayouts -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// describe prints what a test asserts: the document, every fact, every
// check that did not pass and how many of each check passed.
func describe(res *Result) string {
	var b strings.Builder
	i := res.Info
	fmt.Fprintf(&b, "unit_name=%s year=%s kind=%s unit=%s tables=%s empty=%s\n",
		i.UnitName, i.Year, i.DocKind, i.Unit, dataset.JoinTables(i.TablesFound), dataset.JoinTables(i.TablesEmpty))
	if i.NotDisclosure != "" {
		fmt.Fprintf(&b, "not_disclosure=%s\n", i.NotDisclosure)
	}
	for _, f := range res.Facts {
		fmt.Fprintf(&b, "p%s r%d %s %s %s func=%s econ=%s src=%s %q %s %s",
			f.Page, f.Row, f.Table, f.Flow, f.RowKind, f.FuncCode, f.EconCode, f.CodeSource, f.Item, f.Column, f.AmountYuan)
		if f.GovEconCode != "" {
			fmt.Fprintf(&b, " gov=%s", f.GovEconCode)
		}
		if f.SubUnit != "" {
			fmt.Fprintf(&b, " sub_unit=%s", f.SubUnit)
		}
		b.WriteByte('\n')
	}
	passed := map[dataset.CheckID]int{}
	for _, c := range res.Checks {
		if c.Status != "pass" {
			fmt.Fprintf(&b, "check %s %s %s: %s\n", c.Status, c.Check, c.Table, c.Detail)
		} else {
			passed[c.Check]++
		}
	}
	ids := make([]dataset.CheckID, 0, len(passed))
	for id := range passed {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		fmt.Fprintf(&b, "passed %s %d\n", id, passed[id])
	}
	return b.String()
}

// readDump reads a document written as page dumps: "== page N" starts a
// page, "== sheet NAME" a workbook's sheet (the document is then a
// workbook); each other line is "gN | col[+span][@x0-x1]:text | …" (a cell
// stands at x = col*100 unless @ says otherwise); # starts a comment.
func readDump(path string) (*extract.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseDump(path, f)
}

// parseDump reads a page dump from r; path names it in errors.
func parseDump(path string, r io.Reader) (*extract.Document, error) {
	doc := &extract.Document{Source: path, Format: extract.PDF}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "== page "):
			num, err := strconv.Atoi(strings.TrimPrefix(line, "== page "))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n, err)
			}
			doc.Pages = append(doc.Pages, extract.Page{Number: num, Name: strconv.Itoa(num)})
			continue
		case strings.HasPrefix(line, "== sheet "):
			doc.Format = extract.XLSX
			doc.Pages = append(doc.Pages, extract.Page{Number: len(doc.Pages) + 1, Name: strings.TrimPrefix(line, "== sheet ")})
			continue
		}
		if len(doc.Pages) == 0 {
			return nil, fmt.Errorf("%s:%d: row before the first page", path, n)
		}
		row, err := parseDumpRow(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		p := &doc.Pages[len(doc.Pages)-1]
		row.Index = len(p.Rows) + 1
		row.Y = float64(row.Index * 20)
		p.Rows = append(p.Rows, row)
	}
	return doc, sc.Err()
}

func parseDumpRow(line string) (extract.Row, error) {
	parts := strings.Split(line, " | ")
	var r extract.Row
	grid, err := strconv.Atoi(strings.TrimPrefix(parts[0], "g"))
	if err != nil {
		return r, fmt.Errorf("grid %q: %w", parts[0], err)
	}
	r.Grid = grid
	for _, p := range parts[1:] {
		pos, text, ok := strings.Cut(p, ":")
		if !ok {
			return r, fmt.Errorf("cell %q: want col[+span]:text", p)
		}
		pos, xs, hasX := strings.Cut(pos, "@")
		colText, spanText, hasSpan := strings.Cut(pos, "+")
		col, err := strconv.Atoi(colText)
		if err != nil {
			return r, fmt.Errorf("cell %q: %w", p, err)
		}
		span := 1
		if hasSpan {
			if span, err = strconv.Atoi(spanText); err != nil {
				return r, fmt.Errorf("cell %q: %w", p, err)
			}
		}
		c := extract.Cell{Col: col, Span: span, Text: text, X0: float64(col * 100), X1: float64((col + span) * 100)}
		if hasX {
			// col@x0-x1: where the cell stands, when not at col*100
			x0, x1, _ := strings.Cut(xs, "-")
			if c.X0, err = strconv.ParseFloat(x0, 64); err != nil {
				return r, fmt.Errorf("cell %q: %w", p, err)
			}
			if c.X1, err = strconv.ParseFloat(x1, 64); err != nil {
				return r, fmt.Errorf("cell %q: %w", p, err)
			}
		}
		r.Cells = append(r.Cells, c)
	}
	return r, nil
}
