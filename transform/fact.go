package transform

import "github.com/budgetetl/budgetetl/dataset"

// DocInfo is what transform learns about a document as a whole: a row of
// documents.csv without the run's bookkeeping.
type DocInfo struct {
	UnitName    string
	Province    string
	City        string
	County      string
	Year        string
	DocKind     dataset.DocKind // budget or final
	Unit        dataset.Unit    // the unit most tables declare
	TablesFound []dataset.TableID
	TablesEmpty []dataset.TableID
	Template    bool // a blank template: titles and headers, no amounts
	// NotDisclosure names what the document is when its cover says it is
	// no budget or final account (a 绩效评价报告): its tables are not read.
	NotDisclosure string
	Scope         dataset.Scope
}
