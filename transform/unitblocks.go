package transform

import (
	"slices"
)

// Rows under unit rows: a table listed by unit prints each unit's row
// (with its 单位编码, or its name in a name chain) over the unit's own rows.
// Structure puts the rows under the unit; the sums say which of them group
// the others, which trailing rows belong to the next unit, and which row
// printed without figures is the rest of a unit's name cut by a page break.

// continuedRows joins to the row above it a row printed without figures
// that structure makes the head of the rows after it, in a chain of name
// columns, when the row above is named in the same column, prints figures,
// heads no rows, and the rows under the figureless one add up to it: the
// row's name was cut by a page break (无锡市第 | 200.05, then atop the next
// page 一中学 over the school's four purchases). Its rows go to the row
// above, which takes the rest of its name.
func (tr *tableRead) continuedRows(lines []*line, parent []int) {
	if len(lines) == 0 {
		return
	}
	col := keyColumn(tr.Layout.Sides[lines[0].Side])
	if col < 0 {
		return
	}
	heads := headsOf(parent)
	for p := 1; p < len(lines); p++ {
		at, above := lines[p], lines[p-1]
		if len(at.Amounts) > 0 || at.depth == 0 || at.depth != above.depth || heads[p-1] || !heads[p] || at.Label == "" {
			continue
		}
		target, ok := tr.key(above, col)
		if !ok {
			continue
		}
		end := p + 1
		for end < len(lines) && parent[end] >= p {
			end++
		}
		if _, ok := parseSumTree(tr.atoms(lines[p+1:end], parent[p+1:end], fixedBy(parent)[p+1:end], p+1, col), target); !ok {
			continue
		}
		for k := p + 1; k < end; k++ {
			if parent[k] == p {
				parent[k] = p - 1
			}
		}
		above.Label += at.Label
		above.Item = CleanItem(above.Label)
		at.Label, at.Item = "", ""
		heads[p-1], heads[p] = true, false
	}
}

// unitGroups places by the sums the rows a unit row heads (a row printing
// a unit's code over the rows after it that print none): structure puts
// them under the unit, the sums say which of them group the others (通用项目
// | 专用项目 over the unit's projects). A row placed by codes or ordinals of
// its own keeps its place; where no reading adds up the rows stay directly
// under the unit, and its sum check says so.
func (tr *tableRead) unitGroups(lines []*line, parent, kids []int, fixed []bool) {
	heads := headsOf(parent)
	tr.eachUnitBlock(lines, parent, func(u, end, _ int, target term) {
		tr.parseRun(lines, u+1, end, u, target, parent, kids, freeUnder(fixed, parent, heads, u, end), false)
	})
}

// eachUnitBlock calls f for each unit row u (a row printing a unit's code)
// that prints an amount in the block's key column col and heads two rows
// or more, up to end (unitBlockEnd, as parent stands when u is reached).
func (tr *tableRead) eachUnitBlock(lines []*line, parent []int, f func(u, end, col int, target term)) {
	if len(lines) == 0 {
		return
	}
	col := keyColumn(tr.Layout.Sides[lines[0].Side])
	if col < 0 {
		return
	}
	for u, l := range lines {
		if l.unitCode == "" {
			continue
		}
		end := unitBlockEnd(lines, parent, u)
		if target, ok := tr.key(l, col); ok && end-u >= 3 {
			f(u, end, col, target)
		}
	}
}

// trimUnitBlocks gives back to the unit's own parent the last rows that
// structure puts under a unit row when its sums say they are not the
// unit's: the rows under the unit add up to it under no reading, but the
// rows before them do (西安科技大市场服务中心 955,000 over its projects, then
// 自收自支 1,350,000, the group of the next unit, printed before it without
// a unit code).
func (tr *tableRead) trimUnitBlocks(lines []*line, parent []int) {
	tr.eachUnitBlock(lines, parent, func(u, end, col int, target term) {
		free := freeUnder(fixedBy(parent), parent, headsOf(parent), u, end)
		sums := func(e int) bool { // the rows from u+1 to e add up to the unit under some reading
			_, ok := parseSumTree(tr.atoms(lines[u+1:e], parent[u+1:e], free[u+1:e], u+1, col), target)
			return ok
		}
		if sums(end) {
			return
		}
		for e := end - 1; e > u+1 && end-e <= maxTrimmed; e-- {
			if !sums(e) {
				continue
			}
			for k := e; k < end; k++ {
				if parent[k] == u {
					parent[k] = parent[u]
				}
			}
			return
		}
	})
}

// maxTrimmed bounds the rows trimUnitBlocks gives back (a group's label
// or two before the next unit), and so the sums it tries.
const maxTrimmed = 3

// headsOf marks the lines structure puts rows under.
func headsOf(parent []int) map[int]bool {
	heads := map[int]bool{}
	for _, p := range parent {
		if p >= 0 {
			heads[p] = true
		}
	}
	return heads
}

// unitBlockEnd is the end of the rows structure puts under unit row u:
// up to the next row printing a unit code.
func unitBlockEnd(lines []*line, parent []int, u int) int {
	end := u + 1
	for end < len(lines) && lines[end].unitCode == "" && parent[end] >= u {
		end++
	}
	return end
}

// freeUnder is fixed with the rows directly under unit row u (up to end)
// that head no rows of their own left free for the sums to place.
func freeUnder(fixed []bool, parent []int, heads map[int]bool, u, end int) []bool {
	free := slices.Clone(fixed)
	for k := u + 1; k < end; k++ {
		if parent[k] == u && !heads[k] {
			free[k] = false
		}
	}
	return free
}
