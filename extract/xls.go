package extract

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	unicode16 "unicode/utf16"

	"github.com/shakinm/xlsReader/cfb"
	"github.com/shakinm/xlsReader/xls"
	"github.com/shakinm/xlsReader/xls/structure"
	"github.com/shopspring/decimal"
)

// BIFF8 record types readXLS reads itself.
const (
	opFormula    = 0x0006
	opEOF        = 0x000A
	opFilePass   = 0x002F
	opDateMode   = 0x0022
	opBoundSheet = 0x0085
	opMulRK      = 0x00BD
	opMergeCells = 0x00E5
	opString     = 0x0207
	opRK         = 0x027E
	opBOF        = 0x0809
)

// noFormulaValue is the Problem of a formula cell whose result the file does
// not give.
const noFormulaValue = "formula cell: the .xls reader gives no value"

// readXLS reads a legacy Excel 97–2003 (BIFF8) workbook: one Page per sheet,
// cells as displayed (number formats applied), merged ranges as spans.
//
// Sheets, shared strings, cells and number formats come from
// github.com/shakinm/xlsReader. That library drops three things a budget
// table needs, so readXLS walks each sheet's records itself for them:
//   - FORMULA records, which xlsReader skips: their cached results, so a 合计
//     written as =B7+B8+B9 reads as its value (a formula without a usable
//     result gets Cell.Problem and a Note, never a silent blank);
//   - MERGECELLS records, which xlsReader does not expose: Cell.Span;
//   - RK numbers, whose integer forms xlsReader decodes as unsigned (a
//     negative integer amount would read as about a billion).
//
// It also checks what xlsReader does not: a truncated workbook stream, which
// xlsReader turns into an empty workbook and no error, and a FILEPASS record
// (an encrypted workbook). xlsReader indexes its input without bounds checks,
// so its panics on damaged files are recovered here as ErrDamaged.
func readXLS(source string, data []byte, opts Options) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &Error{Source: source, Err: fmt.Errorf("%w: .xls reader panicked: %v", ErrDamaged, r)}
		}
	}()
	stream, err := workbookStream(data)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	glob, err := scanGlobals(stream)
	if err != nil {
		return nil, &Error{Source: source, Err: err}
	}
	wb, err := xls.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Source: source, Err: fmt.Errorf("%w: %w", ErrDamaged, err)}
	}
	if n := wb.GetNumberSheets(); n != len(glob.sheets) {
		return nil, &Error{Source: source, Err: fmt.Errorf("%w: read %d of %d sheets", ErrDamaged, n, len(glob.sheets))}
	}
	doc = &Document{}
	for i := range wb.GetSheets() {
		sheet, _ := wb.GetSheet(i)
		extra, err := scanSheet(stream, int(glob.sheets[i]))
		if err != nil {
			return nil, &Error{Source: source, Page: sheet.GetName(), Err: err}
		}
		page, notes := xlsPage(&wb, sheet, extra, glob.date1904)
		page.Number = i + 1
		doc.Pages = append(doc.Pages, page)
		doc.Notes = append(doc.Notes, notes...)
	}
	return doc, nil
}

// workbookStream returns the Workbook stream of a compound file.
func workbookStream(data []byte) ([]byte, error) {
	if err := checkCFB(data); err != nil {
		return nil, err
	}
	c, err := cfb.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: compound file: %w", ErrDamaged, err)
	}
	var book, root *cfb.Directory
	for _, d := range c.GetDirs() {
		switch d.Name() {
		case "Workbook", "Book":
			if book == nil || d.Name() == "Workbook" {
				book = d
			}
		case "Root Entry":
			root = d
		case "EncryptedPackage":
			return nil, ErrEncrypted
		}
	}
	if book == nil || root == nil {
		return nil, fmt.Errorf("%w: no Workbook stream", ErrDamaged)
	}
	size := int64(book.GetStreamSize())
	if size > int64(len(data)) {
		return nil, fmt.Errorf("%w: Workbook stream declares %d bytes in a %d-byte file", ErrDamaged, size, len(data))
	}
	r, err := c.OpenObject(book, root)
	if err != nil {
		return nil, fmt.Errorf("%w: Workbook stream: %w", ErrDamaged, err)
	}
	stream := make([]byte, size)
	if _, err := io.ReadFull(r, stream); err != nil {
		return nil, fmt.Errorf("%w: Workbook stream: %w", ErrDamaged, err)
	}
	return stream, nil
}

// cfbEnd ends a sector chain.
const cfbEnd = 0xFFFFFFFE

// checkCFB checks the compound-file structures xlsReader follows without
// bounds before it is let near them: the sector counts in the header, and the
// chains of the directory and of the Workbook stream, which must end inside
// the file. On a chain that loops, xlsReader spins forever, allocating.
func checkCFB(data []byte) error {
	damaged := func(what string) error { return fmt.Errorf("%w: compound file: %s", ErrDamaged, what) }
	if len(data) < 512 {
		return damaged("shorter than its header")
	}
	shift := le16(data[30:])
	if shift != 9 && shift != 12 {
		return damaged("bad sector size")
	}
	size := 1 << shift
	sectors := uint32(len(data) / size)
	sector := func(id uint32) []byte {
		if id >= sectors-1 {
			return nil
		}
		return data[(int(id)+1)*size : (int(id)+2)*size]
	}
	numFAT, numDIFAT := le32(data[44:]), le32(data[72:])
	if numFAT > sectors || numDIFAT > numFAT/uint32(size/4-1)+1 {
		return damaged("sector counts larger than the file")
	}
	var fatIDs []uint32
	for i := range min(numFAT, 109) {
		fatIDs = append(fatIDs, le32(data[76+4*i:]))
	}
	for next, i := le32(data[68:]), uint32(0); i < numDIFAT; i++ {
		s := sector(next)
		if s == nil {
			return damaged("DIFAT sector outside the file")
		}
		for j := 0; j+4 < size; j += 4 {
			fatIDs = append(fatIDs, le32(s[j:]))
		}
		next = le32(s[size-4:])
	}
	var fat []uint32
	for _, id := range fatIDs[:min(int(numFAT), len(fatIDs))] {
		s := sector(id)
		if s == nil {
			return damaged("FAT sector outside the file")
		}
		for j := 0; j < size; j += 4 {
			fat = append(fat, le32(s[j:]))
		}
	}
	dir, err := cfbChain(fat, le32(data[48:]), sector)
	if err != nil {
		return damaged("directory: " + err.Error())
	}
	return checkBookChain(data, fat, dir, sector)
}

// checkBookChain checks the chain of the Workbook stream, chosen as
// xlsReader chooses it.
func checkBookChain(data []byte, fat []uint32, dir []byte, sector func(uint32) []byte) error {
	var book []byte
	for e := dir; len(e) >= 128; e = e[128:] {
		n := min(int(le16(e[64:])), 64)
		name := biffString(append([]byte{byte(n/2 - 1), 0, 1}, e[:n]...))
		if e[66] != 0 && (name == "Workbook" && book == nil || name == "Book") {
			book = e[:128]
		}
	}
	if book == nil {
		return nil // workbookStream reports it
	}
	start, length := le32(book[116:]), le32(book[120:])
	if length >= 4096 {
		if _, err := cfbChain(fat, start, sector); err != nil {
			return fmt.Errorf("%w: compound file: Workbook stream: %w", ErrDamaged, err)
		}
		return nil
	}
	// xlsReader reads the mini FAT as contiguous sectors.
	var mini []uint32
	first := le32(data[60:])
	for i := range le32(data[64:]) {
		s := sector(first + i)
		if s == nil {
			return fmt.Errorf("%w: compound file: mini FAT outside the file", ErrDamaged)
		}
		for j := 0; j < len(s); j += 4 {
			mini = append(mini, le32(s[j:]))
		}
	}
	for id, n := start, 0; id != cfbEnd; id, n = mini[id], n+1 {
		if int(id) >= len(mini) || n > len(mini) {
			return fmt.Errorf("%w: compound file: Workbook mini stream chain loops or leaves the file", ErrDamaged)
		}
	}
	return nil
}

// cfbChain returns the sectors of the chain that starts at id.
func cfbChain(fat []uint32, id uint32, sector func(uint32) []byte) ([]byte, error) {
	var out []byte
	for n := 0; ; n++ {
		s := sector(id)
		if s == nil || int(id) >= len(fat) || n > len(fat) {
			return nil, errors.New("sector chain loops or leaves the file")
		}
		out = append(out, s...)
		if id = fat[id]; id == cfbEnd {
			return out, nil
		}
	}
}

func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// xlsGlobals is what readXLS needs from the workbook globals.
type xlsGlobals struct {
	sheets   []uint32 // stream offset of each sheet's BOF, in sheet order
	date1904 bool
}

// scanGlobals reads the globals substream at the start of the stream.
func scanGlobals(stream []byte) (xlsGlobals, error) {
	var g xlsGlobals
	encrypted := false
	err := biffRecords(stream, 0, func(op uint16, body []byte) {
		switch {
		case op == opFilePass:
			encrypted = true
		case op == opDateMode && len(body) >= 2:
			g.date1904 = le16(body) == 1
		case op == opBoundSheet && len(body) >= 4:
			g.sheets = append(g.sheets, binary.LittleEndian.Uint32(body))
		}
	})
	switch {
	case encrypted:
		return g, ErrEncrypted
	case err != nil:
		return g, err
	}
	for _, off := range g.sheets {
		if int64(off)+4 > int64(len(stream)) {
			return g, fmt.Errorf("%w: sheet at offset %d past the end of the %d-byte stream", ErrDamaged, off, len(stream))
		}
	}
	return g, nil
}

// biffRecords calls fn with each record of the substream that starts with the
// BOF at pos, through its closing EOF (nested substreams, such as an embedded
// chart, are passed through).
func biffRecords(stream []byte, pos int, fn func(op uint16, body []byte)) error {
	depth := 0
	for {
		if pos < 0 || pos+4 > len(stream) {
			return fmt.Errorf("%w: workbook stream ends inside a sheet (offset %d)", ErrDamaged, pos)
		}
		op, n := le16(stream[pos:]), int(le16(stream[pos+2:]))
		if pos+4+n > len(stream) {
			return fmt.Errorf("%w: record %#04x at offset %d runs past the end of the stream", ErrDamaged, op, pos)
		}
		body := stream[pos+4 : pos+4+n]
		pos += 4 + n
		switch {
		case depth == 0 && op != opBOF:
			return fmt.Errorf("%w: substream at offset %d does not start with BOF", ErrDamaged, pos-4-n)
		case op == opBOF:
			depth++
		case op == opEOF:
			depth--
		}
		fn(op, body)
		if depth == 0 {
			return nil
		}
	}
}

func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }

// cellKey is a 0-based (row, col).
type cellKey struct{ row, col int }

// formulaCell is the cached result of a FORMULA record.
type formulaCell struct {
	xf      int
	num     float64
	text    string
	isText  bool // text holds the result (string, bool or error)
	problem string
}

// sheetExtra is what readXLS reads from a sheet's records besides xlsReader.
type sheetExtra struct {
	formulas map[cellKey]*formulaCell
	rk       map[cellKey]float64
	spans    map[cellKey]int // width of the merged range at its top-left cell
}

// scanSheet collects the formula results, RK numbers and merged ranges of the
// sheet whose BOF is at pos.
func scanSheet(stream []byte, pos int) (*sheetExtra, error) {
	x := &sheetExtra{formulas: map[cellKey]*formulaCell{}, rk: map[cellKey]float64{}, spans: map[cellKey]int{}}
	var pending *formulaCell // a string formula waiting for its STRING record
	err := biffRecords(stream, pos, func(op uint16, body []byte) {
		switch op {
		case opFormula:
			pending = x.addFormula(body)
		case opString:
			if pending != nil {
				pending.text, pending.problem = biffString(body), ""
				pending = nil
			}
		case opRK:
			if len(body) >= 10 {
				x.rk[cellKey{int(le16(body)), int(le16(body[2:]))}] = rkValue(binary.LittleEndian.Uint32(body[6:]))
			}
		case opMulRK:
			x.addMulRK(body)
		case opMergeCells:
			x.addMerges(body)
		}
	})
	return x, err
}

// addFormula records a FORMULA record's cached result; it returns the cell
// when the result is a string that follows in a STRING record.
func (x *sheetExtra) addFormula(b []byte) *formulaCell {
	if len(b) < 14 {
		return nil
	}
	f := &formulaCell{xf: int(le16(b[4:]))}
	x.formulas[cellKey{int(le16(b)), int(le16(b[2:]))}] = f
	res := b[6:14]
	if le16(res[6:]) != 0xFFFF {
		f.num = math.Float64frombits(binary.LittleEndian.Uint64(res))
		return nil
	}
	f.isText = true
	switch res[0] {
	case 0: // string, in the STRING record that follows
		f.problem = noFormulaValue
		return f
	case 1:
		f.text = map[bool]string{true: "TRUE", false: "FALSE"}[res[2] != 0]
	case 2:
		f.text = biffErrors[res[2]]
	case 3: // empty string
	default:
		f.problem = noFormulaValue
	}
	return nil
}

// biffErrors maps BIFF error codes to the text Excel displays.
var biffErrors = map[byte]string{0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}

// addMulRK records the numbers of a MULRK record (row, first col, n×(xf, rk), last col).
func (x *sheetExtra) addMulRK(b []byte) {
	if len(b) < 6 {
		return
	}
	row, col := int(le16(b)), int(le16(b[2:]))
	for i := 4; i+6 <= len(b)-2; i += 6 {
		x.rk[cellKey{row, col}] = rkValue(binary.LittleEndian.Uint32(b[i+2:]))
		col++
	}
}

// addMerges records the width of each range of a MERGECELLS record.
func (x *sheetExtra) addMerges(b []byte) {
	if len(b) < 2 {
		return
	}
	n := int(le16(b))
	for i := 0; i < n && 2+8*i+8 <= len(b); i++ {
		r := b[2+8*i:]
		row, col0, col1 := int(le16(r)), int(le16(r[4:])), int(le16(r[6:]))
		if col1 >= col0 {
			x.spans[cellKey{row, col0}] = col1 - col0 + 1
		}
	}
}

// rkValue decodes an RK number: a 30-bit signed integer or the top 30 bits
// of a double, either possibly scaled by 100.
func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

// biffString decodes a STRING record: a character count, a flag byte and the
// characters, 8-bit or UTF-16LE.
func biffString(b []byte) string {
	if len(b) < 3 {
		return ""
	}
	n, wide, chars := int(le16(b)), b[2]&1 != 0, b[3:]
	if !wide {
		runes := make([]rune, 0, n)
		for i := 0; i < n && i < len(chars); i++ {
			runes = append(runes, rune(chars[i]))
		}
		return string(runes)
	}
	units := make([]uint16, 0, n)
	for i := 0; i < n && 2*i+1 < len(chars); i++ {
		units = append(units, le16(chars[2*i:]))
	}
	return string(unicode16.Decode(units))
}

// xlsPage builds the Page of one sheet. Rows run from 1 through the last row
// holding a non-empty cell; rows of blank (formatted-only) cells after it are
// left out.
func xlsPage(wb *xls.Workbook, sheet *xls.Sheet, x *sheetExtra, date1904 bool) (Page, []Note) {
	page := Page{Name: sheet.GetName()}
	grid := map[cellKey]string{}
	var notes []Note
	last := -1
	add := func(k cellKey, text string) {
		if strings.TrimSpace(text) != "" {
			grid[k] = text
			last = max(last, k.row)
		}
	}
	for r, row := range sheet.GetRows() {
		for c, cell := range row.GetCols() {
			add(cellKey{r, c}, xlsCellText(wb, cell, x.rk[cellKey{r, c}], date1904))
		}
	}
	for k, f := range x.formulas {
		if f.problem != "" {
			grid[k] = ""
			last = max(last, k.row)
			notes = append(notes, Note{Page: page.Name, Row: k.row + 1, Col: k.col, Detail: f.problem})
			continue
		}
		text := f.text
		if !f.isText {
			text = formatNumber(f.num, xlsFormatCode(wb, f.xf), date1904)
		}
		delete(grid, k)
		add(k, text)
	}
	byRow := make([][]Cell, last+1)
	for k, text := range grid {
		span := max(x.spans[k], 1)
		cell := Cell{Col: k.col, Span: span, Text: text}
		if f := x.formulas[k]; f != nil {
			cell.Problem = f.problem
		}
		byRow[k.row] = append(byRow[k.row], cell)
	}
	for r, cells := range byRow {
		sortCells(cells)
		page.Rows = append(page.Rows, Row{Index: r + 1, Grid: 1, Cells: cells})
	}
	sortNotes(notes)
	return page, notes
}

// xlsCellText is the displayed text of a cell xlsReader read; rk is the
// value readXLS decoded itself for RK cells.
func xlsCellText(wb *xls.Workbook, cell structure.CellData, rk float64, date1904 bool) string {
	switch cell.GetType() {
	case "*record.Blank", "*record.FakeBlank":
		return ""
	case "*record.Rk":
		return formatNumber(rk, xlsFormatCode(wb, cell.GetXFIndex()), date1904)
	case "*record.Number":
		return formatNumber(cell.GetFloat64(), xlsFormatCode(wb, cell.GetXFIndex()), date1904)
	case "*record.BoolErr":
		return strings.Replace(cell.GetString(), "#NUM!!", "#NUM!", 1)
	}
	return cell.GetString()
}

// xlsFormatCode is the number format of cell format (XF) xf: a FORMAT
// record of the workbook, or else Excel's built-in format of that index.
func xlsFormatCode(wb *xls.Workbook, xf int) string {
	rec := wb.GetXFbyIndex(xf)
	id := rec.GetFormatIndex()
	f := wb.GetFormatByIndex(id)
	if code := f.String(); code != "" {
		return code
	}
	return builtinFormat(id)
}

func sortCells(cells []Cell) {
	slices.SortFunc(cells, func(a, b Cell) int { return cmp.Compare(a.Col, b.Col) })
}

func sortNotes(notes []Note) {
	slices.SortFunc(notes, func(a, b Note) int { return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.Col, b.Col)) })
}

// builtinFormat is the code of Excel's built-in number format id, as a
// Chinese (zh-CN) Excel displays it; unknown ids read as General.
func builtinFormat(id int) string {
	switch id {
	case 1:
		return "0"
	case 2:
		return "0.00"
	case 3:
		return "#,##0"
	case 4:
		return "#,##0.00"
	case 5, 6, 37, 38:
		return "#,##0_);(#,##0)"
	case 7, 8, 39, 40:
		return "#,##0.00_);(#,##0.00)"
	case 9:
		return "0%"
	case 10:
		return "0.00%"
	case 11:
		return "0.00E+00"
	case 14, 30:
		return "yyyy/m/d"
	case 15:
		return "d-mmm-yy"
	case 16:
		return "d-mmm"
	case 17:
		return "mmm-yy"
	case 18, 20, 32, 34:
		return "h:mm"
	case 19, 21, 33, 35:
		return "h:mm:ss"
	case 22:
		return "yyyy/m/d h:mm"
	case 27, 36, 50, 57:
		return `yyyy"年"m"月"`
	case 28, 29, 58:
		return `m"月"d"日"`
	case 31:
		return `yyyy"年"m"月"d"日"`
	case 41, 43:
		return "#,##0.00"
	case 42, 44:
		return "#,##0.00"
	case 45:
		return "mm:ss"
	case 48:
		return "##0.0E+0"
	}
	return "General"
}

// formatNumber renders v as number format code displays it: General, fixed
// decimals, thousands separators, percent, scientific, literal prefixes and
// suffixes, and dates. Rounding is Excel's: to 15 significant digits, then
// half away from zero.
func formatNumber(v float64, code string, date1904 bool) string {
	sections := splitSections(code)
	sec, neg := sections[0], v < 0
	switch {
	case len(sections) >= 3 && v == 0:
		sec = sections[2]
	case len(sections) >= 2 && v < 0:
		sec, v, neg = sections[1], -v, false // the section prints its own sign
	}
	lower := strings.ToLower(sec)
	switch {
	case lower == "" || strings.Contains(lower, "general") || lower == "@":
		return formatGeneral(v)
	case isDateFormat(lower):
		return formatDate(v, sec, date1904)
	}
	return formatFixed(v, sec, neg)
}

// splitSections splits a format code at the semicolons outside quotes.
func splitSections(code string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case c == '\\' && !quoted:
			i++
		case c == ';' && !quoted:
			out = append(out, code[start:i])
			start = i + 1
		}
	}
	return append(out, code[start:])
}

// formatGeneral prints v with up to 15 significant digits and no float noise.
func formatGeneral(v float64) string {
	if a := math.Abs(v); a != 0 && (a >= 1e15 || a < 1e-9) {
		return strings.ToUpper(strconv.FormatFloat(v, 'g', 6, 64))
	}
	return excelDecimal(v).String()
}

// excelDecimal is v rounded to the 15 significant digits Excel keeps.
func excelDecimal(v float64) decimal.Decimal {
	d, err := decimal.NewFromString(strconv.FormatFloat(v, 'g', 15, 64))
	if err != nil { // NaN or Inf, which a cell cannot hold
		return decimal.Zero
	}
	return d
}

// numPattern is the number part of a format section.
type numPattern struct {
	prefix, suffix strings.Builder
	minInt         int // 0s before the point
	decimals       int // placeholders after the point
	minDecimals    int // 0s after the point
	thousands      bool
	percent        int
	scientific     bool
}

// parsePattern splits a format section into literal prefix, number
// placeholders and literal suffix (literals between placeholders are dropped).
func parsePattern(sec string) *numPattern {
	p := &numPattern{}
	seen, point := false, false
	lit := func(s string) {
		if seen {
			p.suffix.WriteString(s)
		} else {
			p.prefix.WriteString(s)
		}
	}
	for i := 0; i < len(sec); i++ {
		c := sec[i]
		switch {
		case c == '"':
			end := strings.IndexByte(sec[i+1:], '"')
			if end < 0 {
				end = len(sec) - i - 1
			}
			lit(sec[i+1 : i+1+end])
			i += end + 1
		case c == '\\' || c == '_' || c == '*':
			if i+1 < len(sec) {
				i++
				lit(map[byte]string{'\\': string(sec[i]), '_': " ", '*': ""}[c])
			}
		case c == '[':
			end := strings.IndexByte(sec[i:], ']')
			if end < 0 {
				end = len(sec) - i - 1
			}
			if tag := sec[i+1 : i+end]; strings.HasPrefix(tag, "$") {
				lit(strings.SplitN(tag[1:], "-", 2)[0])
			}
			i += end
		case (c == '0' || c == '#' || c == '?') && p.scientific:
			// exponent digits
		case c == '0' || c == '#' || c == '?':
			seen = true
			p.suffix.Reset()
			if point {
				p.decimals++
				if c == '0' {
					p.minDecimals = p.decimals
				}
			} else if c == '0' {
				p.minInt++
			}
		case c == '.' && !point && (seen || i+1 < len(sec) && strings.IndexByte("0#?", sec[i+1]) >= 0):
			point, seen = true, true
			p.suffix.Reset()
		case c == ',' && seen && !point:
			p.thousands = true
		case (c == 'E' || c == 'e') && seen && i+1 < len(sec) && (sec[i+1] == '+' || sec[i+1] == '-'):
			p.scientific = true
			i++
		case c == '%':
			p.percent++
			lit("%")
		default:
			lit(string(c))
		}
	}
	return p
}

// formatFixed renders v with a fixed-point (or scientific) format section.
func formatFixed(v float64, sec string, neg bool) string {
	p := parsePattern(sec)
	for range p.percent {
		v *= 100
	}
	if p.scientific {
		s := strconv.FormatFloat(math.Abs(v), 'E', p.decimals, 64)
		return sign(neg && v != 0) + p.prefix.String() + s + p.suffix.String()
	}
	s := excelDecimal(math.Abs(v)).StringFixed(int32(p.decimals))
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	frac += strings.Repeat("0", max(p.minDecimals-len(frac), 0))
	if intPart == "0" && p.minInt == 0 {
		intPart = ""
	}
	if p.thousands {
		intPart = groupThousands(intPart)
	}
	num := intPart
	if frac != "" {
		num += "." + frac
	}
	neg = neg && strings.Trim(num, "0.,") != ""
	return sign(neg) + p.prefix.String() + num + p.suffix.String()
}

func sign(neg bool) string {
	if neg {
		return "-"
	}
	return ""
}

// groupThousands puts a comma between each group of three digits.
func groupThousands(digits string) string {
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// isDateFormat reports whether a lower-cased format section shows a date
// or time: it has y, m, d, h or s outside quotes and brackets other than [h].
func isDateFormat(lower string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(lower); i++ {
		switch c := lower[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == '[':
			bracket = true
			if strings.HasPrefix(lower[i:], "[h]") || strings.HasPrefix(lower[i:], "[m") || strings.HasPrefix(lower[i:], "[s") {
				return true
			}
		case c == ']':
			bracket = false
		case !bracket && strings.IndexByte("ymdhs", c) >= 0:
			return true
		}
	}
	return false
}

// formatDate renders serial date v with a date/time format section.
func formatDate(v float64, sec string, date1904 bool) string {
	t := excelTime(v, date1904)
	var b strings.Builder
	lower := strings.ToLower(sec)
	hour := false // the last h token, so that a following m is minutes
	for i := 0; i < len(sec); {
		run := tokenRun(lower, i)
		tok := lower[i : i+run]
		switch {
		case sec[i] == '"':
			end := strings.IndexByte(sec[i+1:], '"')
			if end < 0 {
				end = len(sec) - i - 1
			}
			b.WriteString(sec[i+1 : i+1+end])
			i += end + 2
			continue
		case sec[i] == '\\' && i+1 < len(sec):
			b.WriteByte(sec[i+1])
			i += 2
			continue
		case sec[i] == '[':
			end := max(strings.IndexByte(sec[i:], ']'), 0)
			if strings.HasPrefix(lower[i:], "[h]") {
				fmt.Fprintf(&b, "%d", int(v*24))
			}
			i += end + 1
			continue
		case strings.HasPrefix(lower[i:], "am/pm"):
			b.WriteString(map[bool]string{true: "PM", false: "AM"}[t.Hour() >= 12])
			i += 5
			continue
		case tok[0] == 'y':
			b.WriteString(map[bool]string{true: t.Format("06"), false: t.Format("2006")}[run <= 2])
		case tok[0] == 'm' && (hour || strings.HasPrefix(strings.TrimLeft(lower[i+run:], ":"), "s")):
			b.WriteString(pad(t.Minute(), run))
		case tok[0] == 'm':
			b.WriteString([]string{"", t.Format("1"), t.Format("01"), t.Format("Jan"), t.Format("January"), t.Format("Jan")[:1]}[min(run, 5)])
		case tok[0] == 'd':
			b.WriteString([]string{"", t.Format("2"), t.Format("02"), t.Format("Mon"), t.Format("Monday")}[min(run, 4)])
		case tok[0] == 'h':
			h := t.Hour()
			if strings.Contains(lower, "am/pm") {
				h = (h+11)%12 + 1
			}
			b.WriteString(pad(h, run))
		case tok[0] == 's':
			b.WriteString(pad(t.Second(), run))
		default:
			b.WriteString(sec[i : i+run])
		}
		hour = tok[0] == 'h' || (hour && strings.IndexByte("ymds", tok[0]) < 0)
		i += run
	}
	return b.String()
}

// tokenRun is the length of the run of one date letter at i (1 for others).
func tokenRun(lower string, i int) int {
	if strings.IndexByte("ymdhs", lower[i]) < 0 {
		return 1
	}
	n := 1
	for i+n < len(lower) && lower[i+n] == lower[i] {
		n++
	}
	return n
}

func pad(n, width int) string {
	if width >= 2 {
		return fmt.Sprintf("%02d", n)
	}
	return strconv.Itoa(n)
}

// excelTime converts a serial date to a time (the 1900 system counts the
// nonexistent 1900-02-29, so serials from 61 on are one day ahead).
func excelTime(v float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case v >= 61:
		base = base.AddDate(0, 0, -1)
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}
