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

// Keeper is a Sink whose committed output records what it was made from,
// so that a run that would write the same output again keeps it instead
// (CSV). Stamp, called before Close, names what the output being written
// is made from: an opaque string the run computes from its documents,
// their stored results and the budgetetl version ("" records nothing).
// Holds reports whether the committed output was made from stamp, with the
// sink's own options, and is still as it was committed. Keep ends the
// sink in place of Close, leaving the committed output as it is.
type Keeper interface {
	Sink
	Stamp(stamp string)
	Holds(stamp string) bool
	Keep() error
}
