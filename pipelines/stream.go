package pipelines

import (
	"context"
	"sync"

	"github.com/budgetetl/budgetetl/dataset"
)

// readFunc reads one input into its rows.
type readFunc func(ctx context.Context, path string) dataset.Batch

// stream reads files with workers goroutines and hands each document's
// batch to emit in the order of files (a reorder buffer). At most window
// documents are read ahead of the next one to emit, so memory holds a few
// documents per worker whatever the number of files. When emit fails or ctx
// ends, no further file is started; the documents already read before the
// first gap are emitted, and the error is returned.
func stream(ctx context.Context, files []string, workers, window int, read readFunc, emit func(dataset.Batch) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		i int
		b dataset.Batch
	}
	jobs := make(chan int)
	results := make(chan result)
	tokens := make(chan struct{}, window) // one per document read but not yet emitted
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results <- result{i, read(ctx, files[i])}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]dataset.Batch{}
	next := 0
	var err error
	for r := range results {
		pending[r.i] = r.b
		for err == nil {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err = emit(b); err != nil {
				cancel()
			}
			<-tokens // the document is written: its slot is free
		}
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}
