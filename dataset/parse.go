package dataset

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// ErrColumns is returned for a record whose length is not that of the
// row's column list.
var ErrColumns = errors.New("wrong number of columns")

// ParseFact reads a record written by Fact.Record.
func ParseFact(rec []string) (Fact, error) {
	if len(rec) != len(FactColumns) {
		return Fact{}, fmt.Errorf("fact: %d fields, want %d: %w", len(rec), len(FactColumns), ErrColumns)
	}
	amount, err := decimal.NewFromString(rec[16])
	if err != nil {
		return Fact{}, fmt.Errorf("fact amount_yuan %q: %w", rec[16], err)
	}
	row, err := strconv.Atoi(rec[20])
	if err != nil {
		return Fact{}, fmt.Errorf("fact row %q: %w", rec[20], err)
	}
	return Fact{DocID: rec[0], UnitName: rec[1], Province: rec[2], City: rec[3], County: rec[4], Year: rec[5],
		DocKind: DocKind(rec[6]), Table: TableID(rec[7]), Flow: Flow(rec[8]), RowKind: RowKind(rec[9]),
		FuncCode: rec[10], EconCode: rec[11], GovEconCode: rec[12], CodeSource: CodeSource(rec[13]),
		Item: rec[14], Column: Column(rec[15]), AmountYuan: amount, UnitPublished: Unit(rec[17]),
		Source: rec[18], Page: rec[19], Row: row, SubUnit: rec[21]}, nil
}

// ParseDocument reads a record written by Document.Record.
func ParseDocument(rec []string) (Document, error) {
	if len(rec) != len(DocumentColumns) {
		return Document{}, fmt.Errorf("document: %d fields, want %d: %w", len(rec), len(DocumentColumns), ErrColumns)
	}
	var ints [4]int
	for i, at := range [4]int{3, 13, 14, 15} {
		n, err := strconv.Atoi(rec[at])
		if err != nil {
			return Document{}, fmt.Errorf("document %s %q: %w", DocumentColumns[at], rec[at], err)
		}
		ints[i] = n
	}
	return Document{DocID: rec[0], Source: rec[1], Format: rec[2], Pages: ints[0], UnitName: rec[4],
		Province: rec[5], City: rec[6], County: rec[7], Year: rec[8], DocKind: DocKind(rec[9]),
		UnitPublished: Unit(rec[10]), TablesFound: SplitTables(rec[11]), TablesEmpty: SplitTables(rec[12]),
		Facts: ints[1], ChecksPassed: ints[2], ChecksFailed: ints[3], Status: Status(rec[16]), Error: rec[17],
		DuplicateOf: rec[18], Scope: Scope(rec[19]), Engine: rec[20]}, nil
}

// ParseCheck reads a record written by Check.Record.
func ParseCheck(rec []string) (Check, error) {
	if len(rec) != len(CheckColumns) {
		return Check{}, fmt.Errorf("check: %d fields, want %d: %w", len(rec), len(CheckColumns), ErrColumns)
	}
	var amounts [4]decimal.NullDecimal
	for i := range amounts {
		s := rec[4+i]
		if s == "" {
			continue
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return Check{}, fmt.Errorf("check %s %q: %w", CheckColumns[4+i], s, err)
		}
		amounts[i] = Amount(d)
	}
	row := 0
	if rec[11] != "" {
		n, err := strconv.Atoi(rec[11])
		if err != nil {
			return Check{}, fmt.Errorf("check row %q: %w", rec[11], err)
		}
		row = n
	}
	return Check{DocID: rec[0], Check: CheckID(rec[1]),
		Position: Position{Table: TableID(rec[2]), Page: rec[10], Row: row, Column: rec[12]},
		Item:     rec[3], Expected: amounts[0], Actual: amounts[1], Diff: amounts[2], Tolerance: amounts[3],
		Status: CheckStatus(rec[8]), Detail: rec[9]}, nil
}
