package dataset

// Batch is everything a run writes for one document: its documents.csv row,
// its facts and its checks. Pipelines hand batches to sinks one document at
// a time, in input order.
type Batch struct {
	Document Document
	Facts    []Fact
	Checks   []Check
	// ErrorAt is where a failed document's error stands, as far as the
	// reader says (the page or sheet); it is no column of the outputs, it
	// is for the quarantine report.
	ErrorAt Position
}
