package pipelines

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress tells a person how far a run is: on a terminal a bar
// (documents, pages per second, time left); elsewhere a plain line every
// interval, and one for every failed document as it is written.
type progress struct {
	w        io.Writer
	total    int
	interval time.Duration
	start    time.Time

	mu           sync.Mutex
	docs, pages  int
	bar          *mpb.Bar
	container    *mpb.Progress
	stop, ticked chan struct{}
}

// defaultProgressEvery is how often plain progress lines are printed.
const defaultProgressEvery = 10 * time.Second

// newProgress starts the report of a run of total documents on w: a bar
// when bar is set (w is a terminal), else lines every interval (0 for the
// default); nothing when w is nil.
func newProgress(w io.Writer, total int, bar bool, interval time.Duration) *progress {
	p := &progress{w: w, total: total, interval: interval, start: time.Now()}
	if w == nil {
		return p
	}
	if p.interval <= 0 {
		p.interval = defaultProgressEvery
	}
	if bar {
		p.container = mpb.New(mpb.WithOutput(w), mpb.WithWidth(32))
		p.bar = p.container.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name("documents "), decor.CountersNoUnit("%d/%d")),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return p.rate() }),
				decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
		return p
	}
	p.stop, p.ticked = make(chan struct{}), make(chan struct{})
	go p.tick()
	return p
}

// done counts a document written; it is called from one goroutine.
func (p *progress) done(d dataset.Document) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	p.docs++
	p.pages += d.Pages
	p.mu.Unlock()
	if p.bar != nil {
		p.bar.Increment()
		return
	}
	if d.Status == dataset.StatusFailed {
		fmt.Fprintf(p.w, "budgetetl: [%d/%d] %s: FAILED: %s\n", p.docs, p.total, d.Source, d.Error)
	}
}

// finish stops the bar or the lines; the summary follows.
func (p *progress) finish() {
	switch {
	case p.bar != nil:
		if !p.bar.Completed() {
			p.bar.Abort(false)
		}
		p.container.Wait()
	case p.stop != nil:
		close(p.stop)
		<-p.ticked
	}
}

// tick prints a line every interval until finish.
func (p *progress) tick() {
	defer close(p.ticked)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			fmt.Fprintln(p.w, p.line())
		}
	}
}

// line is one plain progress line.
func (p *progress) line() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	eta := "?"
	if p.docs > 0 {
		left := time.Duration(float64(time.Since(p.start)) / float64(p.docs) * float64(p.total-p.docs))
		eta = left.Round(time.Second).String()
	}
	return fmt.Sprintf("budgetetl: %d/%d documents, %d pages, %s, ETA %s", p.docs, p.total, p.pages, p.rateLocked(), eta)
}

func (p *progress) rate() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rateLocked()
}

func (p *progress) rateLocked() string {
	secs := time.Since(p.start).Seconds()
	if secs <= 0 {
		return "0.0 pages/s"
	}
	return fmt.Sprintf("%.1f pages/s", float64(p.pages)/secs)
}
