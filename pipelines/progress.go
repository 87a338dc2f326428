package pipelines

import (
	"fmt"
	"io"

	"github.com/budgetetl/budgetetl/dataset"
)

// progress prints one line per finished document.
type progress struct {
	w     io.Writer
	total int
	n     int
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total}
}

// done reports a document; it is called from one goroutine.
func (p *progress) done(b dataset.Batch) {
	if p.w == nil {
		return
	}
	p.n++
	d := b.Document
	msg := fmt.Sprintf("%d facts", d.Facts)
	if d.Status == dataset.StatusFailed {
		msg = "FAILED: " + d.Error
	} else if d.ChecksFailed > 0 {
		msg += fmt.Sprintf(", %d checks failed", d.ChecksFailed)
	}
	if d.DuplicateOf != "" {
		msg += ", duplicate of " + d.DuplicateOf
	}
	fmt.Fprintf(p.w, "[%d/%d] %s: %s\n", p.n, p.total, d.Source, msg)
}
