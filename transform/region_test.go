package transform

import (
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/budgetetl/budgetetl/extract"
)

// TestFillRegion checks the region read from a unit name's prefix (province
// from a city, a municipality's unit has no city, CONVENTIONS B11/P5), and
// that a city named without 市 counts only where the document names it in full.
func TestFillRegion(t *testing.T) {
	tests := []struct {
		unit                   string
		loose                  []string
		province, city, county string
	}{
		{"上海市普陀区商务委员会", nil, "上海市", "", "普陀区"},
		{"上海市普陀区人民政府万里街道办事处", nil, "上海市", "", "普陀区"},
		{"晋城市乡村振兴中心", nil, "山西省", "晋城市", ""},
		{"阳城县农业技术推广中心", nil, "山西省", "晋城市", "阳城县"},
		{"江苏省人民检察院", nil, "江苏省", "", ""},
		{"中共江苏省委办公厅", nil, "江苏省", "", ""},
		{"中国共产党广州市委员会宣传部", nil, "广东省", "广州市", ""},
		{"山西省晋城市阳城县财政局", nil, "山西省", "晋城市", "阳城县"},
		{"北京市信访办公室", nil, "北京市", "", ""},
		{"西安市审计局", nil, "陕西省", "西安市", ""},
		{"长沙职业教育基地综合协调办公室", []string{"长沙市人民政府批准"}, "湖南省", "长沙市", ""},
		{"长沙职业教育基地综合协调办公室", []string{"本部门"}, "", "", ""},
		{"办公厅", nil, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			info := DocInfo{UnitName: tt.unit}
			fillRegion(&info, tt.loose, nil)
			if info.Province != tt.province || info.City != tt.city || info.County != tt.county {
				t.Errorf("fillRegion(%s) = %q %q %q, want %q %q %q", tt.unit, info.Province, info.City, info.County,
					tt.province, tt.city, tt.county)
			}
		})
	}
}

// TestRegionFromTables finds the city a unit's short name implies in the
// cells of the document's tables when its other text never names it in
// full (长沙职业教育基地… whose “三公” table lists 长沙市教育局).
func TestRegionFromTables(t *testing.T) {
	tables := []*RawTable{{ID: dataset.ThreePublic, Body: []BodyRow{
		{Page: "20", Row: extract.Row{Cells: []extract.Cell{{Col: 0, Text: "长沙市教育局"}, {Col: 1, Text: "0.50"}}}},
	}}}
	info := DocInfo{UnitName: "长沙职业教育基地综合协调办公室"}
	fillRegion(&info, []string{"本部门"}, tables)
	if info.Province != "湖南省" || info.City != "长沙市" {
		t.Errorf("region %q %q, want 湖南省 长沙市", info.Province, info.City)
	}
}
