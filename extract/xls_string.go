package extract

import (
	"unicode/utf16"
)

// BIFF8 strings: a character count, a flag byte, then the characters, either
// "compressed" (one byte each: U+0000–U+00FF) or UTF-16LE; in the shared
// string table they may run on into CONTINUE records, each of which starts
// again with a flag byte saying how its characters are stored.

// biffCont reads across a record and the CONTINUE records after it.
type biffCont struct {
	parts [][]byte
	p, i  int // current part, offset in it
}

// avail is the rest of the current part, moving to the next part when the
// current one is used up; nil at the end.
func (c *biffCont) avail() []byte {
	for c.p < len(c.parts) && c.i >= len(c.parts[c.p]) {
		c.p, c.i = c.p+1, 0
	}
	if c.p == len(c.parts) {
		return nil
	}
	return c.parts[c.p][c.i:]
}

func (c *biffCont) u8() (byte, bool) {
	b := c.avail()
	if len(b) == 0 {
		return 0, false
	}
	c.i++
	return b[0], true
}

func (c *biffCont) u16() (uint16, bool) {
	lo, ok1 := c.u8()
	hi, ok2 := c.u8()
	return uint16(lo) | uint16(hi)<<8, ok1 && ok2
}

func (c *biffCont) u32() (uint32, bool) {
	lo, ok1 := c.u16()
	hi, ok2 := c.u16()
	return uint32(lo) | uint32(hi)<<16, ok1 && ok2
}

// skip passes over n bytes.
func (c *biffCont) skip(n int) bool {
	for n > 0 {
		b := c.avail()
		if len(b) == 0 {
			return false
		}
		k := min(n, len(b))
		c.i, n = c.i+k, n-k
	}
	return true
}

// chars reads n characters stored wide (UTF-16LE) or not; at the start of
// each further part, a flag byte says how the rest is stored (cont). It
// reports whether UTF-16 held unpaired surrogates (read as U+FFFD).
func (c *biffCont) chars(n int, wide, cont bool) (s string, bad, ok bool) {
	units := make([]uint16, 0, min(n, 4096))
	part := c.p
	for len(units) < n {
		b := c.avail()
		if len(b) == 0 {
			return "", false, false
		}
		if c.p != part && cont {
			part, wide = c.p, b[0]&1 != 0
			c.i++
			continue
		}
		if wide {
			if len(b) < 2 {
				return "", false, false
			}
			units = append(units, le16(b))
			c.i += 2
		} else {
			units = append(units, uint16(b[0]))
			c.i++
		}
	}
	return decodeUTF16(units)
}

// decodeUTF16 decodes units, reporting unpaired surrogates.
func decodeUTF16(units []uint16) (string, bool, bool) {
	bad := false
	for i := 0; i < len(units); i++ {
		switch u := units[i]; {
		case u >= 0xD800 && u < 0xDC00 && i+1 < len(units) && units[i+1] >= 0xDC00 && units[i+1] < 0xE000:
			i++
		case u >= 0xD800 && u < 0xE000:
			bad = true
		}
	}
	return string(utf16.Decode(units)), bad, true
}

// unicodeString reads an XLUnicodeString: count (2 bytes), flags, characters.
func (c *biffCont) unicodeString() (string, bool, bool) {
	n, ok1 := c.u16()
	flags, ok2 := c.u8()
	if !ok1 || !ok2 {
		return "", false, false
	}
	return c.chars(int(n), flags&1 != 0, false)
}

// richString reads an XLUnicodeRichExtendedString of the shared string
// table: its formatting runs and phonetic data are skipped.
func (c *biffCont) richString() (string, bool, bool) {
	n, ok1 := c.u16()
	flags, ok2 := c.u8()
	if !ok1 || !ok2 {
		return "", false, false
	}
	var runs uint16
	var ext uint32
	ok := true
	if flags&0x08 != 0 {
		runs, ok = c.u16()
	}
	if flags&0x04 != 0 && ok {
		ext, ok = c.u32()
	}
	if !ok {
		return "", false, false
	}
	s, bad, ok := c.chars(int(n), flags&1 != 0, true)
	if !ok || !c.skip(4*int(runs)) || !c.skip(int(ext)) {
		return s, bad, ok && c.avail() == nil // a table cut inside the last string's runs keeps it
	}
	return s, bad, true
}

// biffString decodes an XLUnicodeString that fills b (as a STRING record
// holds a formula's text result).
func biffString(b []byte) string {
	s, _, _ := (&biffCont{parts: [][]byte{b}}).unicodeString()
	return s
}
