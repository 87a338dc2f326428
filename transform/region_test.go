package transform

import "testing"

// TestFillRegion checks the region read from a unit name's prefix, and that
// pipeline metadata wins.
func TestFillRegion(t *testing.T) {
	tests := []struct {
		unit                   string
		meta                   Meta
		province, city, county string
	}{
		{"上海市普陀区商务委员会", Meta{}, "上海市", "", "普陀区"},
		{"上海市普陀区人民政府万里街道办事处", Meta{}, "上海市", "", "普陀区"},
		{"晋城市乡村振兴中心", Meta{}, "", "晋城市", ""},
		{"阳城县农业技术推广中心", Meta{}, "", "", "阳城县"},
		{"江苏省人民检察院", Meta{}, "江苏省", "", ""},
		{"中共江苏省委办公厅", Meta{}, "江苏省", "", ""},
		{"中国共产党江苏省委员会办公厅", Meta{}, "江苏省", "", ""},
		{"山西省晋城市阳城县财政局", Meta{}, "山西省", "晋城市", "阳城县"},
		{"晋城市乡村振兴中心", Meta{Province: "山西省"}, "山西省", "", ""},
		{"办公厅", Meta{}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			info := DocInfo{UnitName: tt.unit}
			fillRegion(&info, tt.meta)
			if info.Province != tt.province || info.City != tt.city || info.County != tt.county {
				t.Errorf("fillRegion(%s) = %q %q %q, want %q %q %q", tt.unit, info.Province, info.City, info.County,
					tt.province, tt.city, tt.county)
			}
		})
	}
}
