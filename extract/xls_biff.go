package extract

import (
	"encoding/binary"
	"fmt"
)

// The BIFF8 records of a legacy .xls Workbook stream: walking a substream,
// and what the workbook globals say (sheets, date system, encryption, shared
// strings, cell formats and number formats).

// BIFF8 record types readXLS reads.
const (
	opFormula    = 0x0006
	opEOF        = 0x000A
	opDateMode   = 0x0022
	opFilePass   = 0x002F
	opContinue   = 0x003C
	opBoundSheet = 0x0085
	opMulRK      = 0x00BD
	opRString    = 0x00D6
	opXF         = 0x00E0
	opMergeCells = 0x00E5
	opSST        = 0x00FC
	opLabelSST   = 0x00FD
	opNumber     = 0x0203
	opLabel      = 0x0204
	opBoolErr    = 0x0205
	opString     = 0x0207
	opRK         = 0x027E
	opFormat     = 0x041E
	opBOF        = 0x0809
)

// xlsGlobals is what the workbook globals substream says.
type xlsGlobals struct {
	sheets   []xlsSheet // in sheet order
	date1904 bool
	strings  []string // the shared string table
	badText  []bool   // strings holding UTF-16 that does not decode
	xfs      []uint16 // the number format index of each cell format (XF)
	formats  map[uint16]string
}

// xlsSheet is one BOUNDSHEET: a sheet's name and the stream offset of its BOF.
type xlsSheet struct {
	name   string
	offset uint32
	hidden bool // the workbook does not show the sheet (hidden or very hidden)
}

// scanGlobals reads the globals substream at the start of the stream.
func scanGlobals(stream []byte) (*xlsGlobals, error) {
	g := &xlsGlobals{formats: map[uint16]string{}}
	encrypted := false
	var sst [][]byte // the SST record and the CONTINUE records after it
	prev := uint16(0)
	err := biffRecords(stream, 0, func(op uint16, body []byte) {
		switch {
		case op == opFilePass:
			encrypted = true
		case op == opDateMode && len(body) >= 2:
			g.date1904 = le16(body) == 1
		case op == opBoundSheet && len(body) >= 8:
			name, _, _ := (&biffCont{parts: [][]byte{body[8:]}}).chars(int(body[6]), body[7]&1 != 0, false)
			g.sheets = append(g.sheets, xlsSheet{name: name, offset: le32(body), hidden: body[4]&3 != 0})
		case op == opSST:
			sst = [][]byte{body}
		case op == opContinue && (prev == opSST || prev == opContinue) && sst != nil:
			sst = append(sst, body)
		case op == opXF && len(body) >= 4:
			g.xfs = append(g.xfs, le16(body[2:]))
		case op == opFormat && len(body) >= 2:
			c := &biffCont{parts: [][]byte{body[2:]}}
			if s, _, ok := c.unicodeString(); ok {
				g.formats[le16(body)] = s
			}
		}
		if op != opContinue || prev != opSST && prev != opContinue {
			prev = op
		}
	})
	switch {
	case encrypted:
		return g, ErrEncrypted
	case err != nil:
		return g, err
	}
	for _, s := range g.sheets {
		if int64(s.offset)+4 > int64(len(stream)) {
			return g, fmt.Errorf("%w: sheet at offset %d past the end of the %d-byte stream", ErrDamaged, s.offset, len(stream))
		}
	}
	if sst != nil {
		g.strings, g.badText, err = decodeSST(sst)
	}
	return g, err
}

// formatCode is the number format code of cell format xf: a FORMAT record of
// the workbook, or else Excel's built-in format of that index.
func (g *xlsGlobals) formatCode(xf int) string {
	if xf < 0 || xf >= len(g.xfs) {
		return "General"
	}
	id := g.xfs[xf]
	if code, ok := g.formats[id]; ok && len(code) <= maxFormatCode {
		return code
	}
	return builtinFormat(int(id))
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

// decodeSST decodes the shared string table from the SST record and the
// CONTINUE records after it. A table that ends before the count it declares
// keeps the strings it holds (cells past them get Notes).
func decodeSST(parts [][]byte) ([]string, []bool, error) {
	c := &biffCont{parts: parts}
	if !c.skip(4) {
		return nil, nil, nil
	}
	n, ok := c.u32()
	if !ok {
		return nil, nil, nil
	}
	var strs []string
	var bad []bool
	for range n {
		if len(strs) >= maxCells {
			return nil, nil, fmt.Errorf("%w: the shared string table holds more than %d strings", ErrTooLarge, maxCells)
		}
		s, b, ok := c.richString()
		if !ok {
			break
		}
		strs, bad = append(strs, s), append(bad, b)
	}
	return strs, bad, nil
}
