package pipelines

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
)

// The parent side of isolation: each document is read in a worker process
// (ServeWorker), one of a small pool, under a deadline and a memory
// ceiling. A worker that crashes, runs out of time or over its ceiling is
// killed and replaced, and its document is failed with the reason; every
// other document is read as in-process, and the rows are byte for byte the
// same.

// Isolation says how documents are read.
type Isolation struct {
	// Worker is the command that starts a worker process, which must call
	// ServeWorker: the binary itself and its hidden reader command. Nil
	// reads documents in this process (no deadline, no ceiling: for tests
	// and debugging).
	Worker []string
	// DocTimeout is the deadline of one document; 0 means DefaultDocTimeout.
	DocTimeout time.Duration
	// DocMemory is the memory ceiling of a worker, in bytes; 0 means
	// DefaultDocMemory for the run's number of workers.
	DocMemory int64
}

// DefaultDocTimeout is the deadline of one document by default.
const DefaultDocTimeout = 120 * time.Second

// DefaultDocMemory is the memory ceiling of each of workers workers by
// default: 1 GiB, or less on a machine whose memory would not hold them all
// twice over, but not under 256 MiB.
func DefaultDocMemory(workers int) int64 {
	n := int64(1 << 30)
	if mem := physicalMemory(); mem > 0 && workers > 0 {
		n = min(n, mem/int64(2*workers))
	}
	return max(n, 256<<20)
}

// pool is the running workers of an isolated run.
type pool struct {
	iso     Isolation
	hello   workerHello
	idle    chan *worker // at most one per stream worker
	mu      sync.Mutex
	peak    int64 // the largest peak resident memory a worker reported
	started func(path string, pid int)
}

func newPool(cfg Config, workers int) *pool {
	iso := cfg.Isolation
	if iso.DocTimeout <= 0 {
		iso.DocTimeout = DefaultDocTimeout
	}
	if iso.DocMemory <= 0 {
		iso.DocMemory = DefaultDocMemory(workers)
	}
	return &pool{
		iso:     iso,
		hello:   workerHello{Extract: cfg.Extract, Meta: cfg.Meta, DocMemory: iso.DocMemory, Procs: max(1, runtime.NumCPU()/workers)},
		idle:    make(chan *worker, workers),
		started: cfg.started,
	}
}

// read reads one document in a worker; it is the pool's readFunc.
func (p *pool) read(ctx context.Context, path string) dataset.Batch {
	if err := ctx.Err(); err != nil {
		return failedBatch(path, fmt.Sprintf("not read: %v", err))
	}
	var w *worker
	select {
	case w = <-p.idle:
	default:
		var err error
		if w, err = p.start(); err != nil {
			return failedBatch(path, fmt.Sprintf("not read: starting a worker: %v", err))
		}
	}
	if p.started != nil {
		p.started(path, w.cmd.Process.Pid)
	}
	b, err := w.do(ctx, path, p.iso.DocTimeout)
	p.notePeak(w.peak)
	switch {
	case err != nil:
		p.retire(w, true)
		return failedBatch(path, p.reason(w, err))
	case w.resident > p.iso.DocMemory/2: // a worker that stays large is replaced
		p.retire(w, false)
	default:
		p.idle <- w
	}
	return b
}

// close ends the idle workers (all of them, once the run's reads are done).
func (p *pool) close() {
	for {
		select {
		case w := <-p.idle:
			p.retire(w, false)
		default:
			return
		}
	}
}

// peakResident is the largest peak resident memory a worker reported after
// a document (0 where the system does not say). A worker that ended over
// its ceiling reported none for that document. (The kernel's own count for
// a process that has ended, ru_maxrss, would not do: it starts from the
// parent's peak, since the worker is started by vfork.)
func (p *pool) peakResident() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// retire ends a worker: killed, or asked to end by closing its stdin.
func (p *pool) retire(w *worker, kill bool) {
	w.stop(kill)
}

// notePeak records a worker's reported peak.
func (p *pool) notePeak(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.peak = max(p.peak, n)
}

// Reasons a worker gave no reply.
var (
	errTimeout = errors.New("timeout")
	errCrashed = errors.New("crashed")
)

// reason is the error of a document whose worker gave no reply.
func (p *pool) reason(w *worker, err error) string {
	switch {
	case errors.Is(err, errTimeout):
		return "timeout after " + seconds(p.iso.DocTimeout)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("not read: %v", err)
	case outOfMemory(w.log.lines()):
		return "over the memory limit (" + formatBytes(p.iso.DocMemory) + ")"
	}
	telling, last := w.log.lines()
	if telling != "" {
		return "crashed (" + telling + ")"
	}
	var what []string // what the worker said last, and how it ended
	if last != "" {
		what = append(what, last)
	}
	if w.cmd.ProcessState != nil {
		what = append(what, w.cmd.ProcessState.String())
	}
	if len(what) == 0 {
		return "crashed"
	}
	return "crashed (" + strings.Join(what, "; ") + ")"
}

// outOfMemory reports whether a worker's last words say it could not map
// more memory: the Go runtime's "out of memory", the ENOMEM of an mmap
// refused at the ceiling ("cannot allocate memory"), or the race
// detector's "failed to allocate".
func outOfMemory(telling, last string) bool {
	for _, line := range []string{telling, last} {
		for _, words := range []string{"out of memory", "cannot allocate memory", "failed to allocate"} {
			if strings.Contains(line, words) {
				return true
			}
		}
	}
	return false
}

func failedBatch(path, reason string) dataset.Batch {
	return dataset.Batch{Document: dataset.Document{Source: path, Status: dataset.StatusFailed, Error: oneLine(path + ": " + reason)}}
}

// seconds prints a duration as the error messages do: 120 s, 1.5 s.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// formatBytes prints a size in the largest binary unit it reaches, to one
// decimal at most: 1 GiB, 512 MiB, 1.5 GiB.
func formatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, i := float64(n), 0
	for v >= 1024 && i < len(units)-1 {
		v, i = v/1024, i+1
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " " + units[i]
}

// worker is one worker process.
type worker struct {
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	enc      *gob.Encoder
	dec      *gob.Decoder
	log      *crashLog
	resident int64 // after its last document
	peak     int64 // its peak so far, as it reported
	exited   chan struct{}
}

// start starts a worker and sends it its configuration.
func (p *pool) start() (*worker, error) {
	cmd := exec.Command(p.iso.Worker[0], p.iso.Worker[1:]...)
	w := &worker{cmd: cmd, log: &crashLog{}, exited: make(chan struct{})}
	cmd.Stderr = w.log
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	w.stdin, w.enc, w.dec = stdin, gob.NewEncoder(stdin), gob.NewDecoder(bufio.NewReader(stdout))
	if err := w.enc.Encode(&p.hello); err != nil {
		w.stop(true)
		return nil, err
	}
	return w, nil
}

// do reads one document: it sends the request and waits for the reply, the
// deadline or the end of ctx, whichever comes first.
func (w *worker) do(ctx context.Context, path string, timeout time.Duration) (dataset.Batch, error) {
	w.log.reset()
	if err := w.enc.Encode(&workerRequest{Path: path}); err != nil {
		return dataset.Batch{}, fmt.Errorf("%w: %w", errCrashed, err)
	}
	type result struct {
		reply workerReply
		err   error
	}
	got := make(chan result, 1)
	go func() {
		var r workerReply
		err := w.dec.Decode(&r)
		got <- result{r, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var err error
	select {
	case r := <-got:
		if r.err == nil {
			w.resident, w.peak = r.reply.Resident, r.reply.Peak
			return r.reply.Batch, nil
		}
		w.stop(true)
		return dataset.Batch{}, fmt.Errorf("%w: %w", errCrashed, r.err)
	case <-timer.C:
		err = errTimeout
	case <-ctx.Done():
		err = ctx.Err()
	}
	w.stop(true)
	<-got // the reader ends with the pipe
	return dataset.Batch{}, err
}

// stop ends the process: at once, or by closing its input and waiting.
func (w *worker) stop(kill bool) {
	if kill {
		w.cmd.Process.Kill()
	}
	w.stdin.Close()
	w.cmd.Wait() // its exit, or the kill, is what we wait for; the status is in ProcessState
}

// crashLog keeps, of a worker's stderr since its current document began,
// the first line that says why a Go program ended (a fatal error, a panic,
// running out of memory), or else the last line. The rest (a goroutine
// dump can run to megabytes) is dropped.
type crashLog struct {
	mu      sync.Mutex
	partial []byte // the current line so far, capped
	line    string // the first telling line
	last    string // the last line
}

// Write implements io.Writer.
func (l *crashLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.partial = append(l.partial, b[:min(len(b), 512-len(l.partial))]...)
			break
		}
		l.partial = append(l.partial, b[:min(i, 512-len(l.partial))]...)
		l.consider(string(l.partial))
		l.partial, b = l.partial[:0], b[i+1:]
	}
	return n, nil
}

func (l *crashLog) consider(line string) {
	line = strings.TrimSpace(line)
	if line != "" {
		l.last = line
	}
	if l.line != "" {
		return
	}
	for _, p := range []string{"fatal error:", "panic:", "runtime: out of memory", "runtime: goroutine stack exceeds"} {
		if strings.HasPrefix(line, p) {
			l.line = line
			return
		}
	}
}

func (l *crashLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial, l.line, l.last = l.partial[:0], "", ""
}

// lines returns the telling line and the last line ("" when none).
func (l *crashLog) lines() (telling, last string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.partial) > 0 {
		l.consider(string(l.partial))
		l.partial = l.partial[:0]
	}
	return l.line, l.last
}
