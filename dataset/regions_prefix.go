package dataset

import (
	"strings"
	"unicode/utf8"
)

// RegionOf reads the region a unit name starts with (广州市…, 上海市普陀区…,
// 西安市审计局, 江苏省委办公厅): the longest province name, then a city of
// that province (or of any, whose province then follows from the list),
// then a county in that city or province. A municipality (北京市) is the
// province, with no city. A county alone fills its city and province only
// where its name is unique in China. With short, a city may also be named
// without its 市 (长沙职业教育基地 → 长沙市) when that short name is unique;
// callers allow it only where the document prints the full name too.
func RegionOf(name string, short bool) Region {
	idx := regions()
	var r Region
	rest := name
	if strings.HasPrefix(rest, "首都") {
		return Region{Province: "北京市"} // 首都绿化委员会办公室: the capital's
	}
	if p := idx.longestProvince(rest); p != "" {
		r.Province, rest = p, rest[len(p):]
	} else if p, n := idx.shortProvince(rest, short); p != "" {
		r.Province, rest = p, rest[n:]
	}
	if !Municipality(r.Province) {
		if c, n := idx.longestCity(rest, r.Province, short); c != "" {
			r.City, rest = c, rest[n:]
			if r.Province == "" {
				if ps := idx.cities[c]; len(ps) == 1 {
					r.Province = ps[0]
				}
			}
		}
	}
	if c := idx.longestCounty(rest, r); c != "" {
		r.County = c
		if r.Province == "" && r.City == "" {
			if places := idx.counties[c]; len(places) == 1 {
				r.Province, r.City = places[0][0], places[0][1]
			}
		}
	}
	return r
}

// Municipality reports a 直辖市 (北京市, 天津市, 上海市, 重庆市).
func Municipality(province string) bool {
	switch province {
	case "北京市", "天津市", "上海市", "重庆市":
		return true
	}
	return false
}

// shortProvince finds a province named without its 省 or 市 (北京城市副中心…
// → 北京市), with short only, not followed by a division word.
func (idx *regionIndex) shortProvince(s string, short bool) (string, int) {
	if !short {
		return "", 0
	}
	for p := range idx.provinces {
		stem := strings.TrimRight(p, "省市")
		if stem != p && utf8.RuneCountInString(stem) >= 2 && strings.HasPrefix(s, stem) && !regionWordAt(s[len(stem):]) {
			return p, len(stem)
		}
	}
	return "", 0
}

func (idx *regionIndex) longestProvince(s string) string {
	best := ""
	for p := range idx.provinces {
		if len(p) > len(best) && strings.HasPrefix(s, p) {
			best = p
		}
	}
	return best
}

// longestCity finds the city name s starts with, in province when one is
// known; with short, also a city name less its 市 (not followed by 市 or
// 区 or 县, and unique).
func (idx *regionIndex) longestCity(s, province string, short bool) (string, int) {
	best, n := "", 0
	for c, ps := range idx.cities {
		if province != "" && !containsString(ps, province) {
			continue
		}
		switch {
		case len(c) > n && strings.HasPrefix(s, c):
			best, n = c, len(c)
		case short && strings.HasSuffix(c, "市"):
			stem := strings.TrimSuffix(c, "市")
			if utf8.RuneCountInString(stem) >= 2 && len(stem) > n && strings.HasPrefix(s, stem) && !regionWordAt(s[len(stem):]) {
				best, n = c, len(stem)
			}
		}
	}
	return best, n
}

// regionWordAt reports a division word right after a short city name
// (长沙县 is not 长沙市).
func regionWordAt(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("市区县州盟旗", r)
}

// longestCounty finds the county name s starts with that lies in the region
// found so far.
func (idx *regionIndex) longestCounty(s string, in Region) string {
	best := ""
	for c, places := range idx.counties {
		if len(c) <= len(best) || !strings.HasPrefix(s, c) {
			continue
		}
		for _, p := range places {
			if (in.Province == "" || in.Province == p[0]) && (in.City == "" || in.City == p[1]) {
				best = c
				break
			}
		}
	}
	return best
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
