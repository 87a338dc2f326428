package pipelines

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestStreamOrderAndWindow reads files that finish out of order and checks
// that they are emitted in input order with never more than window
// documents read ahead of the one emitted.
func TestStreamOrderAndWindow(t *testing.T) {
	files := make([]string, 50)
	for i := range files {
		files[i] = fmt.Sprint(i)
	}
	const window = 3
	var started, emitted atomic.Int64
	var maxAhead atomic.Int64
	read := func(_ context.Context, path string) dataset.Batch {
		n := started.Add(1)
		if ahead := n - emitted.Load(); ahead > maxAhead.Load() {
			maxAhead.Store(ahead)
		}
		if len(path)%2 == 1 { // odd-length names are slow: later files overtake them
			time.Sleep(time.Millisecond)
		}
		return dataset.Batch{Document: dataset.Document{Source: path}}
	}
	var got []string
	emit := func(b dataset.Batch) error {
		got = append(got, b.Document.Source)
		emitted.Add(1)
		return nil
	}
	if err := stream(context.Background(), files, 4, window, read, emit); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(files) {
		t.Errorf("emitted %v, want %v", got, files)
	}
	if m := maxAhead.Load(); m > window {
		t.Errorf("%d documents read ahead of the one emitted, want at most %d", m, window)
	}
}

// TestStreamEmitError stops at the first sink error and returns it.
func TestStreamEmitError(t *testing.T) {
	files := []string{"a", "b", "c", "d", "e", "f"}
	boom := errors.New("disk full")
	var emitted int
	emit := func(b dataset.Batch) error {
		emitted++
		if b.Document.Source == "b" {
			return boom
		}
		return nil
	}
	read := func(_ context.Context, path string) dataset.Batch {
		return dataset.Batch{Document: dataset.Document{Source: path}}
	}
	if err := stream(context.Background(), files, 2, 2, read, emit); !errors.Is(err, boom) {
		t.Errorf("stream error = %v, want %v", err, boom)
	}
	if emitted != 2 {
		t.Errorf("emit called %d times, want 2 (stops after the failing one)", emitted)
	}
}

// TestStreamCancelled returns the context's error.
func TestStreamCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	read := func(context.Context, string) dataset.Batch { return dataset.Batch{} }
	err := stream(ctx, []string{"a", "b"}, 1, 1, read, func(dataset.Batch) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("stream error = %v, want context.Canceled", err)
	}
}
