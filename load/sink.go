package load

import (
	"context"

	"github.com/budgetetl/budgetetl/dataset"
)

// Sink is a destination of a run's rows.
//
// Write receives the rows of one document (its documents.csv row, facts and
// checks) and is called once per document, in input order, from one
// goroutine. A database sink commits each document as one transaction that
// replaces any earlier rows of the same doc_id; a file sink keeps the rows
// out of sight until Close. Close flushes and commits what was written (an
// atomic rename for files) and releases the sink; Abort releases it without
// committing, so a file destination keeps what it held before the run.
// After Close or Abort no method is called again.
type Sink interface {
	Write(ctx context.Context, b dataset.Batch) error
	Close() error
	Abort() error
}
