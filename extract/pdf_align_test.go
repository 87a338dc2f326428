package extract

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAlignGolden builds the rows of the glyph pages in testdata/align/*.txt
// and compares their dumps with the .golden files beside them (go test
// -update rewrites them). The pages are written as text (parseGlyphPage),
// so that layouts of CJK tables without rules can be drawn with made-up
// figures and no font.
func TestAlignGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "align", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no glyph pages in testdata/align (%v)", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			pl, err := readGlyphPage(f)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := dumpLayer(&b, pl); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, strings.TrimSuffix(f, ".txt")+".golden", b.String())
		})
	}
}

func readGlyphPage(path string) (*pageLayer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseGlyphPage(bufio.NewScanner(f))
}

// parseGlyphPage reads a page of glyphs written as text, one run per line:
//
//	# a comment
//	page 1077x595       the page size (default 595x842)
//	size 10             the font size of the runs that follow (default 10)
//	narrow 0.4          the width of the glyphs that follow that are not
//	                    CJK, in font sizes (default 0.5)
//	244.0 29.5 深圳市   a run: baseline, left edge, text
//	244.0 206.95r 8.9   a run given by its right edge
//	hrule 80 20 500     a horizontal rule: y, from x, to x
//	vrule 20 80 300     a vertical rule: x, from y, to y
//
// Every rune is a glyph as wide as the font size when it is CJK and half
// as wide otherwise (as in the monospaced fonts of the budgets); a space
// is a space glyph.
func parseGlyphPage(sc *bufio.Scanner) (*pageLayer, error) {
	pl := &pageLayer{width: 595, height: 842}
	size, narrow := 10.0, 0.5
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, " ", 3)
		var err error
		switch {
		case f[0] == "page" && len(f) == 2:
			_, err = fmt.Sscanf(f[1], "%gx%g", &pl.width, &pl.height)
		case f[0] == "size" && len(f) == 2:
			size, err = strconv.ParseFloat(f[1], 64)
		case f[0] == "narrow" && len(f) == 2:
			narrow, err = strconv.ParseFloat(f[1], 64)
		case f[0] == "hrule" || f[0] == "vrule":
			var at, from, to float64
			if _, err = fmt.Sscanf(line, f[0]+" %g %g %g", &at, &from, &to); err == nil {
				if f[0] == "hrule" {
					pl.hrules = append(pl.hrules, segment{x0: from, y0: at, x1: to, y1: at})
				} else {
					pl.vrules = append(pl.vrules, segment{x0: at, y0: from, x1: at, y1: to})
				}
			}
		case len(f) == 3:
			err = addGlyphRun(pl, f[0], f[1], f[2], size, narrow)
		default:
			err = fmt.Errorf("want BASE X TEXT")
		}
		if err != nil {
			return nil, fmt.Errorf("line %d %q: %w", n, line, err)
		}
	}
	return pl, sc.Err()
}

func addGlyphRun(pl *pageLayer, base, x, text string, size, narrow float64) error {
	b, err := strconv.ParseFloat(base, 64)
	if err != nil {
		return err
	}
	right := strings.HasSuffix(x, "r")
	x0, err := strconv.ParseFloat(strings.TrimSuffix(x, "r"), 64)
	if err != nil {
		return err
	}
	advance := func(r rune) float64 {
		if isCJK(r) {
			return size
		}
		return size * narrow
	}
	if right {
		for _, r := range text {
			x0 -= advance(r)
		}
	}
	for _, r := range text {
		w := advance(r)
		pl.glyphs = append(pl.glyphs, glyph{text: string(r), x0: x0, y0: b - size, x1: x0 + w, y1: b, base: b, size: size})
		x0 += w
	}
	return nil
}
