package pipelines

import (
	"context"
	"errors"
	"fmt"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/load"
)

// Merge joins the output directories of the shards of one run (run
// --shard K/N) into sinks, giving the bytes the single run writes: the
// documents in the run's order (by source: each shard's are in that order
// already, so the merge holds one document per shard at a time), and
// duplicates marked again across all of them (a document's original may
// be in another shard). It closes the sinks, or aborts them on an error.
func Merge(ctx context.Context, dirs []string, sinks []load.Sink) (sum Summary, err error) {
	defer func() {
		if err != nil {
			abort(sinks)
		}
	}()
	heads := make([]*shardReader, len(dirs))
	for i, dir := range dirs {
		heads[i] = readShard(ctx, dir)
	}
	defer func() {
		for _, h := range heads {
			h.stop()
		}
	}()
	dups := newDuplicates()
	for {
		next := -1
		for i, h := range heads {
			if h.err != nil {
				return sum, fmt.Errorf("merge %s: %w", h.dir, h.err)
			}
			if h.ok && (next < 0 || h.b.Document.Source < heads[next].b.Document.Source) {
				next = i
			}
		}
		if next < 0 {
			break
		}
		b := heads[next].b
		b.Document.DuplicateOf = ""
		dups.mark(&b.Document)
		sum.add(b.Document)
		for _, s := range sinks {
			if err := s.Write(ctx, b); err != nil {
				return sum, fmt.Errorf("%s: %w", b.Document.Source, err)
			}
		}
		heads[next].advance()
	}
	for i, s := range sinks {
		if err := s.Close(); err != nil {
			abort(sinks[i+1:])
			sinks = nil
			return sum, err
		}
	}
	return sum, nil
}

// shardReader pulls one shard's batches, in order, from load.ReadDir.
type shardReader struct {
	dir  string
	next chan dataset.Batch
	done chan struct{}
	errc chan error
	b    dataset.Batch
	ok   bool
	err  error
}

var errMergeStopped = errors.New("merge stopped")

func readShard(ctx context.Context, dir string) *shardReader {
	r := &shardReader{dir: dir, next: make(chan dataset.Batch), done: make(chan struct{}), errc: make(chan error, 1)}
	go func() {
		defer close(r.next)
		r.errc <- load.ReadDir(dir, func(b dataset.Batch) error {
			select {
			case r.next <- b:
				return nil
			case <-r.done:
				return errMergeStopped
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	r.advance()
	return r
}

// advance takes the shard's next batch; at the end ok is false, and err
// says why ReadDir stopped early.
func (r *shardReader) advance() {
	r.b, r.ok = <-r.next
	if !r.ok {
		if err := <-r.errc; err != nil && !errors.Is(err, errMergeStopped) {
			r.err = err
		}
		r.errc <- nil // advance may be called again at the end
	}
}

func (r *shardReader) stop() {
	select {
	case <-r.done:
	default:
		close(r.done)
	}
}
