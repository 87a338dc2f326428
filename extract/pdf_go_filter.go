package extract

import (
	"bytes"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/flate"
)

// Stream filters, bounded: no stream decodes to more than the limit its
// use sets, and the streams of one document together to no more than
// maxDocumentDecoded, so a small file that inflates to gigabytes fails
// fast with an error that says which limit it met.

// maxDocumentDecoded bounds the bytes all the streams of one document
// decode to.
const maxDocumentDecoded = 1 << 30

// maxContentBytes bounds one decoded content stream (a page's, or a form's).
const maxContentBytes = 64 << 20

// errUnsupportedFilter is wrapped for a filter the Go engine does not read
// (image codecs, which never hold text).
var errUnsupportedFilter = errors.New("unsupported filter")

// decode returns the decoded data of s, at most limit bytes, in memory of
// its own.
func (d *goDoc) decode(s *pdfStream, limit int) ([]byte, error) {
	return d.decodeInto(nil, s, limit)
}

// decodeInto is decode, with the memory of *buf reused (and kept, grown)
// for inflated data: a page's content stream, walked and dropped before
// the next. buf may be nil.
func (d *goDoc) decodeInto(buf *[]byte, s *pdfStream, limit int) ([]byte, error) {
	filters, params := d.filters(s.dict)
	data := s.raw
	for i, f := range filters {
		room := min(int64(limit), maxDocumentDecoded-d.inflated)
		var dst []byte
		last := i == len(filters)-1 && buf != nil && (f == "FlateDecode" || f == "Fl")
		if last {
			dst = *buf
		}
		out, err := d.decodeFilter(dst, f, data, d.dict(params[i]), room)
		if last && err == nil && d.dict(params[i])["Predictor"] == nil {
			*buf = out
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if int64(len(out)) > room {
			if room < int64(limit) {
				return nil, fmt.Errorf("%w: the document's streams decode to more than %d MiB", ErrTooLarge, maxDocumentDecoded>>20)
			}
			return nil, fmt.Errorf("%w: stream object %d decodes to more than %d MiB", ErrTooLarge, s.num, limit>>20)
		}
		d.inflated += int64(len(out))
		data = out
	}
	return data, nil
}

// filters lists a stream's filters with their parameters.
func (d *goDoc) filters(dict pdfDict) ([]pdfName, []any) {
	switch f := d.resolve(dict["Filter"]).(type) {
	case pdfName:
		p := d.resolve(dict["DecodeParms"])
		if a, ok := p.(pdfArray); ok && len(a) > 0 {
			p = a[0]
		}
		return []pdfName{f}, []any{p}
	case pdfArray:
		ps := d.array(dict["DecodeParms"])
		names := make([]pdfName, 0, len(f))
		params := make([]any, 0, len(f))
		for i, x := range f {
			names = append(names, d.name(x))
			var p any
			if i < len(ps) {
				p = ps[i]
			}
			params = append(params, p)
		}
		return names, params
	}
	return nil, nil
}

// decodeFilter applies one filter, stopping once it has more than room
// bytes (the caller reports the limit); inflated data goes into dst.
func (d *goDoc) decodeFilter(dst []byte, f pdfName, data []byte, params pdfDict, room int64) ([]byte, error) {
	var out []byte
	var err error
	switch f {
	case "FlateDecode", "Fl":
		out, err = d.inflater.inflate(dst, data, room)
	case "LZWDecode", "LZW":
		early := 1
		if e, ok := params["EarlyChange"].(int); ok {
			early = e
		}
		out = lzwDecode(data, early != 0, room)
	case "ASCIIHexDecode", "AHx":
		out = asciiHexDecode(data)
	case "ASCII85Decode", "A85":
		out, err = ascii85Decode(data, room)
	case "RunLengthDecode", "RL":
		out = runLengthDecode(data, room)
	case "Crypt":
		return data, nil // the Identity crypt filter: the security handler decrypted the stream (pdf_go_crypt.go)
	default:
		return nil, fmt.Errorf("%w %s", errUnsupportedFilter, f)
	}
	if err != nil {
		return nil, err
	}
	if f == "FlateDecode" || f == "Fl" || f == "LZWDecode" || f == "LZW" {
		return unpredict(out, params)
	}
	return out, nil
}

// inflater decodes zlib and deflate data, its decompressor reused from one
// stream of a document to the next.
type inflater struct {
	br bytes.Reader
	fr io.ReadCloser
}

// inflate decodes data into dst's memory (grown as needed, to a little
// over room): deflate data after a zlib header (whose checksum, like
// other readers, it does not check), or raw deflate data when the header is
// missing. A damaged or truncated stream gives what could be decoded.
func (z *inflater) inflate(dst, data []byte, room int64) ([]byte, error) {
	if len(data) >= 2 && data[0]&0x0F == 8 && data[0]>>4 <= 7 && (int(data[0])<<8|int(data[1]))%31 == 0 && data[1]&0x20 == 0 {
		data = data[2:]
	}
	z.br.Reset(data)
	if z.fr == nil {
		z.fr = flate.NewReader(&z.br)
	} else if err := z.fr.(flate.Resetter).Reset(&z.br, nil); err != nil {
		return nil, err
	}
	dst = dst[:0]
	for int64(len(dst)) <= room {
		if len(dst) == cap(dst) {
			grown := make([]byte, len(dst), min(max(2*cap(dst), 4096, 2*len(data)), int(room)+1))
			copy(grown, dst)
			dst = grown
		}
		n, err := z.fr.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if err != nil {
			if err != io.EOF && len(dst) == 0 && len(data) > 0 {
				return nil, fmt.Errorf("inflate: %w", err)
			}
			break
		}
	}
	return dst, nil
}

func asciiHexDecode(data []byte) []byte {
	out := make([]byte, 0, len(data)/2)
	var hi byte
	half := false
	for _, c := range data {
		if c == '>' {
			break
		}
		v, ok := hexDigit(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out
}

func ascii85Decode(data []byte, room int64) ([]byte, error) {
	if i := bytes.Index(data, []byte("~>")); i >= 0 {
		data = data[:i]
	}
	data = bytes.TrimPrefix(bytes.TrimSpace(data), []byte("<~"))
	var b bytes.Buffer
	_, err := io.Copy(&b, io.LimitReader(ascii85.NewDecoder(bytes.NewReader(data)), room+1))
	if err != nil && b.Len() == 0 {
		return nil, fmt.Errorf("ascii85: %w", err)
	}
	return b.Bytes(), nil
}

func runLengthDecode(data []byte, room int64) []byte {
	var out []byte
	for i := 0; i < len(data) && int64(len(out)) <= room; {
		n := int(data[i])
		i++
		switch {
		case n < 128:
			end := min(i+n+1, len(data))
			out = append(out, data[i:end]...)
			i = end
		case n > 128 && i < len(data):
			out = append(out, bytes.Repeat(data[i:i+1], 257-n)...)
			i++
		default:
			return out // 128: end of data
		}
	}
	return out
}

// lzwDecode decodes LZW data with 9 to 12 bit codes; early says the code
// width grows one code early (the PDF default, /EarlyChange 1).
func lzwDecode(data []byte, early bool, room int64) []byte {
	const clear, eod = 256, 257
	var table [4096][]byte
	for i := 0; i < 256; i++ {
		table[i] = []byte{byte(i)}
	}
	var out []byte
	next, width := 258, 9
	var prev []byte
	var acc uint32
	bits := 0
	shift := 0
	if early {
		shift = 1
	}
	for _, c := range data {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= width {
			code := int(acc>>(bits-width)) & (1<<width - 1)
			bits -= width
			switch {
			case code == clear:
				next, width, prev = 258, 9, nil
				continue
			case code == eod:
				return out
			}
			var entry []byte
			switch {
			case code < next && table[code] != nil:
				entry = table[code]
			case code == next && prev != nil:
				entry = append(append([]byte(nil), prev...), prev[0])
			default:
				return out // a damaged stream
			}
			out = append(out, entry...)
			if int64(len(out)) > room {
				return out
			}
			if prev != nil && next < 4096 {
				table[next] = append(append(make([]byte, 0, len(prev)+1), prev...), entry[0])
				next++
			}
			prev = entry
			if next+shift >= 1<<width && width < 12 {
				width++
			}
		}
	}
	return out
}

// unpredict undoes a PNG (10–15) or TIFF (2) predictor.
func unpredict(data []byte, params pdfDict) ([]byte, error) {
	pred, _ := params["Predictor"].(int)
	if pred < 2 {
		return data, nil
	}
	colors, bpc, cols := 1, 8, 1
	if v, ok := params["Colors"].(int); ok && v > 0 && v <= 32 {
		colors = v
	}
	if v, ok := params["BitsPerComponent"].(int); ok && v > 0 && v <= 16 {
		bpc = v
	}
	if v, ok := params["Columns"].(int); ok && v > 0 && v < 1<<20 {
		cols = v
	}
	bpp := max(1, (colors*bpc+7)/8)
	rowLen := (colors*bpc*cols + 7) / 8
	if pred == 2 {
		if bpc != 8 {
			return data, nil
		}
		for r := 0; r+rowLen <= len(data); r += rowLen {
			for i := bpp; i < rowLen; i++ {
				data[r+i] += data[r+i-bpp]
			}
		}
		return data, nil
	}
	return pngUnpredict(data, rowLen, bpp)
}

// pngUnpredict undoes the per-row PNG filters.
func pngUnpredict(data []byte, rowLen, bpp int) ([]byte, error) {
	out := make([]byte, 0, len(data))
	prev := make([]byte, rowLen)
	for r := 0; r+1 <= len(data); r += rowLen + 1 {
		typ := data[r]
		row := data[r+1 : min(r+1+rowLen, len(data))]
		cur := make([]byte, rowLen)
		copy(cur, row)
		for i := range cur {
			var a, c byte
			if i >= bpp {
				a, c = cur[i-bpp], prev[i-bpp]
			}
			b := prev[i]
			switch typ {
			case 1:
				cur[i] += a
			case 2:
				cur[i] += b
			case 3:
				cur[i] += byte((int(a) + int(b)) / 2)
			case 4:
				cur[i] += paeth(a, b, c)
			}
		}
		out = append(out, cur[:len(row)]...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
