package extract

import (
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf16"
)

// BIFF8 records readXLS reads itself, because xlsReader skips or misreads
// them: FORMULA results, MULRK/RK numbers, MERGECELLS ranges, the date
// system and FILEPASS.

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
	return string(utf16.Decode(units))
}
