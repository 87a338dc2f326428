package transform

import (
	"regexp"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
)

// partyPrefix is the party organ's prefix before a region name
// (中共江苏省委办公厅, 中国共产党广州市委员会宣传部).
var partyPrefix = regexp.MustCompile(`^(?:中国共产党|中共)`)

// fillRegion sets province, city and county from the unit name's prefix,
// read against the shipped list of China's divisions (dataset.RegionOf):
// 西安市审计局 is 陕西省 / 西安市, 北京市信访办公室 is 北京市 (a municipality:
// province, no city), 阳城县… is 山西省 / 晋城市 / 阳城县. A city named
// without its 市 (长沙职业教育基地…) counts only where the document prints the
// full name (长沙市) too, in its text or its tables. The run's --province/--city/--county fill, in
// pipelines, only what this leaves empty.
func fillRegion(info *DocInfo, loose []string, tables []*RawTable) {
	name := partyPrefix.ReplaceAllString(info.UnitName, "")
	r := dataset.RegionOf(name, false)
	if r == (dataset.Region{}) && name != "" {
		if s := dataset.RegionOf(name, true); (s.City != "" && printsName(loose, tables, s.City)) || (s.City == "" && s.Province != "" && printsName(loose, tables, s.Province)) {
			r = s
		}
	}
	info.Province, info.City, info.County = r.Province, r.City, r.County
}

// printsName reports whether the document's text names a region in full:
// a line outside its tables or a cell of one (a unit listed as 长沙市教育局).
func printsName(loose []string, tables []*RawTable, name string) bool {
	for _, l := range loose {
		if strings.Contains(l, name) {
			return true
		}
	}
	for _, t := range tables {
		for _, b := range t.Body {
			for _, c := range b.Cells {
				if strings.Contains(c.Text, name) {
					return true
				}
			}
		}
	}
	return false
}
