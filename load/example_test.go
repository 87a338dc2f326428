package load_test

import (
	"os"

	"github.com/budgetetl/budgetetl/load"
	"github.com/shopspring/decimal"
)

func ExampleWriteCSV() {
	type fact struct {
		Item   string          `csv:"item"`
		Amount decimal.Decimal `csv:"amount_yuan"`
	}
	wan := decimal.NewFromInt(10000)
	rows := []fact{
		{"一般公共预算", decimal.RequireFromString("701.48").Mul(wan)},
		{"办公费, 印刷费", decimal.RequireFromString("123.45")},
	}
	if err := load.WriteCSV(os.Stdout, rows, load.UTF8); err != nil {
		panic(err)
	}
	// Output:
	// item,amount_yuan
	// 一般公共预算,7014800
	// "办公费, 印刷费",123.45
}
