package pipelines

import (
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

func TestApplyRegion(t *testing.T) {
	tests := []struct {
		name     string
		doc      dataset.Region
		flags    dataset.Region
		want     dataset.Region
		conflict bool
		fromPath bool
	}{
		{"fills the province of a city", dataset.Region{City: "晋城市"}, dataset.Region{Province: "山西省"},
			dataset.Region{Province: "山西省", City: "晋城市"}, false, false},
		{"fills all of a silent document", dataset.Region{}, dataset.Region{Province: "山西省", City: "晋城市", County: "阳城县"},
			dataset.Region{Province: "山西省", City: "晋城市", County: "阳城县"}, false, false},
		{"agrees", dataset.Region{Province: "山西省", City: "晋城市"}, dataset.Region{Province: "山西省"},
			dataset.Region{Province: "山西省", City: "晋城市"}, false, false},
		{"conflict keeps the document, fills nothing below", dataset.Region{Province: "上海市"},
			dataset.Region{Province: "山西省", City: "晋城市"}, dataset.Region{Province: "上海市"}, true, false},
		{"a province the city is not in", dataset.Region{City: "晋城市"}, dataset.Region{Province: "上海市"},
			dataset.Region{City: "晋城市"}, true, false},
		{"a name outside the list is filled", dataset.Region{City: "新城市"}, dataset.Region{Province: "山西省"},
			dataset.Region{Province: "山西省", City: "新城市"}, false, false},
		{"conflict below fills above", dataset.Region{City: "太原市"}, dataset.Region{Province: "山西省", City: "晋城市"},
			dataset.Region{Province: "山西省", City: "太原市"}, true, false},
		{"from the path: a conflict says so", dataset.Region{City: "太原市"}, dataset.Region{Province: "山西省", City: "晋城市"},
			dataset.Region{Province: "山西省", City: "太原市"}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dataset.Document{DocID: "d", Source: "a.xlsx", Status: dataset.StatusOK,
				Province: tt.doc.Province, City: tt.doc.City, County: tt.doc.County}
			b := dataset.Batch{Document: d, Facts: []dataset.Fact{{DocID: "d", Province: d.Province, City: d.City, County: d.County}}}
			applyRegion(&b, regionClaim{Region: tt.flags, fromPath: tt.fromPath})
			got := dataset.Region{Province: b.Document.Province, City: b.Document.City, County: b.Document.County}
			fact := dataset.Region{Province: b.Facts[0].Province, City: b.Facts[0].City, County: b.Facts[0].County}
			if got != tt.want || fact != tt.want {
				t.Errorf("document %+v, fact %+v; want %+v", got, fact, tt.want)
			}
			conflict := len(b.Checks) == 1 && b.Checks[0].Check == dataset.CheckRegionConflict && b.Checks[0].Status == dataset.Warn
			if conflict {
				want := "a.xlsx: --city 晋城市, the document says 太原市 (kept)"
				if tt.fromPath {
					want = "a.xlsx: city 晋城市 from its path, the document says 太原市 (kept)"
				}
				if tt.want.City == "太原市" && b.Checks[0].Detail != want {
					t.Errorf("detail %q, want %q", b.Checks[0].Detail, want)
				}
			}
			if conflict != tt.conflict || (conflict && b.Document.Status != dataset.StatusWarnings) {
				t.Errorf("checks %+v, status %s; want a conflict warning: %v", b.Checks, b.Document.Status, tt.conflict)
			}
		})
	}
}
