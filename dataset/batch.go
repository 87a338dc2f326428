package dataset

// Batch is everything a run writes for one document: its documents.csv row,
// its facts and its checks. Pipelines hand batches to sinks one document at
// a time, in input order.
type Batch struct {
	Document Document
	Facts    []Fact
	Checks   []Check
}
