package load_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/load"
	"github.com/shopspring/decimal"
)

func ExampleCSV() {
	dir, _ := os.MkdirTemp("", "budgetetl-example")
	defer os.RemoveAll(dir)
	sink, err := load.NewCSV(dir, load.CSVOptions{})
	if err != nil {
		panic(err)
	}
	wan := decimal.NewFromInt(10000)
	batch := dataset.Batch{
		Document: dataset.Document{DocID: "d1", Status: dataset.StatusOK, Facts: 1},
		Facts: []dataset.Fact{{DocID: "d1", Table: dataset.Summary, Item: "一般公共预算", Column: dataset.Total,
			AmountYuan: decimal.RequireFromString("701.48").Mul(wan), UnitPublished: dataset.WanYuan, Row: 1}},
	}
	if err := sink.Write(context.Background(), batch); err != nil {
		panic(err)
	}
	if err := sink.Close(); err != nil {
		panic(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, load.FactsFile))
	fmt.Print(string(b))
	// Output:
	// doc_id,unit_name,province,city,county,year,doc_kind,table,flow,row_kind,func_code,econ_code,gov_econ_code,code_source,item,column,amount_yuan,unit_published,source,page,row,sub_unit
	// d1,,,,,,,summary,,,,,,,一般公共预算,total,7014800,万元,,,1,
}
