package dataset

import (
	"errors"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

func TestPositionString(t *testing.T) {
	tests := []struct {
		name string
		pos  Position
		want string
	}{
		{"pdf", Position{Source: "商务委25年预算.pdf", Page: "12", Table: BasicEcon, Row: 7, Column: "total"},
			"商务委25年预算.pdf page 12 table basic_econ row 7 column total"},
		{"sheet", Position{Source: "a.xlsx", Page: "表三", Row: 5, Column: "C"}, "a.xlsx sheet 表三 row 5 column C"},
		{"table only", Position{Table: Summary}, "table summary"},
		{"empty", Position{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.pos.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorWrapsCause(t *testing.T) {
	cause := errors.New("not a number")
	err := error(&Error{Pos: Position{Source: "a.pdf", Page: "3"}, Err: cause})
	if got, want := err.Error(), "a.pdf page 3: not a number"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, cause) {
		t.Error("errors.Is(err, cause) = false")
	}
}

// TestRecordsRoundTrip checks that every row's Record has one value per
// column and that Parse reads it back to the same row.
func TestRecordsRoundTrip(t *testing.T) {
	f := Fact{DocID: "a2df391a606f31ed", UnitName: "北京市信访办公室", Province: "北京市", Year: "2026",
		DocKind: DocBudget, Table: Expense, Flow: FlowExpense, RowKind: KindDetail, FuncCode: "2010801",
		CodeSource: CodePublished, Item: "行政运行", Column: Total,
		AmountYuan: decimal.RequireFromString("70459057.45"), UnitPublished: WanYuan, Source: "b/633fab9d.pdf",
		Page: "3", Row: 4, SubUnit: "西安市审计局"}
	gotF, err := ParseFact(f.Record())
	if err != nil || !reflect.DeepEqual(gotF, f) {
		t.Errorf("ParseFact(Record()) = %+v, %v; want %+v", gotF, err, f)
	}
	d := Document{DocID: "x", Source: "a.pdf", Format: "pdf", Pages: 17, DocKind: DocFinal, UnitPublished: Yuan,
		TablesFound: []TableID{Summary, Income}, Facts: 3, ChecksPassed: 2, ChecksFailed: 1, Status: StatusWarnings,
		Error: "template", DuplicateOf: "y", Scope: ScopeUnit}
	gotD, err := ParseDocument(d.Record())
	if err != nil || !reflect.DeepEqual(gotD, d) {
		t.Errorf("ParseDocument(Record()) = %+v, %v; want %+v", gotD, err, d)
	}
	c := Check{DocID: "x", Check: CheckChildrenSum, Position: Position{Table: Expense, Page: "4", Row: 9, Column: "basic"},
		Item: "行政运行", Expected: Amount(decimal.NewFromInt(100)), Actual: Amount(decimal.NewFromInt(99)),
		Diff: Amount(decimal.NewFromInt(1)), Tolerance: Amount(decimal.NewFromInt(50)), Status: Fail, Detail: "d"}
	gotC, err := ParseCheck(c.Record())
	if err != nil || !reflect.DeepEqual(gotC, c) {
		t.Errorf("ParseCheck(Record()) = %+v, %v; want %+v", gotC, err, c)
	}
	for name, n := range map[string][2]int{
		"fact":     {len(f.Record()), len(FactColumns)},
		"document": {len(d.Record()), len(DocumentColumns)},
		"check":    {len(c.Record()), len(CheckColumns)},
	} {
		if n[0] != n[1] {
			t.Errorf("%s: Record has %d values for %d columns", name, n[0], n[1])
		}
	}
}

func TestParseRejectsShortRecords(t *testing.T) {
	if _, err := ParseFact([]string{"a"}); !errors.Is(err, ErrColumns) {
		t.Errorf("ParseFact(short) error = %v, want ErrColumns", err)
	}
	rec := Check{Check: CheckBalance, Status: Pass}.Record()
	rec[4] = "12x"
	if _, err := ParseCheck(rec); err == nil {
		t.Error("ParseCheck with amount 12x: no error")
	}
}

func TestRawColumn(t *testing.T) {
	c := RawColumn("上年结转结余/一般公共预算资金")
	if !c.IsRaw() || Total.IsRaw() {
		t.Errorf("IsRaw: %q %v, total %v", c, c.IsRaw(), Total.IsRaw())
	}
}

func TestRegionValidate(t *testing.T) {
	tests := []struct {
		r    Region
		good bool
	}{
		{Region{Province: "山西省"}, true},
		{Region{Province: "内蒙古自治区", City: "锡林郭勒盟"}, true},
		{Region{City: "晋城市", County: "阳城县"}, true},
		{Region{Province: "上海市", County: "普陀区"}, true},
		{Region{Province: "浙江省", City: "舟山市", County: "普陀区"}, true},
		{Region{County: "普陀区"}, true},
		{Region{Province: "香港特别行政区"}, true},
		{Region{Province: "台湾省", City: "台北市"}, true},
		{Region{}, true},
		{Region{Province: "山西"}, false},
		{Region{Province: "江苏省", City: "晋城市"}, false},
		{Region{City: "晋城市", County: "普陀区"}, false},
		{Region{County: "不存在县"}, false},
	}
	for _, tt := range tests {
		err := tt.r.Validate()
		if (err == nil) != tt.good || (err != nil && !errors.Is(err, ErrUnknownRegion)) {
			t.Errorf("%+v.Validate() = %v, want ok %v", tt.r, err, tt.good)
		}
	}
	if n := len(regions().provinces); n != 34 {
		t.Errorf("%d provinces in regions.tsv, want 34", n)
	}
}

func TestRegionOf(t *testing.T) {
	tests := []struct {
		name  string
		short bool
		want  Region
	}{
		{"西安市审计局", false, Region{"陕西省", "西安市", ""}},
		{"深圳市人民政府办公厅", false, Region{"广东省", "深圳市", ""}},
		{"北京市信访办公室", false, Region{"北京市", "", ""}},
		{"上海市普陀区商务委员会", false, Region{"上海市", "", "普陀区"}},
		{"晋城市乡村振兴中心", false, Region{"山西省", "晋城市", ""}},
		{"阳城县农业技术推广中心", false, Region{"山西省", "晋城市", "阳城县"}},
		{"江苏省人民检察院", false, Region{"江苏省", "", ""}},
		{"长沙职业教育基地综合协调办公室", false, Region{}},
		{"长沙职业教育基地综合协调办公室", true, Region{"湖南省", "长沙市", ""}},
		{"长沙县财政局", true, Region{"湖南省", "长沙市", "长沙县"}},
		{"首都绿化委员会办公室", false, Region{Province: "北京市"}}, // 首都: the capital
	}
	for _, tt := range tests {
		if got := RegionOf(tt.name, tt.short); got != tt.want {
			t.Errorf("RegionOf(%q, %v) = %+v, want %+v", tt.name, tt.short, got, tt.want)
		}
	}
}
