package extract

// Format is the container format of an input, detected from its content.
type Format string

// The formats budgetetl reads.
const (
	PDF  Format = "pdf"
	XLSX Format = "xlsx"
	XLS  Format = "xls"
)

// Document is the raw content of one input file.
type Document struct {
	Source string // the path as given to the run
	Format Format
	// Engine names the PDF engine that read the document (EngineGo or
	// EnginePDFium); empty for workbooks.
	Engine string
	Pages  []Page
	// Notes are problems the reader met that did not stop it (a formula
	// cell with no cached value, an unreadable page). Transform reports them
	// in checks.csv; they are never turned into silent zeros.
	Notes []Note

	limit error // the first page a reader limit stopped (PDF), for the document's error
}

// Page is one sheet of a workbook or one page of a PDF.
type Page struct {
	Number int    // 1-based position in the document
	Name   string // the sheet name, or the page number as text for PDF
	Rows   []Row

	pdfium bool // a PDF page PDFium read (in an EngineMixed document: one the Go engine handed on)
}

// Row is one line of a page, top to bottom.
type Row struct {
	Index int     // 1-based sheet row, or 1-based line number on a PDF page
	Y     float64 // PDF: top of the line in points from the page top; 0 for Excel
	Cells []Cell  // ordered by Col; empty cells are left out
	// Grid identifies the ruled (or aligned) table a PDF row belongs to;
	// rows with the same non-zero Grid on a page share column numbers.
	// Zero for free text. Excel rows all have Grid 1 (the sheet grid).
	Grid int
}

// Cell is one non-empty cell.
type Cell struct {
	Col  int    // 0-based column
	Span int    // number of columns the cell covers (merged range width), >= 1
	Text string // the text as displayed, line breaks inside the cell joined
	// Problem, when set, says why the text is not the value the document
	// shows (for instance a formula whose result the reader cannot give).
	Problem string
	// X0, X1 are, in a PDF, the left and right edge in points: the ruled
	// cell's bounds, or the text's extent in a table without rules (and in
	// free text). 0 for Excel.
	X0, X1 float64
}

// Note is a reader problem that did not stop the document.
type Note struct {
	Page   string // sheet name or page number
	Row    int
	Col    int
	Detail string
}

// Width is the number of columns the row reaches: its last cell's column
// plus one (cells are ordered by column), or 0 for an empty row.
func (r Row) Width() int {
	if n := len(r.Cells); n > 0 {
		return r.Cells[n-1].Col + 1
	}
	return 0
}

// Cell returns the cell at column col, if the row has one there.
func (r Row) Cell(col int) (Cell, bool) {
	for _, c := range r.Cells {
		if c.Col == col {
			return c, true
		}
	}
	return Cell{}, false
}

// Text returns the text of the cell at column col, or "" when the row has
// none there.
func (r Row) Text(col int) string {
	c, _ := r.Cell(col)
	return c.Text
}
