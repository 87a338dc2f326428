package transform

import "regexp"

var (
	provinceRe = regexp.MustCompile(`^(北京市|天津市|上海市|重庆市|[^省市县区]{2,3}省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|新疆维吾尔自治区)`)
	cityRe     = regexp.MustCompile(`^([^省市县区]{2,4}市)`)
	countyRe   = regexp.MustCompile(`^([^省市县区]{1,4}(?:县|区))`)
	// partyPrefix is the party organ's prefix before a region name
	// (中共江苏省委办公厅, 中国共产党江苏省委员会办公厅).
	partyPrefix = regexp.MustCompile(`^(?:中国共产党|中共)`)
)

// fillRegion sets province, city and county from the pipeline metadata, or
// else from the unit name when its prefix names them (上海市普陀区…,
// 晋城市…). A city whose province is not printed stays without province:
// nothing is guessed.
func fillRegion(info *DocInfo, meta Meta) {
	info.Province, info.City, info.County = meta.Province, meta.City, meta.County
	if info.Province != "" || info.City != "" || info.County != "" {
		return
	}
	rest := partyPrefix.ReplaceAllString(info.UnitName, "")
	if m := provinceRe.FindStringSubmatch(rest); m != nil {
		info.Province, rest = m[1], rest[len(m[1]):]
		if municipality(m[1]) {
			if c := countyRe.FindStringSubmatch(rest); c != nil {
				info.County = c[1]
			}
			return
		}
	}
	if m := cityRe.FindStringSubmatch(rest); m != nil {
		info.City, rest = m[1], rest[len(m[1]):]
	}
	if c := countyRe.FindStringSubmatch(rest); c != nil {
		info.County = c[1]
	}
}

func municipality(p string) bool {
	switch p {
	case "北京市", "天津市", "上海市", "重庆市":
		return true
	}
	return false
}
