// Package transform turns the raw pages of an extracted document into the
// canonical facts of SCHEMA.md: it recognizes the standard tables by their
// titles, maps their headers to canonical column ids, reads codes, labels and
// amounts (exact decimals, converted to 元), and validates the arithmetic the
// tables promise.
package transform
