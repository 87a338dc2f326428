package transform

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
)

// TestUnitGroupsLong reads a long 专项业务经费支出表 by unit (made-up figures
// from a fixed seed, the shape of Xi'an's): 合计, 全额, then 40 units by
// 单位编码, each over 通用项目 and 专用项目 > 其他履职尽责专项业务费 > projects,
// equal amounts side by side as real tables print them. Every unit, group
// and project must get its row kind, so that detail rows add up to the
// total once; a search over the whole table at once runs out of states.
func TestUnitGroupsLong(t *testing.T) {
	r := rand.New(rand.NewPCG(2022, 10))
	type row struct {
		code, name string
		fen        int64
		kind       dataset.RowKind
	}
	var units [][]row
	total := int64(0)
	for u := range 40 {
		var projects [2][]row
		var sums [2]int64
		for g := range 2 {
			for range 1 + r.IntN(5) {
				v := int64(1+r.IntN(90)) * 10000 // whole hundreds of 元, often equal
				projects[g] = append(projects[g], row{name: fmt.Sprintf("项目%d-%d-%d", u, g, len(projects[g])), fen: v, kind: dataset.KindDetail})
				sums[g] += v
			}
		}
		rows := []row{{code: fmt.Sprintf("262%03d", u+1), name: fmt.Sprintf("测试单位%d", u), fen: sums[0] + sums[1], kind: dataset.KindSubtotal},
			{name: "通用项目", fen: sums[0], kind: dataset.KindSubtotal}}
		rows = append(rows, projects[0]...)
		rows = append(rows, row{name: "专用项目", fen: sums[1], kind: dataset.KindSubtotal},
			row{name: "其他履职尽责专项业务费", fen: sums[1], kind: dataset.KindSubtotal})
		units = append(units, append(rows, projects[1]...))
		total += sums[0] + sums[1]
	}
	yuan := func(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }
	var b strings.Builder
	b.WriteString("== page 1\ng0 | 0:表10\ng0 | 0:部门综合预算专项业务经费支出表\ng0 | 0:单位：元\n")
	b.WriteString("g1 | 0:序号 | 1:单位编码 | 2:单位（项目）名称 | 3:项目金额\n")
	want := []dataset.RowKind{dataset.KindTotal, dataset.KindSubtotal}
	fmt.Fprintf(&b, "g1 | 0:1 | 2:合计 | 3:%s\ng1 | 0:2 | 1:1 | 2:全额 | 3:%s\n", yuan(total), yuan(total))
	n := 2
	for _, rows := range units {
		for _, x := range rows {
			n++
			code := ""
			if x.code != "" {
				code = " | 1:" + x.code
			}
			fmt.Fprintf(&b, "g1 | 0:%d%s | 2:%s | 3:%s\n", n, code, x.name, yuan(x.fen))
			want = append(want, x.kind)
		}
	}
	path := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := readDump(path)
	if err != nil {
		t.Fatal(err)
	}
	res := Transform(doc, Meta{DocID: "long", Source: "long.pdf"})
	if len(res.Facts) != len(want) {
		t.Fatalf("%d facts, want %d", len(res.Facts), len(want))
	}
	for i, f := range res.Facts {
		if f.RowKind != want[i] {
			t.Errorf("row %d %s: %s, want %s", f.Row, f.Item, f.RowKind, want[i])
		}
	}
	for _, c := range res.Checks {
		if c.Status != dataset.Pass {
			t.Errorf("check %s %s: %s", c.Check, c.Status, c.Detail)
		}
	}
}
