package extract

import (
	"bytes"
	"compress/lzw"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestParseNumber checks PDF number syntax and that the fast path gives
// the value strconv gives.
func TestParseNumber(t *testing.T) {
	tests := []struct {
		in    string
		want  float64
		isInt bool
		ok    bool
	}{
		{"0", 0, true, true}, {"-12", -12, true, true}, {"+7", 7, true, true},
		{"3.25", 3.25, false, true}, {".5", 0.5, false, true}, {"-.002", -0.002, false, true},
		{"4.", 4, false, true}, {"--5", 5, true, true}, {"0.1", 0.1, false, true},
		{"123456789012.345678", 123456789012.345678, false, true},
		{"1e5", 0, false, false}, {"T*", 0, false, false}, {".", 0, false, false}, {"1.2.3", 0, false, false},
	}
	for _, tt := range tests {
		v, isInt, ok := parseNumber([]byte(tt.in))
		if ok != tt.ok || (ok && (v != tt.want || isInt != tt.isInt)) {
			t.Errorf("parseNumber(%q) = %v, %v, %v; want %v, %v, %v", tt.in, v, isInt, ok, tt.want, tt.isInt, tt.ok)
		}
	}
}

// TestLexer reads strings, names and delimiters.
func TestLexer(t *testing.T) {
	lx := lexer{data: []byte(`(a\(b\)\101\n(x)) <48 65 6C6> /Na#6De [ ] << >> % comment
BT`)}
	var got []string
	for tok := lx.next(); tok.kind != tEOF; tok = lx.next() {
		got = append(got, fmt.Sprintf("%d:%q", tok.kind, tok.b))
	}
	want := []string{`3:"a(b)A\n(x)"`, `3:"Hel` + "`" + `"`, `2:"Name"`, `5:""`, `6:""`, `7:""`, `8:""`, `4:"BT"`}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("tokens:\n got %v\nwant %v", got, want)
	}
}

// TestParseObject reads nested objects and references, and refuses
// nesting deeper than maxObjectDepth.
func TestParseObject(t *testing.T) {
	p := parser{lx: lexer{data: []byte(`<< /A [1 2.5 (s) /N 3 0 R] /B << /C true /D null >> >>`)}, refs: true}
	v, err := p.parseObject(0)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(v); got != "map[A:[1 2.5 s N {3 0}] B:map[C:true]]" {
		t.Errorf("got %s", got)
	}
	deep := parser{lx: lexer{data: []byte(strings.Repeat("[", 1000))}}
	if _, err := deep.parseObject(0); !errors.Is(err, errObjectSyntax) {
		t.Errorf("1000 nested arrays: got %v, want %v", err, errObjectSyntax)
	}
}

// TestLZW decodes the example of the PDF reference (EarlyChange 1) and a
// stream written by compress/lzw (the codes widen one code later).
func TestLZW(t *testing.T) {
	if got := lzwDecode([]byte{0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01}, true, 1<<20); string(got) != "-----A---B" {
		t.Errorf("PDF example: got %q", got)
	}
	text := bytes.Repeat([]byte("2026年预算收支总表 一般公共预算 "), 200)
	var b bytes.Buffer
	w := lzw.NewWriter(&b, lzw.MSB, 8)
	w.Write(text)
	w.Close()
	if got := lzwDecode(b.Bytes(), false, 1<<20); !bytes.Equal(got, text) {
		t.Errorf("compress/lzw stream: got %d bytes, want %d", len(got), len(text))
	}
}

// TestPNGPredictor undoes the Up and Sub filters.
func TestPNGPredictor(t *testing.T) {
	data := []byte{2, 1, 2, 3, 2, 1, 1, 1, 1, 1, 1, 1} // Up, Up, Sub
	got, _ := unpredict(data, pdfDict{"Predictor": 12, "Columns": 3})
	if want := []byte{1, 2, 3, 2, 3, 4, 1, 2, 3}; !bytes.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestGoEngineDamage opens files with bytes around them, a cross-reference
// table that points nowhere, and a page tree that loops.
func TestGoEngineDamage(t *testing.T) {
	good := makePDF([]fixturePage{gridTable(0)})
	mid := bytes.Index(good, []byte("2 0 obj"))
	shifted := append(append(append([]byte(nil), good[:mid]...), []byte("% 40 bytes inserted by a broken mailer\n")...), good[mid:]...)
	loop := assemblePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
		"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
	}, 1)
	tests := []struct {
		name     string
		data     []byte
		pages    int
		repaired bool
		note     string
	}{
		{"as made", good, 1, false, ""},
		{"junk before the header and after EOF", append(append([]byte("HTTP/1.1 200 OK\r\n\r\n"), good...), "<html>trailing</html>"...), 1, false, ""},
		{"offsets shifted", shifted, 1, true, ""},
		{"page tree loop", loop, 1, false, "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := openGo(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if l.NumPages() != tt.pages {
				t.Errorf("%d pages, want %d", l.NumPages(), tt.pages)
			}
			if _, err := l.Page(0); err != nil {
				t.Errorf("page 1: %v", err)
			}
			if l.doc.repaired != tt.repaired {
				t.Errorf("repaired = %v, want %v", l.doc.repaired, tt.repaired)
			}
			if notes := fmt.Sprint(l.Notes()); !strings.Contains(notes, tt.note) || (tt.note == "" && len(l.Notes()) > 0) {
				t.Errorf("notes %s, want one saying %q", notes, tt.note)
			}
		})
	}
}
