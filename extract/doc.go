// Package extract turns the bytes of a published disclosure (PDF, .xlsx or
// legacy .xls) into raw pages: rows of text cells with their positions. It
// knows nothing about budget tables; recognizing them is transform's job.
//
// Every reader produces the same shape, a Document of Pages of Rows of Cells,
// so that one table recognizer serves all formats:
//
//   - Excel: one Page per sheet; a Row per sheet row that holds a non-empty
//     cell, Row.Index being the sheet row number (rows without cells are left
//     out, so a sheet costs what it holds); a Cell per non-empty cell, with
//     Col the 0-based column and Span the width of its merged range.
//   - PDF: one Page per page; a Row per line of text (or per ruled row in a
//     table). Ruled tables (pdf_grid.go, pdf_table.go) split cells at their
//     rules; tables without rules (pdf_align*.go) get their columns from the
//     alignment of their text. Col indexes the columns of the table (Grid)
//     the row belongs to, so rows of one table on one page share column
//     numbers, and X0/X1 say where a cell stands, so rows of the same table
//     on another page can be placed by position (transform does that). A
//     title or narrative line is a Row of Grid 0, one cell per run of text.
//     The text layer comes from the Go engine (pdf_go*.go: this package's
//     own reader of the file's objects and walk of its content streams,
//     which boxes glyphs the way PDFium's text page does) or from PDFium in
//     WebAssembly (pdf_pdfium*.go), which EngineAuto starts only for a
//     document the Go engine cannot open or does not read exactly.
package extract
