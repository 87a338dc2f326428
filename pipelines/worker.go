package pipelines

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
	"github.com/budgetetl/budgetetl/transform"
)

// The child side of isolation: a worker process reads documents one at a
// time for its parent and streams each document's rows back.
//
// The protocol, gob on the worker's stdin and stdout: the parent sends one
// workerHello, then a workerRequest per document; for each request the
// worker answers with one workerReply, in order, and ends when its stdin
// does. Anything that stops a reply (a crash, a memory ceiling, a kill) is
// the parent's to report; the worker never writes anything else to stdout.

// workerHello configures a worker.
type workerHello struct {
	Extract   extract.Options
	Meta      transform.Meta
	DocMemory int64 // the worker's memory ceiling in bytes; 0 for none
	Procs     int   // GOMAXPROCS: the pool's workers share the machine's CPUs
}

// workerRequest asks for one document.
type workerRequest struct {
	Path string
}

// workerReply is one document's rows, and the worker's memory after it: what
// it holds (so that the parent can retire a worker that stays large) and
// its peak so far, in bytes.
type workerReply struct {
	Batch          dataset.Batch
	Resident, Peak int64
}

// ServeWorker runs a worker: it reads the parent's requests from stdin and
// writes the replies to stdout (os.Stdout is pointed at stderr meanwhile,
// so that nothing else reaches the stream). It returns when stdin ends.
// The command line's hidden reader command calls it; Isolation.Worker
// names that command.
func ServeWorker() error {
	out := os.Stdout
	os.Stdout = os.Stderr
	return serveWorker(os.Stdin, out, ProcessFile)
}

// serveWorker serves requests from r on w, reading each document with read.
func serveWorker(r io.Reader, w io.Writer, read func(ctx context.Context, path string, cfg Config) dataset.Batch) error {
	dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
	var hello workerHello
	if err := dec.Decode(&hello); err != nil {
		return fmt.Errorf("worker: reading its configuration: %w", err)
	}
	if hello.DocMemory > 0 {
		if err := limitMemory(hello.DocMemory); err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		// Collect when the heap has grown 9× rather than 2×: reading a
		// document makes much short-lived garbage, and the collector took
		// a fifth of the CPU (corpus/real and cities, --workers 1: about
		// 20% less CPU, peak worker RSS 160 → 250 MB). Near 2/5 of the
		// ceiling the limit makes it collect hard: well before the
		// ceiling, and below the half at which the pool replaces a worker
		// that stays large.
		debug.SetGCPercent(800)
		debug.SetMemoryLimit(hello.DocMemory / 5 * 2)
	}
	if hello.Procs > 0 {
		runtime.GOMAXPROCS(hello.Procs)
	}
	cfg := Config{Extract: hello.Extract, Meta: hello.Meta}
	for {
		var req workerRequest
		err := dec.Decode(&req)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("worker: reading a request: %w", err)
		}
		reply := workerReply{Batch: read(context.Background(), req.Path, cfg), Resident: residentBytes(), Peak: selfPeakResident()}
		if err := enc.Encode(&reply); err != nil {
			return fmt.Errorf("worker: writing %s: %w", req.Path, err)
		}
	}
}
