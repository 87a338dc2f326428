// Package extract turns the bytes of a published disclosure (PDF, .xlsx or
// legacy .xls) into raw pages: rows of text cells with their positions. It
// knows nothing about budget tables; recognizing them is transform's job.
//
// Every reader produces the same shape, a Document of Pages of Rows of Cells,
// so that one table recognizer serves all formats:
//
//   - Excel: one Page per sheet; a Row per sheet row (empty rows are kept, so
//     Row.Index is the sheet row number); a Cell per non-empty cell, with
//     Col the 0-based column and Span the width of its merged range.
//   - PDF: one Page per page; a Row per line of text (or per ruled row in a
//     table); cells split at ruling lines or, without rules, at wide gaps.
//     Col indexes the column bands of the table the row belongs to, so rows
//     of one table share column numbers; a title or narrative line is a Row
//     with a single cell.
package extract
