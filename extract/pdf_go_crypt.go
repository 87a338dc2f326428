package extract

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
)

// The standard security handler (ISO 32000-2 §7.6.4), for the files anyone
// may open: encrypted with an owner password only, which restricts printing
// or copying but not reading, as many government PDFs are. A file that
// needs a user password is ErrEncrypted, as before.

// errNeedsPassword is why a file the handler reads is still refused.
var errNeedsPassword = errors.New("a user password is required")

// cryptMethod is how a stream or string is encrypted.
type cryptMethod uint8

const (
	cryptNone  cryptMethod = iota // the Identity crypt filter
	cryptRC4                      // V1, V2 and the V2 crypt filter method
	cryptAESV2                    // AES-128, a key per object
	cryptAESV3                    // AES-256, the file key itself
)

// decrypter holds the file key and the methods of streams and strings.
type decrypter struct {
	key          []byte
	stream, str  cryptMethod
	encryptObj   int  // the Encrypt dictionary's object number: not encrypted
	skipMetadata bool // /EncryptMetadata false: XML metadata streams are plain
}

// passwordPad pads a password to 32 bytes (Algorithm 2, step a).
var passwordPad = []byte{
	0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
}

// newDecrypter reads the trailer's Encrypt dictionary and derives the file
// key from the empty user password.
func newDecrypter(d *goDoc) (*decrypter, error) {
	ref, _ := d.trailer["Encrypt"].(objRef)
	enc := d.dict(d.trailer["Encrypt"])
	if enc == nil {
		return nil, fmt.Errorf("%w: no Encrypt dictionary", ErrDamaged)
	}
	if f := d.name(enc["Filter"]); f != "Standard" {
		return nil, fmt.Errorf("security handler %s", f)
	}
	c := &decrypter{encryptObj: ref.num, skipMetadata: enc["EncryptMetadata"] == false}
	v, r := int(d.num(enc["V"])), int(d.num(enc["R"]))
	switch v {
	case 1, 2:
		c.stream, c.str = cryptRC4, cryptRC4
	case 4, 5:
		c.stream, c.str = d.cryptFilter(enc, "StmF"), d.cryptFilter(enc, "StrF")
	default:
		return nil, fmt.Errorf("security handler version %d", v)
	}
	o, _ := d.resolve(enc["O"]).(pdfString)
	u, _ := d.resolve(enc["U"]).(pdfString)
	var err error
	if r >= 5 {
		ue, _ := d.resolve(enc["UE"]).(pdfString)
		c.key, err = keyAES256(r, []byte(u), []byte(ue))
	} else {
		length := 40
		if v > 1 && d.isNum(enc["Length"]) {
			length = int(d.num(enc["Length"]))
		}
		p := uint32(int64(d.num(enc["P"]))) // -4, or 4294967292 written unsigned
		c.key, err = keyRC4MD5(r, length/8, []byte(o), []byte(u), p, d.fileID(), c.skipMetadata)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// cryptFilter is the method of the crypt filter the dictionary names under
// key (StmF, StrF); Identity when it names none.
func (d *goDoc) cryptFilter(enc pdfDict, key pdfName) cryptMethod {
	name := d.name(enc[key])
	if name == "" || name == "Identity" {
		return cryptNone
	}
	switch d.name(d.dict(d.dict(enc["CF"])[name])["CFM"]) {
	case "V2":
		return cryptRC4
	case "AESV2":
		return cryptAESV2
	case "AESV3":
		return cryptAESV3
	}
	return cryptNone
}

// fileID is the first string of the trailer's ID array.
func (d *goDoc) fileID() []byte {
	if ids := d.array(d.trailer["ID"]); len(ids) > 0 {
		if s, ok := d.resolve(ids[0]).(pdfString); ok {
			return []byte(s)
		}
	}
	return nil
}

// keyRC4MD5 computes the file key of revisions 2 to 4 from the empty user
// password (Algorithm 2) and checks it against U (Algorithms 4 and 5).
func keyRC4MD5(r, n int, o, u []byte, p uint32, id []byte, skipMetadata bool) ([]byte, error) {
	if n < 5 || n > 16 || len(o) < 32 || len(u) < 32 {
		return nil, fmt.Errorf("%w: Encrypt dictionary: key length %d, O %d and U %d bytes", ErrDamaged, n*8, len(o), len(u))
	}
	h := md5.New()
	h.Write(passwordPad)
	h.Write(o[:32])
	h.Write(binary.LittleEndian.AppendUint32(nil, p))
	h.Write(id)
	if r >= 4 && skipMetadata {
		h.Write([]byte{0xFF, 0xFF, 0xFF, 0xFF})
	}
	sum := h.Sum(nil)
	if r >= 3 {
		for range 50 {
			s := md5.Sum(sum[:n])
			sum = s[:]
		}
	}
	key := sum[:n]
	var want, got []byte
	if r == 2 {
		got, want = rc4Crypt(key, passwordPad), u[:32]
	} else {
		s := md5.Sum(append(append([]byte{}, passwordPad...), id...))
		got = rc4Crypt(key, s[:])
		for i := 1; i <= 19; i++ {
			k := make([]byte, len(key))
			for j := range key {
				k[j] = key[j] ^ byte(i)
			}
			got = rc4Crypt(k, got)
		}
		want = u[:16]
	}
	if !bytes.Equal(got, want) {
		return nil, errNeedsPassword
	}
	return key, nil
}

// keyAES256 computes the file key of revisions 5 and 6 from the empty user
// password (Algorithms 2.A and 11): U holds the hash, its validation salt
// and key salt; UE the file key encrypted under the password's.
func keyAES256(r int, u, ue []byte) ([]byte, error) {
	if len(u) < 48 || len(ue) < 32 {
		return nil, fmt.Errorf("%w: Encrypt dictionary: U %d and UE %d bytes", ErrDamaged, len(u), len(ue))
	}
	if !bytes.Equal(hashAES256(r, nil, u[32:40]), u[:32]) {
		return nil, errNeedsPassword
	}
	block, err := aes.NewCipher(hashAES256(r, nil, u[40:48]))
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(key, ue[:32])
	return key, nil
}

// hashAES256 is the password hash of revision 5 (SHA-256) and 6
// (Algorithm 2.B), for a user password (no owner data).
func hashAES256(r int, password, salt []byte) []byte {
	k := sha256.Sum256(append(append([]byte{}, password...), salt...))
	if r == 5 {
		return k[:]
	}
	key := k[:]
	for round := 0; ; round++ {
		k1 := bytes.Repeat(append(append([]byte{}, password...), key...), 64)
		block, _ := aes.NewCipher(key[:16]) // 16 bytes: never an error
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, key[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		switch sum % 3 {
		case 0:
			s := sha256.Sum256(e)
			key = s[:]
		case 1:
			s := sha512.Sum384(e)
			key = s[:]
		default:
			s := sha512.Sum512(e)
			key = s[:]
		}
		if round >= 63 && int(e[len(e)-1]) <= round-31 { // 64 rounds done, then while the last byte says
			return key[:32]
		}
	}
}

func rc4Crypt(key, data []byte) []byte {
	c, _ := rc4.NewCipher(key) // 1 to 256 bytes: never an error
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// objectKey is the key of object num, gen (Algorithm 1).
func (c *decrypter) objectKey(m cryptMethod, num, gen int) []byte {
	if m == cryptAESV3 {
		return c.key
	}
	b := append(append([]byte{}, c.key...), byte(num), byte(num>>8), byte(num>>16), byte(gen), byte(gen>>8))
	if m == cryptAESV2 {
		b = append(b, "sAlT"...)
	}
	s := md5.Sum(b)
	return s[:min(len(c.key)+5, 16)]
}

// decrypt decrypts data of object num, gen by method m.
func (c *decrypter) decrypt(m cryptMethod, num, gen int, data []byte) ([]byte, error) {
	switch m {
	case cryptNone:
		return data, nil
	case cryptRC4:
		return rc4Crypt(c.objectKey(m, num, gen), data), nil
	}
	if len(data) == 0 {
		return data, nil
	}
	if len(data) < 32 || len(data)%16 != 0 {
		return nil, fmt.Errorf("%w: object %d: AES data of %d bytes", ErrDamaged, num, len(data))
	}
	block, err := aes.NewCipher(c.objectKey(m, num, gen))
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data)-16)
	cipher.NewCBCDecrypter(block, data[:16]).CryptBlocks(out, data[16:])
	pad := int(out[len(out)-1])
	if pad < 1 || pad > 16 {
		return nil, fmt.Errorf("%w: object %d: AES padding", ErrDamaged, num)
	}
	return out[:len(out)-pad], nil
}

// object decrypts the strings of an object read from the file, and its
// stream data: not those of the Encrypt dictionary, a cross-reference
// stream, or plain metadata.
func (c *decrypter) object(num, gen int, v any) (any, error) {
	if num == c.encryptObj {
		return v, nil
	}
	if s, ok := v.(*pdfStream); ok {
		t := s.dict["Type"]
		if t == pdfName("XRef") || t == pdfName("Metadata") && c.skipMetadata {
			return s, nil
		}
		dict, err := c.strings(num, gen, s.dict)
		if err != nil {
			return nil, err
		}
		raw, err := c.decrypt(c.stream, num, gen, s.raw)
		if err != nil {
			return nil, err
		}
		return &pdfStream{dict: dict.(pdfDict), raw: raw, num: s.num}, nil
	}
	return c.strings(num, gen, v)
}

// strings decrypts every string in v.
func (c *decrypter) strings(num, gen int, v any) (any, error) {
	switch x := v.(type) {
	case pdfString:
		b, err := c.decrypt(c.str, num, gen, []byte(x))
		return pdfString(b), err
	case pdfArray:
		out := make(pdfArray, len(x))
		for i, e := range x {
			var err error
			if out[i], err = c.strings(num, gen, e); err != nil {
				return nil, err
			}
		}
		return out, nil
	case pdfDict:
		out := make(pdfDict, len(x))
		for k, e := range x {
			var err error
			if out[k], err = c.strings(num, gen, e); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return v, nil
}
