package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"unicode"
	"unicode/utf16"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// pdfiumPool is the one PDFium WebAssembly pool of the process, the only
// package-level mutable state of extract. It is created on first use
// (compiling the 5.8 MB module takes seconds, or ~0.1 s with the wazero
// compilation cache in os.UserCacheDir()/budgetetl/wazero) and lives until
// the process ends. It holds up to GOMAXPROCS instances, so it is safe to
// read PDFs from several goroutines; each document holds one instance while
// it is open.
var pdfiumPool struct {
	once sync.Once
	pool pdfium.Pool
	err  error
}

// pdfiumInstances returns the process-wide pool, creating it once.
func pdfiumInstances() (pdfium.Pool, error) {
	pdfiumPool.once.Do(func() {
		n := runtime.GOMAXPROCS(0)
		pdfiumPool.pool, pdfiumPool.err = webassembly.Init(webassembly.Config{
			Context:       withLinearMemory(context.Background()),
			MinIdle:       0,
			MaxIdle:       n,
			MaxTotal:      n,
			ReuseWorkers:  true,
			FSConfig:      wazero.NewFSConfig(), // no file system: documents are passed as bytes
			RuntimeConfig: wazeroConfig(),
		})
		if pdfiumPool.err != nil {
			pdfiumPool.err = fmt.Errorf("starting PDFium: %w", pdfiumPool.err)
		}
	})
	return pdfiumPool.pool, pdfiumPool.err
}

// wazeroConfig is the runtime PDFium needs, with a compilation cache when a
// writable cache directory can be found.
func wazeroConfig() wazero.RuntimeConfig {
	cfg := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	for _, dir := range cacheDirs() {
		if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil && writable(dir) {
			return cfg.WithCompilationCache(cache)
		}
	}
	return cfg
}

// cacheDirs lists where the wazero compilation cache may live, best first.
func cacheDirs() []string {
	var dirs []string
	if d, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(d, "budgetetl", "wazero"))
	}
	return append(dirs, filepath.Join(os.TempDir(), "budgetetl-wazero"))
}

// writable reports whether files can be created in dir (creating it).
func writable(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// pdfiumDoc is a document opened in one PDFium instance.
type pdfiumDoc struct {
	inst  pdfium.Pdfium
	doc   references.FPDF_DOCUMENT
	pages int
}

// openPDFium opens data in an instance taken from the pool.
func openPDFium(data []byte) (*pdfiumDoc, error) {
	pool, err := pdfiumInstances()
	if err != nil {
		return nil, err
	}
	inst, err := pool.GetInstanceWithContext(context.Background())
	if err != nil {
		return nil, fmt.Errorf("PDFium instance: %w", err)
	}
	d, err := openInInstance(inst, data)
	if err != nil {
		inst.Close()
		return nil, err
	}
	return d, nil
}

func openInInstance(inst pdfium.Pdfium, data []byte) (*pdfiumDoc, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, pdfiumOpenError(err)
	}
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
		return nil, fmt.Errorf("%w: page count: %w", ErrDamaged, err)
	}
	return &pdfiumDoc{inst: inst, doc: doc.Document, pages: n.PageCount}, nil
}

// pdfiumOpenError maps a PDFium open failure to the extract sentinels.
func pdfiumOpenError(err error) error {
	switch {
	case errors.Is(err, pdfiumerr.ErrPassword), errors.Is(err, pdfiumerr.ErrSecurity):
		return fmt.Errorf("%w (%w)", ErrEncrypted, err)
	}
	return fmt.Errorf("%w: %w", ErrDamaged, err)
}

// NumPages returns the page count.
func (d *pdfiumDoc) NumPages() int { return d.pages }

// maxIdleMemory is the largest WebAssembly memory an instance may keep
// between documents: its memory never shrinks, so an instance that grew
// past it on an oversized document is discarded (the pool starts a new one
// when next needed) instead of holding that memory for the rest of the run.
const maxIdleMemory = 256 << 20

// Close closes the document and returns the instance to the pool, or
// discards it when it grew past maxIdleMemory.
func (d *pdfiumDoc) Close() error {
	_, err := d.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.doc})
	var cerr error
	if instanceMemory(d.inst) > maxIdleMemory {
		cerr = d.inst.Kill()
	} else {
		cerr = d.inst.Close()
	}
	if err == nil {
		err = cerr
	}
	return err
}

// instanceMemory returns the size of an instance's WebAssembly memory, or
// 0 when it cannot be told. go-pdfium keeps the module behind an internal
// type: its exported Module field and Memory().Size() methods are reached
// by reflection.
func instanceMemory(inst pdfium.Pdfium) (size uint64) {
	defer func() {
		if recover() != nil {
			size = 0
		}
	}()
	impl := reflect.ValueOf(inst.GetImplementation())
	if impl.Kind() == reflect.Pointer {
		impl = impl.Elem()
	}
	mod := impl.FieldByName("Module")
	if !mod.IsValid() || mod.IsNil() {
		return 0
	}
	mem := mod.MethodByName("Memory").Call(nil)[0]
	if mem.IsNil() {
		return 0
	}
	return mem.MethodByName("Size").Call(nil)[0].Uint()
}

// Page reads the glyphs and rules of page index.
func (d *pdfiumDoc) Page(index int) (*pageLayer, error) {
	page := requests.Page{ByIndex: &requests.PageByIndex{Document: d.doc, Index: index}}
	tr, err := d.transform(page)
	if err != nil {
		return nil, err
	}
	pl := &pageLayer{width: tr.width, height: tr.height, pdfium: true}
	if pl.glyphs, err = d.glyphs(page, tr); err != nil {
		return nil, err
	}
	if err = d.objects(page, tr, pl); err != nil {
		return nil, err
	}
	return pl, nil
}

// transform reads the page box and rotation.
func (d *pdfiumDoc) transform(page requests.Page) (pageTransform, error) {
	box, err := d.inst.FPDF_GetPageBoundingBox(&requests.FPDF_GetPageBoundingBox{Page: page})
	if err != nil {
		return pageTransform{}, fmt.Errorf("%w: page box: %w", ErrDamaged, err)
	}
	rot, err := d.inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: page})
	if err != nil {
		return pageTransform{}, fmt.Errorf("%w: page rotation: %w", ErrDamaged, err)
	}
	r := box.Rect
	return newPageTransform(float64(r.Left), float64(r.Bottom), float64(r.Right), float64(r.Top), int(rot.PageRotation)), nil
}

// glyphs reads the characters of a page one by one, skipping the ones
// PDFium generates (spaces and line ends it infers).
func (d *pdfiumDoc) glyphs(page requests.Page, tr pageTransform) ([]glyph, error) {
	tp, err := d.inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, fmt.Errorf("%w: text page: %w", ErrDamaged, err)
	}
	defer d.inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := d.inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, fmt.Errorf("%w: count chars: %w", ErrDamaged, err)
	}
	units := d.pageUnits(tp.TextPage, n.Count)
	out := make([]glyph, 0, n.Count)
	for i := 0; i < n.Count; i++ {
		prev := ""
		if len(out) > 0 {
			prev = out[len(out)-1].text
		}
		g, ok, err := d.char(tp.TextPage, i, units, tr, prev)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, g)
		}
	}
	return out, nil
}

// pageUnits reads the text of a whole page in one call, one UTF-16 unit per
// character index, so that char need not ask for each character's code
// (calls into the WebAssembly module are the cost of this engine). It
// returns nil when the text does not line up with the indexes.
func (d *pdfiumDoc) pageUnits(tp references.FPDF_TEXTPAGE, n int) []uint16 {
	if n == 0 {
		return nil
	}
	t, err := d.inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp, StartIndex: 0, Count: n})
	if err != nil {
		return nil
	}
	units := utf16.Encode([]rune(t.Text))
	if len(units) != n {
		return nil
	}
	return units
}

// char reads character i; ok is false for generated and control characters.
// units, when not nil, holds every character's code: only whitespace can be
// generated by PDFium (the spaces and line ends it infers), so only
// whitespace is asked about.
//
// A line-end hyphen (0xFFFE: PDFium's text page marks a hyphen that ends a
// line between letters so) is left out too, but after a Han character
// (prev is the text of the character kept before it) it is a dash and read
// as "-": Chinese is not hyphenated at line ends (see walker.joinHyphen).
func (d *pdfiumDoc) char(tp references.FPDF_TEXTPAGE, i int, units []uint16, tr pageTransform, prev string) (g glyph, ok bool, err error) {
	var code rune
	if units != nil && !utf16.IsSurrogate(rune(units[i])) {
		code = rune(units[i])
	} else {
		u, err := d.inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
		if err != nil {
			return g, false, nil
		}
		code = rune(u.Unicode)
	}
	if code == 0xFFFE && unicode.Is(unicode.Han, lastRune(prev)) {
		code = '-'
	}
	if code < 0x20 || code == 0xFFFE || code == 0xFFFF {
		return g, false, nil
	}
	if units == nil || unicode.IsSpace(code) {
		gen, err := d.inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp, Index: i})
		if err != nil || gen.IsGenerated {
			return g, false, nil
		}
	}
	box, err := d.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: i})
	if err != nil {
		return g, false, fmt.Errorf("%w: char %d box: %w", ErrDamaged, i, err)
	}

	// The size is the loose box's height: FPDFText_GetFontSize gives the
	// size before the text matrix (240 for text drawn at 12 pt by a 0.05
	// matrix).
	r := box.Rect
	g = tr.boxGlyph(string(code), float64(r.Left), float64(r.Bottom), float64(r.Right), float64(r.Top))
	return g, true, nil
}

// objects counts images and collects ruling segments from path objects.
func (d *pdfiumDoc) objects(page requests.Page, tr pageTransform, pl *pageLayer) error {
	n, err := d.inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return fmt.Errorf("%w: count objects: %w", ErrDamaged, err)
	}
	var rs ruleSet
	for i := 0; i < n.Count; i++ {
		obj, err := d.inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			continue
		}
		typ, err := d.inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil {
			continue
		}
		switch typ.Type {
		case enums.FPDF_PAGEOBJ_IMAGE:
			pl.images++
		case enums.FPDF_PAGEOBJ_PATH:
			d.path(obj.PageObject, tr, &rs)
		}
	}
	pl.hrules, pl.vrules = rs.h, rs.v
	return nil
}

// maxPathSegments bounds the segments read of one path object; a bigger
// path is a drawing, not table rules.
const maxPathSegments = 4096

// path adds the rules a path object draws, read segment by segment into
// the points paintPath takes (the same reading as the Go engine's).
func (d *pdfiumDoc) path(obj references.FPDF_PAGEOBJECT, tr pageTransform, rs *ruleSet) {
	mode, err := d.inst.FPDFPath_GetDrawMode(&requests.FPDFPath_GetDrawMode{PageObject: obj})
	if err != nil || (!mode.Stroke && mode.FillMode == enums.FPDF_FILLMODE_NONE) {
		return
	}
	cnt, err := d.inst.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: obj})
	if err != nil || cnt.Count > maxPathSegments {
		return
	}
	m, err := d.inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj})
	if err != nil {
		return
	}
	mx := m.Matrix
	points := make([]pathPoint, 0, cnt.Count)
	for i := 0; i < cnt.Count; i++ {
		seg, err := d.inst.FPDFPath_GetPathSegment(&requests.FPDFPath_GetPathSegment{PageObject: obj, Index: i})
		if err != nil {
			return
		}
		pt, err1 := d.inst.FPDFPathSegment_GetPoint(&requests.FPDFPathSegment_GetPoint{PathSegment: seg.PathSegment})
		typ, err2 := d.inst.FPDFPathSegment_GetType(&requests.FPDFPathSegment_GetType{PathSegment: seg.PathSegment})
		cl, err3 := d.inst.FPDFPathSegment_GetClose(&requests.FPDFPathSegment_GetClose{PathSegment: seg.PathSegment})
		if err1 != nil || err2 != nil || err3 != nil {
			return
		}
		points = append(points, pathPoint{
			x:     float64(mx.A*pt.X + mx.C*pt.Y + mx.E),
			y:     float64(mx.B*pt.X + mx.D*pt.Y + mx.F),
			move:  typ.Type == enums.FPDF_SEGMENT_MOVETO,
			curve: typ.Type == enums.FPDF_SEGMENT_BEZIERTO,
			close: cl.IsClose,
		})
	}
	paintPath(points, mode.Stroke, tr, rs)
}

// Notes returns nothing: PDFium repairs what it can without saying so.
func (d *pdfiumDoc) Notes() []Note { return nil }
