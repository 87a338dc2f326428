package extract

import (
	"bytes"
	"errors"
	"fmt"
)

// Cross-reference tables and streams, and their repair: when the table is
// missing or wrong (a truncated file, bytes deleted or inserted), the
// objects are found by scanning the file for "n g obj", as PDFium does.

// maxObjectNumber bounds the object numbers the Go engine indexes.
const maxObjectNumber = 1 << 23

// maxXrefSections bounds the /Prev chain of cross-reference sections.
const maxXrefSections = 256

// xrefEntry says where an object is.
type xrefEntry struct {
	kind   uint8 // 0 absent or free, 1 in the file, 2 in an object stream
	off    int   // kind 1: offset of "n g obj"; kind 2: index in the object stream
	stream int   // kind 2: number of the object stream
}

// errNoXref is wrapped when no cross-reference table can be read.
var errNoXref = errors.New("no cross-reference table")

// set records e for object num unless a newer section already did.
func setEntry(table *[]xrefEntry, num int, e xrefEntry) {
	if num <= 0 || num >= maxObjectNumber {
		return
	}
	for len(*table) <= num {
		*table = append(*table, xrefEntry{})
	}
	if (*table)[num].kind == 0 {
		(*table)[num] = e
	}
}

// readXref reads the cross-reference sections from the last startxref,
// newest first, and returns the newest trailer.
func (d *goDoc) readXref() error {
	i := bytes.LastIndex(d.data, []byte("startxref"))
	if i < 0 {
		return fmt.Errorf("%w: no startxref", errNoXref)
	}
	lx := lexer{data: d.data, pos: i + len("startxref")}
	t := lx.next()
	if t.kind != tNum || !t.isInt || t.num <= 0 || int(t.num) >= len(d.data) {
		return fmt.Errorf("%w: startxref does not point into the file", errNoXref)
	}
	seen := map[int]bool{}
	for off, n := int(t.num), 0; off > 0; n++ {
		if seen[off] || n >= maxXrefSections {
			break // a /Prev loop
		}
		seen[off] = true
		trailer, err := d.readSection(off)
		if err != nil {
			return err
		}
		if d.trailer == nil {
			d.trailer = trailer
		}
		if xs, ok := trailer["XRefStm"].(int); ok && !seen[xs] { // a hybrid file
			seen[xs] = true
			if _, err := d.readSection(xs); err != nil {
				return err
			}
		}
		off, _ = trailer["Prev"].(int)
	}
	return nil
}

// readSection reads the table or stream at off.
func (d *goDoc) readSection(off int) (pdfDict, error) {
	if off <= 0 || off >= len(d.data) {
		return nil, fmt.Errorf("%w: section offset %d outside the file", errNoXref, off)
	}
	lx := lexer{data: d.data, pos: off}
	if t := lx.next(); t.kind == tKeyword && string(t.b) == "xref" {
		return d.readTable(&lx)
	}
	return d.readXrefStream(off)
}

// readTable reads "xref" subsections and the trailer after them.
func (d *goDoc) readTable(lx *lexer) (pdfDict, error) {
	for {
		t := lx.next()
		if t.kind == tKeyword && string(t.b) == "trailer" {
			p := parser{lx: *lx, refs: true}
			v, err := p.parseObject(0)
			trailer, ok := v.(pdfDict)
			if err != nil || !ok {
				return nil, fmt.Errorf("%w: damaged trailer", errNoXref)
			}
			return trailer, nil
		}
		count := lx.next()
		if t.kind != tNum || count.kind != tNum || t.num < 0 || count.num < 0 {
			return nil, fmt.Errorf("%w: damaged table at offset %d", errNoXref, t.start)
		}
		first, n := int(t.num), int(count.num)
		for i := 0; i < n; i++ {
			off, gen, kind := lx.next(), lx.next(), lx.next()
			if off.kind != tNum || gen.kind != tNum || kind.kind != tKeyword {
				return nil, fmt.Errorf("%w: damaged entry %d at offset %d", errNoXref, first+i, off.start)
			}
			if string(kind.b) == "n" && off.num > 0 {
				setEntry(&d.xref, first+i, xrefEntry{kind: 1, off: int(off.num)})
			} else {
				setEntry(&d.xref, first+i, xrefEntry{kind: 3}) // free: newer than what older sections say
			}
		}
	}
}

// readXrefStream reads a cross-reference stream object at off.
func (d *goDoc) readXrefStream(off int) (pdfDict, error) {
	ind, err := parseIndirect(d.data, off)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoXref, err)
	}
	dict, ok := ind.value.(pdfDict)
	if !ok || ind.streamData < 0 || dict["Type"] != pdfName("XRef") {
		return nil, fmt.Errorf("%w: no table or stream at offset %d", errNoXref, off)
	}
	length, _ := dict["Length"].(int) // a reference here could not be resolved yet
	s := &pdfStream{dict: dict, raw: d.data[ind.streamData:streamEnd(d.data, ind.streamData, length)], num: ind.num}
	data, err := d.decode(s, maxXrefStreamBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: stream object %d: %w", errNoXref, ind.num, err)
	}
	w := intArray(dict["W"])
	if len(w) != 3 || w[0] < 0 || w[1] < 0 || w[2] < 0 || w[0] > 8 || w[1] > 8 || w[2] > 8 || w[0]+w[1]+w[2] == 0 {
		return nil, fmt.Errorf("%w: stream object %d has a bad /W", errNoXref, ind.num)
	}
	index := intArray(dict["Index"])
	if index == nil {
		size, _ := dict["Size"].(int)
		index = []int{0, size}
	}
	row := w[0] + w[1] + w[2]
	for k := 0; k+1 < len(index) && len(data) >= row; k += 2 {
		for num := index[k]; num < index[k]+index[k+1] && len(data) >= row; num++ {
			typ := 1
			if w[0] > 0 {
				typ = beInt(data[:w[0]])
			}
			a, b := beInt(data[w[0]:w[0]+w[1]]), beInt(data[w[0]+w[1]:row])
			data = data[row:]
			switch typ {
			case 1:
				setEntry(&d.xref, num, xrefEntry{kind: 1, off: a})
			case 2:
				setEntry(&d.xref, num, xrefEntry{kind: 2, stream: a, off: b})
			default:
				setEntry(&d.xref, num, xrefEntry{kind: 3})
			}
		}
	}
	return dict, nil
}

// maxXrefStreamBytes bounds a decoded cross-reference stream.
const maxXrefStreamBytes = 64 << 20

func beInt(b []byte) int {
	v := 0
	for _, c := range b {
		v = v<<8 | int(c)
	}
	return v
}

// intArray reads an array of direct integers.
func intArray(v any) []int {
	a, ok := v.(pdfArray)
	if !ok {
		return nil
	}
	out := make([]int, 0, len(a))
	for _, x := range a {
		n, ok := x.(int)
		if !ok || n < 0 {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// scanObjects finds every "n g obj" in the file (the last definition of a
// number wins, as an incremental update would have it) and the trailers
// and cross-reference stream dictionaries that may name the catalog.
func (d *goDoc) scanObjects() {
	d.scan = map[int]int{}
	data := d.data
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("obj"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + 3
		if i < len(data) && isRegular(data[i]) {
			continue // "objects", "endobj" is caught below
		}
		if start, num, ok := objHeaderBefore(data, at); ok && num > 0 && num < maxObjectNumber {
			d.scan[num] = start
		}
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("trailer"))
		if j < 0 {
			break
		}
		i += j + len("trailer")
		p := parser{lx: lexer{data: data, pos: i}, refs: true}
		if v, err := p.parseObject(0); err == nil {
			if t, ok := v.(pdfDict); ok && t["Root"] != nil {
				d.scanTrailer = t
			}
		}
	}
}

// objHeaderBefore reads "n g " backwards from the "obj" at at.
func objHeaderBefore(data []byte, at int) (start, num int, ok bool) {
	i := at
	if i > 0 && isSpace(data[i-1]) {
		i--
	}
	for i > 0 && isSpace(data[i-1]) {
		i--
	}
	genEnd := i
	for i > 0 && data[i-1] >= '0' && data[i-1] <= '9' {
		i--
	}
	if i == genEnd || i == 0 || !isSpace(data[i-1]) {
		return 0, 0, false
	}
	for i > 0 && isSpace(data[i-1]) {
		i--
	}
	numEnd := i
	for i > 0 && data[i-1] >= '0' && data[i-1] <= '9' && numEnd-i < 10 {
		i--
	}
	if i == numEnd || (i > 0 && isRegular(data[i-1])) {
		return 0, 0, false
	}
	for k := i; k < numEnd; k++ {
		num = num*10 + int(data[k]-'0')
	}
	return i, num, true
}

// repair rebuilds the object index by scanning the file, once. It reports
// whether a catalog could be found.
func (d *goDoc) repair() bool {
	if d.scan != nil {
		return d.catalog() != nil
	}
	d.repaired = true
	d.scanObjects()
	if d.scanTrailer != nil && d.trailer == nil {
		d.trailer = d.scanTrailer
	}
	if d.catalog() == nil && d.scanTrailer != nil {
		d.trailer = d.scanTrailer
	}
	if d.catalog() == nil {
		d.findCatalog()
	}
	return d.catalog() != nil
}

// findCatalog looks for a /Type /Catalog object when no trailer names
// one; the lowest numbered wins.
func (d *goDoc) findCatalog() {
	best := 0
	for num := range d.scan {
		if best != 0 && num > best {
			continue
		}
		if c, ok := d.object(num).(pdfDict); ok && c["Type"] == pdfName("Catalog") && c["Pages"] != nil {
			best = num
		}
	}
	if best != 0 {
		d.trailer = pdfDict{"Root": objRef{num: best}}
	}
}

func (d *goDoc) rootNum() int {
	r, _ := d.trailer["Root"].(objRef)
	return r.num
}

// catalog returns the document catalog, or nil.
func (d *goDoc) catalog() pdfDict {
	c, _ := d.resolve(d.trailer["Root"]).(pdfDict)
	if c == nil || c["Pages"] == nil {
		return nil
	}
	return c
}
