// Package dataset is the canonical output of budgetetl, the contract of
// SCHEMA.md (v2): the three rows a run writes (Fact, Document, Check), their
// columns in contract order, the id vocabularies (tables, columns, row kinds,
// flows, units, check ids) and Position, the place in a source a row or an
// error comes from.
//
// transform produces these rows, load writes them and pipelines carries them
// from one to the other; every writer takes a row's values from its Record
// method, in the order of its Columns list, so no sink reflects on struct
// tags and no two sinks can disagree on a column.
package dataset
