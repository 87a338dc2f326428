package load

// Document is a row of documents.csv (SCHEMA.md): one per input file.
type Document struct {
	DocID         string `csv:"doc_id"`
	Source        string `csv:"source"`
	Format        string `csv:"format"`
	Pages         int    `csv:"pages"`
	UnitName      string `csv:"unit_name"`
	Province      string `csv:"province"`
	City          string `csv:"city"`
	County        string `csv:"county"`
	Year          string `csv:"year"`
	DocKind       string `csv:"doc_kind"`
	UnitPublished string `csv:"unit_published"`
	TablesFound   string `csv:"tables_found"`
	TablesEmpty   string `csv:"tables_empty"`
	Facts         int    `csv:"facts"`
	ChecksPassed  int    `csv:"checks_passed"`
	ChecksFailed  int    `csv:"checks_failed"`
	Status        string `csv:"status"`
	Error         string `csv:"error"`
}

// Document statuses.
const (
	StatusOK       = "ok"
	StatusWarnings = "warnings"
	StatusFailed   = "failed"
)
