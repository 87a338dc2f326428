package dataset

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// regionsTSV is China's administrative divisions to county level
// (province, city, county a line), from the 国家统计局's 2023 codes.
//
//go:embed regions.tsv
var regionsTSV string

// Region is where a document's unit stands: province (省级), city (市级),
// county (县/区). Any part may be unknown (empty).
type Region struct {
	Province, City, County string
}

// ErrUnknownRegion is the cause of the error for a region name that is no
// province, city or county of the shipped list (regions.tsv), or one that
// does not lie in the province or city named with it.
var ErrUnknownRegion = errors.New("not in the list of China's provinces, cities and counties")

// regionIndex is regions.tsv as sets, read once.
type regionIndex struct {
	provinces map[string]bool
	cities    map[string][]string // city → its provinces
	counties  map[string][][2]string
}

var regions = sync.OnceValue(func() *regionIndex {
	idx := &regionIndex{provinces: map[string]bool{}, cities: map[string][]string{}, counties: map[string][][2]string{}}
	for _, line := range strings.Split(regionsTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		idx.provinces[f[0]] = true
		if f[1] != "" && !slices.Contains(idx.cities[f[1]], f[0]) {
			idx.cities[f[1]] = append(idx.cities[f[1]], f[0])
		}
		if f[2] != "" {
			idx.counties[f[2]] = append(idx.counties[f[2]], [2]string{f[0], f[1]})
		}
	}
	return idx
})

// Validate checks every name set in r against the shipped list: the 34
// provincial divisions, 333 prefecture-level cities (地级市, 自治州, 地区,
// 盟) and about 2,900 county-level ones (县, 区, 县级市, 旗), and that a city
// lies in the province and a county in the city (or, with no city, the
// province) named with it. County names repeat across China (普陀区 is in
// 上海市 and 舟山市), so a county alone is only checked to exist.
func (r Region) Validate() error {
	idx := regions()
	if r.Province != "" && !idx.provinces[r.Province] {
		return fmt.Errorf("province %q: %w", r.Province, ErrUnknownRegion)
	}
	if r.City != "" {
		ps, ok := idx.cities[r.City]
		if !ok {
			return fmt.Errorf("city %q: %w", r.City, ErrUnknownRegion)
		}
		if r.Province != "" && !slices.Contains(ps, r.Province) {
			return fmt.Errorf("city %q is not in %s: %w", r.City, r.Province, ErrUnknownRegion)
		}
	}
	if r.County != "" {
		places, ok := idx.counties[r.County]
		if !ok {
			return fmt.Errorf("county %q: %w", r.County, ErrUnknownRegion)
		}
		for _, p := range places {
			if (r.Province == "" || r.Province == p[0]) && (r.City == "" || r.City == p[1]) {
				return nil
			}
		}
		return fmt.Errorf("county %q is not in %s%s: %w", r.County, r.Province, r.City, ErrUnknownRegion)
	}
	return nil
}
