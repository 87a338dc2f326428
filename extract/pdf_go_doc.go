package extract

import (
	"bytes"
	"errors"
	"fmt"
)

// goDoc is a PDF file opened by the Go engine: its bytes, the object
// index, and the objects read so far (each is parsed once).
type goDoc struct {
	data        []byte
	xref        []xrefEntry
	trailer     pdfDict
	objs        map[int]any
	busy        map[int]bool  // objects being loaded: a reference back to one is null
	bad         map[int]error // why an object could not be loaded
	objStms     map[int]*objStm
	scan        map[int]int // object number -> offset found by scanning, after a repair
	scanTrailer pdfDict
	repaired    bool
	depth       int   // nesting of object loads
	inflated    int64 // bytes decoded from streams so far (the document budget)
	inflater    inflater
	crypt       *decrypter // for an encrypted file anyone may open
}

// objStm is a decoded object stream.
type objStm struct {
	data  []byte
	first int
	nums  []int
	offs  []int
}

// maxLoadDepth bounds nested object loads (a stream whose /Length is in an
// object stream whose /Length is in another …).
const maxLoadDepth = 32

// errMissingObject is wrapped when a referenced object cannot be found.
var errMissingObject = errors.New("object missing")

// openGoDoc indexes the objects of data. Bytes before the %PDF- header
// (offsets count from the header then) and after the last %%EOF are
// ignored; a missing or damaged cross-reference table is rebuilt by
// scanning the file.
func openGoDoc(data []byte) (*goDoc, error) {
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	d := &goDoc{data: data, objs: map[int]any{}, busy: map[int]bool{}, bad: map[int]error{}, objStms: map[int]*objStm{}}
	err := d.readXref()
	if err != nil || d.catalog() == nil {
		if !d.repair() {
			if err == nil {
				err = errors.New("no document catalog")
			}
			return nil, fmt.Errorf("%w: %w (and no objects found by scanning the file)", ErrDamaged, err)
		}
	}
	if _, ok := d.trailer["Encrypt"]; ok {
		c, err := newDecrypter(d)
		if err != nil {
			return nil, fmt.Errorf("%w (%w)", ErrEncrypted, err)
		}
		d.objs, d.crypt = map[int]any{c.encryptObj: d.objs[c.encryptObj]}, c // objects read before hold undecrypted strings
	}
	return d, nil
}

// resolve follows a reference; other values are returned as they are.
func (d *goDoc) resolve(v any) any {
	if r, ok := v.(objRef); ok {
		return d.object(r.num)
	}
	return v
}

// dict resolves v to a dictionary (a stream's dictionary counts), or nil.
func (d *goDoc) dict(v any) pdfDict {
	switch x := d.resolve(v).(type) {
	case pdfDict:
		return x
	case *pdfStream:
		return x.dict
	}
	return nil
}

// array resolves v to an array, or nil.
func (d *goDoc) array(v any) pdfArray {
	a, _ := d.resolve(v).(pdfArray)
	return a
}

// num resolves v to a number (0 when it is not one).
func (d *goDoc) num(v any) float64 {
	switch x := d.resolve(v).(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// isNum reports whether v resolves to a number.
func (d *goDoc) isNum(v any) bool {
	switch d.resolve(v).(type) {
	case int, float64:
		return true
	}
	return false
}

// name resolves v to a name ("" when it is not one).
func (d *goDoc) name(v any) pdfName {
	n, _ := d.resolve(v).(pdfName)
	return n
}

// stream resolves v to a stream, or nil.
func (d *goDoc) stream(v any) *pdfStream {
	s, _ := d.resolve(v).(*pdfStream)
	return s
}

// object returns object num, loading it on first use; nil when it is
// missing, damaged, or being loaded (a reference loop).
func (d *goDoc) object(num int) any {
	if v, ok := d.objs[num]; ok {
		return v
	}
	if d.busy[num] || d.depth >= maxLoadDepth {
		return nil
	}
	d.busy[num] = true
	d.depth++
	v, err := d.load(num)
	if err != nil && !d.repaired && !errors.Is(err, errMissingObject) {
		d.repair()
	}
	if err != nil && d.scan != nil {
		if off, ok := d.scan[num]; ok {
			v, err = d.loadAt(num, off)
		}
	}
	d.depth--
	delete(d.busy, num)
	if err != nil {
		d.bad[num] = err
		v = nil
	}
	d.objs[num] = v
	return v
}

// whyMissing says why a referenced object is nil.
func (d *goDoc) whyMissing(v any) string {
	r, ok := v.(objRef)
	if !ok {
		return "missing"
	}
	if err := d.bad[r.num]; err != nil {
		return fmt.Sprintf("object %d: %v", r.num, err)
	}
	return fmt.Sprintf("object %d is missing", r.num)
}

// load reads object num from where the index says it is.
func (d *goDoc) load(num int) (any, error) {
	if num <= 0 || num >= len(d.xref) || d.xref[num].kind == 0 || d.xref[num].kind == 3 {
		if d.scan != nil {
			if _, ok := d.scan[num]; ok {
				return nil, fmt.Errorf("object %d not in the cross-reference table", num)
			}
		}
		return nil, fmt.Errorf("%w: object %d", errMissingObject, num)
	}
	e := d.xref[num]
	if e.kind == 2 {
		return d.loadCompressed(num, e)
	}
	return d.loadAt(num, e.off)
}

// loadAt parses "num g obj" at off.
func (d *goDoc) loadAt(num, off int) (any, error) {
	if off <= 0 || off >= len(d.data) {
		return nil, fmt.Errorf("object %d: offset %d outside the file", num, off)
	}
	ind, err := parseIndirect(d.data, off)
	if err != nil {
		return nil, err
	}
	if ind.num != num {
		return nil, fmt.Errorf("object %d: offset %d holds object %d", num, off, ind.num)
	}
	if ind.streamData < 0 {
		return d.decrypted(num, ind.gen, ind.value)
	}
	dict := ind.value.(pdfDict)
	length := -1
	if l := d.resolve(dict["Length"]); l != nil {
		if n, ok := l.(int); ok {
			length = n
		}
	}
	end := streamEnd(d.data, ind.streamData, length)
	return d.decrypted(num, ind.gen, &pdfStream{dict: dict, raw: d.data[ind.streamData:end], num: num})
}

// decrypted is object num, gen as read from the file, decrypted when the
// file is encrypted (objects in object streams are not: the stream is).
func (d *goDoc) decrypted(num, gen int, v any) (any, error) {
	if d.crypt == nil {
		return v, nil
	}
	return d.crypt.object(num, gen, v)
}

// maxObjStmBytes bounds a decoded object stream.
const maxObjStmBytes = 64 << 20

// loadCompressed reads object num from the object stream e names.
func (d *goDoc) loadCompressed(num int, e xrefEntry) (any, error) {
	os, err := d.objectStream(e.stream)
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", num, err)
	}
	i := e.off
	if i < 0 || i >= len(os.nums) || os.nums[i] != num {
		i = -1
		for k, n := range os.nums {
			if n == num {
				i = k
				break
			}
		}
		if i < 0 {
			return nil, fmt.Errorf("object %d: not in object stream %d", num, e.stream)
		}
	}
	p := parser{lx: lexer{data: os.data, pos: os.first + os.offs[i]}, refs: true}
	v, err := p.parseObject(0)
	if err != nil {
		return nil, fmt.Errorf("object %d in object stream %d: %w", num, e.stream, err)
	}
	return v, nil
}

// objectStream decodes object stream num once.
func (d *goDoc) objectStream(num int) (*objStm, error) {
	if os, ok := d.objStms[num]; ok {
		if os == nil {
			return nil, fmt.Errorf("object stream %d is damaged", num)
		}
		return os, nil
	}
	d.objStms[num] = nil
	s := d.stream(objRef{num: num})
	if s == nil || s.dict["Type"] != pdfName("ObjStm") {
		return nil, fmt.Errorf("object stream %d is missing", num)
	}
	data, err := d.decode(s, maxObjStmBytes)
	if err != nil {
		return nil, fmt.Errorf("object stream %d: %w", num, err)
	}
	n, _ := s.dict["N"].(int)
	first, _ := s.dict["First"].(int)
	if n < 0 || first < 0 || first > len(data) {
		return nil, fmt.Errorf("object stream %d: bad /N or /First", num)
	}
	os := &objStm{data: data, first: first}
	lx := lexer{data: data[:first]}
	for k := 0; k < n; k++ {
		a, b := lx.next(), lx.next()
		if a.kind != tNum || b.kind != tNum || b.num < 0 || first+int(b.num) > len(data) {
			break
		}
		os.nums, os.offs = append(os.nums, int(a.num)), append(os.offs, int(b.num))
	}
	d.objStms[num] = os
	return os, nil
}
