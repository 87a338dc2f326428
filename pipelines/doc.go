// Package pipelines wires the stages: it finds the input files, reads each
// with extract, transforms it, and hands the results to load, with a pool
// of workers, progress reporting and a per-document recover so that one bad
// file never stops a run.
package pipelines
