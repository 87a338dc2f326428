// Package pipelines wires the stages: it finds the input files, reads each
// with extract, transforms it, and hands the results to load, with a pool
// of workers and progress reporting. One bad file never stops a run: each
// document is read in a worker process of its own pool under a deadline
// and a memory ceiling (isolate.go, worker.go), so that a crash, a hang or
// memory exhausted fails that document alone; in-process reads keep a
// per-document recover.
package pipelines
