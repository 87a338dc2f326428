// Package load writes the canonical tables (facts, documents, checks) of a
// run: CSV files by default. Output is byte-stable: the same inputs give the
// same bytes whatever the order the documents were read in.
package load
