package pipelines

import (
	"fmt"
	"io"
	"sync"

	"github.com/budgetetl/budgetetl/load"
	"github.com/budgetetl/budgetetl/transform"
)

// Write writes facts.csv, documents.csv and checks.csv for outcomes, in
// the order given (Process keeps the sorted order of the inputs).
func Write(dir string, outcomes []Outcome, enc load.Encoding) error {
	var facts []transform.Fact
	var checks []transform.Check
	docs := make([]load.Document, 0, len(outcomes))
	for _, o := range outcomes {
		docs = append(docs, o.Doc)
		facts = append(facts, o.Facts...)
		checks = append(checks, o.Checks...)
	}
	if facts == nil {
		facts = []transform.Fact{}
	}
	if checks == nil {
		checks = []transform.Check{}
	}
	for name, rows := range map[string]any{"facts.csv": facts, "documents.csv": docs, "checks.csv": checks} {
		if err := load.WriteCSVFile(dir, name, rows, enc); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// progress prints one line per finished document.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	n     int
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total}
}

func (p *progress) done(o Outcome) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	msg := fmt.Sprintf("%d facts", len(o.Facts))
	if o.Doc.Status == load.StatusFailed {
		msg = "FAILED: " + o.Doc.Error
	} else if o.Doc.ChecksFailed > 0 {
		msg += fmt.Sprintf(", %d checks failed", o.Doc.ChecksFailed)
	}
	fmt.Fprintf(p.w, "[%d/%d] %s: %s\n", p.n, p.total, o.Doc.Source, msg)
}
