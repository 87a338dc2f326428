package extract

import (
	"math"
	"sort"
	"strings"
)

// Grid reconstruction: a page's glyphs and ruling segments become rows.
// Ruled tables are found as connected sets of crossing horizontal and
// vertical rules; their column bands (between vertical rules) and row bands
// (between horizontal rules) make a grid whose cells are merged where a
// rule is missing. Every glyph inside a table goes to the cell under its
// centre, so an amount printed against the next cell's text still lands in
// its own cell. Glyphs outside tables become free-text rows (Grid 0), one
// cell per run of text, runs being separated by wide gaps.

const (
	ruleTol = 2.0 // rules closer than this (points) are one; crossing tolerance
	runGap  = 1.5 // a gap wider than this many font sizes separates free-text runs
)

// buildRows reconstructs the rows of one page, top to bottom.
func buildRows(pl *pageLayer) []Row {
	tables := findTables(cleanSegments(pl.hrules, true), cleanSegments(pl.vrules, false))
	// where each glyph goes: into table at[i], outside every table (-1),
	// or nowhere (-2); counted first so that each table's glyphs are one
	// allocation
	at := make([]int, len(pl.glyphs))
	counts := make([]int, len(tables)+1) // the last: outside every table
	for i, g := range pl.glyphs {
		at[i] = -2
		if !finite(g.x0, g.y0, g.x1, g.y1, g.base, g.size) || strings.TrimSpace(g.text) == "" && g.text != " " {
			continue
		}
		at[i] = tableIndex(tables, g)
		counts[(at[i]+len(counts))%len(counts)]++
	}
	free := make([]glyph, 0, counts[len(tables)])
	for i, t := range tables {
		t.glyphs = make([]glyph, 0, counts[i])
	}
	for i, g := range pl.glyphs {
		switch t := at[i]; {
		case t >= 0:
			tables[t].glyphs = append(tables[t].glyphs, g)
		case t == -1:
			free = append(free, g)
		}
	}
	var rows []Row
	for i, t := range tables {
		rows = append(rows, t.rows(i+1)...)
	}
	rows = append(rows, alignedRows(free, len(tables)+1)...)
	sort.SliceStable(rows, func(i, j int) bool { return rowLess(rows[i], rows[j]) })
	for i := range rows {
		rows[i].Index = i + 1
	}
	return rows
}

// rowLess orders rows by top, then left edge.
func rowLess(a, b Row) bool {
	if math.Abs(a.Y-b.Y) > 0.5 {
		return a.Y < b.Y
	}
	return a.Cells[0].X0 < b.Cells[0].X0
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
			return false
		}
	}
	return true
}

// tableIndex is the index of the innermost table containing the centre of
// g, or -1: a page frame drawn around a table is a table too, and the
// glyphs belong to the table inside it.
func tableIndex(tables []*table, g glyph) int {
	cx, cy := (g.x0+g.x1)/2, (g.y0+g.y1)/2
	best := -1
	for i, t := range tables {
		if t.contains(cx, cy) && (best < 0 || t.area() < tables[best].area()) {
			best = i
		}
	}
	return best
}

// cleanSegments drops non-finite segments and merges collinear pieces that
// touch or overlap, so that a rule drawn cell by cell becomes one segment.
// Pieces whose positions differ by at most ruleTol/2 are collinear; within
// such a group they are merged in order of their start.
func cleanSegments(in []segment, horizontal bool) []segment {
	segs := make([]segment, 0, len(in))
	for _, s := range in {
		if finite(s.x0, s.y0, s.x1, s.y1) {
			segs = append(segs, orient(s, horizontal))
		}
	}
	sort.Slice(segs, func(i, j int) bool { return pos(segs[i], horizontal) < pos(segs[j], horizontal) })
	var out []segment
	for i := 0; i < len(segs); {
		j := i + 1
		for j < len(segs) && pos(segs[j], horizontal)-pos(segs[j-1], horizontal) <= ruleTol/2 {
			j++
		}
		group := segs[i:j]
		sort.Slice(group, func(a, b int) bool { return start(group[a], horizontal) < start(group[b], horizontal) })
		first := len(out)
		for _, s := range group {
			if n := len(out); n > first && start(s, horizontal) <= end(out[n-1], horizontal)+ruleTol {
				out[n-1] = extend(out[n-1], s, horizontal)
				continue
			}
			out = append(out, s)
		}
		i = j
	}
	return out
}

// orient normalizes a segment to be exactly horizontal or vertical.
func orient(s segment, horizontal bool) segment {
	if horizontal {
		y := (s.y0 + s.y1) / 2
		return segment{math.Min(s.x0, s.x1), y, math.Max(s.x0, s.x1), y}
	}
	x := (s.x0 + s.x1) / 2
	return segment{x, math.Min(s.y0, s.y1), x, math.Max(s.y0, s.y1)}
}

// pos is the fixed coordinate of a segment; start and end its extent.
func pos(s segment, horizontal bool) float64 {
	if horizontal {
		return s.y0
	}
	return s.x0
}

func start(s segment, horizontal bool) float64 {
	if horizontal {
		return s.x0
	}
	return s.y0
}

func end(s segment, horizontal bool) float64 {
	if horizontal {
		return s.x1
	}
	return s.y1
}

func extend(a, b segment, horizontal bool) segment {
	if horizontal {
		a.x0, a.x1 = math.Min(a.x0, b.x0), math.Max(a.x1, b.x1)
	} else {
		a.y0, a.y1 = math.Min(a.y0, b.y0), math.Max(a.y1, b.y1)
	}
	return a
}

// crosses reports whether horizontal h and vertical v meet.
func crosses(h, v segment) bool {
	return v.x0 >= h.x0-ruleTol && v.x0 <= h.x1+ruleTol && h.y0 >= v.y0-ruleTol && h.y0 <= v.y1+ruleTol
}

// unionFind is a disjoint-set forest over 0..n-1.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) { u[u.find(a)] = u.find(b) }

// findTables groups crossing rules into tables, ordered top to bottom.
func findTables(hs, vs []segment) []*table {
	u := newUnionFind(len(hs) + len(vs))
	for i, h := range hs {
		for j, v := range vs {
			if crosses(h, v) {
				u.union(i, len(hs)+j)
			}
		}
	}
	groups := map[int]*table{}
	var order []int
	for i := range u {
		root := u.find(i)
		t := groups[root]
		if t == nil {
			t = &table{}
			groups[root] = t
			order = append(order, root)
		}
		if i < len(hs) {
			t.h = append(t.h, hs[i])
		} else {
			t.v = append(t.v, vs[i-len(hs)])
		}
	}
	var tables []*table
	for _, root := range order {
		if t := groups[root]; t.setBands() {
			tables = append(tables, t)
		}
	}
	sort.SliceStable(tables, func(i, j int) bool { return tables[i].ys[0] < tables[j].ys[0] })
	return tables
}

// cluster sorts vs and merges values closer than ruleTol into their mean.
func cluster(vs []float64) []float64 {
	sort.Float64s(vs)
	var out []float64
	n := 0
	for _, v := range vs {
		if len(out) > 0 && v-out[len(out)-1] <= ruleTol {
			out[len(out)-1] = (out[len(out)-1]*float64(n) + v) / float64(n+1)
			n++
			continue
		}
		out, n = append(out, v), 1
	}
	return out
}

// band returns the index i of the band [bounds[i], bounds[i+1]) holding v,
// clamped to the valid bands.
func band(bounds []float64, v float64) int {
	i := sort.SearchFloat64s(bounds, v) - 1
	return max(0, min(i, len(bounds)-2))
}
