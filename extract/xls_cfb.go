package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/shakinm/xlsReader/cfb"
)

// The compound file (CFB) around a legacy .xls workbook: finding its
// Workbook stream, and checking the sector chains xlsReader follows without
// bounds before it is let near them.

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
	other := "" // the Office document the file is when it is no workbook
	for _, d := range c.GetDirs() {
		switch d.Name() {
		case "WordDocument":
			other = "a Word document (a compound file with a WordDocument stream)"
		case "PowerPoint Document":
			other = "a presentation (a compound file with a PowerPoint Document stream)"
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
	if book == nil && other != "" {
		return nil, fmt.Errorf("%w: %s", ErrUnknown, other)
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
