package extract

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"strings"
)

// Merged ranges: read from the sheet's own <mergeCells> (in the same pass
// as its cells), checked for overlaps in O(n log n), and recorded as the
// Span of each range's top-left cell.

// cellRange is a rectangle of cells: rows r0..r1 (1-based), columns c0..c1
// (0-based), inclusive.
type cellRange struct {
	r0, r1, c0, c1 int
	ref            string
}

// parseRange parses a range such as B2:D4 (or a single cell).
func parseRange(ref string) (cellRange, bool) {
	a, b, found := strings.Cut(strings.TrimSpace(ref), ":")
	if !found {
		b = a
	}
	c0, r0, ok0 := parseCellName(a)
	c1, r1, ok1 := parseCellName(b)
	if !ok0 || !ok1 {
		return cellRange{}, false
	}
	return cellRange{r0: min(r0, r1), r1: max(r0, r1), c0: min(c0, c1), c1: max(c0, c1), ref: ref}, true
}

// applyMerges sets the Span of the top-left cell of each merged range of
// the page. A range that cannot be read, or that overlaps one before it
// (which Excel does not allow), is a Note and is left out.
func (r *xlsxReader) applyMerges(page *Page, refs []string) {
	ranges := make([]cellRange, 0, len(refs))
	for _, ref := range refs {
		rg, ok := parseRange(ref)
		if !ok {
			r.notes.add("merged range", Note{Page: page.Name, Row: 1, Detail: fmt.Sprintf("merged range %q is not a range of cells: left out", ref)})
			continue
		}
		ranges = append(ranges, rg)
	}
	for _, rg := range r.disjoint(page.Name, ranges) {
		row := findRow(page, rg.r0)
		if rg.c1 == rg.c0 || row == nil {
			continue
		}
		if i, ok := slices.BinarySearchFunc(row.Cells, rg.c0, func(c Cell, col int) int { return cmp.Compare(c.Col, col) }); ok {
			row.Cells[i].Span = rg.c1 - rg.c0 + 1
		}
	}
}

// disjoint returns the ranges, ordered by top-left cell, without those that
// overlap a range before them (each of which is a Note). It sweeps down the
// rows keeping the columns of the ranges that span the current row in a
// segment tree: O(n log n) for n ranges.
func (r *xlsxReader) disjoint(sheet string, ranges []cellRange) []cellRange {
	slices.SortStableFunc(ranges, func(a, b cellRange) int { return cmp.Or(cmp.Compare(a.r0, b.r0), cmp.Compare(a.c0, b.c0)) })
	if len(ranges) < 2 {
		return ranges
	}
	cols := newColumnTree()
	var active endHeap // ranges spanning the current row, by last row
	kept := ranges[:0]
	for _, rg := range ranges {
		for len(active) > 0 && active[0].r1 < rg.r0 {
			done := heap.Pop(&active).(cellRange)
			cols.add(done.c0, done.c1, -1)
		}
		if cols.max(rg.c0, rg.c1) > 0 {
			r.notes.add("merged range", Note{Page: sheet, Row: rg.r0, Col: rg.c0,
				Detail: fmt.Sprintf("merged range %s overlaps another merged range: left out", rg.ref)})
			continue
		}
		cols.add(rg.c0, rg.c1, 1)
		heap.Push(&active, rg)
		kept = append(kept, rg)
	}
	return kept
}

// endHeap is a min-heap of ranges by last row.
type endHeap []cellRange

func (h endHeap) Len() int           { return len(h) }
func (h endHeap) Less(i, j int) bool { return h[i].r1 < h[j].r1 }
func (h endHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *endHeap) Push(x any)        { *h = append(*h, x.(cellRange)) }
func (h *endHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// columnTree counts, for each of a sheet's columns, the ranges covering it:
// a segment tree with range add and range max, where a node's add applies
// to its whole span and its max includes it.
type columnTree struct {
	add1, max1 []int32
}

func newColumnTree() *columnTree {
	return &columnTree{add1: make([]int32, 2*sheetCols), max1: make([]int32, 2*sheetCols)}
}

func (t *columnTree) add(c0, c1 int, v int32) { t.update(1, 0, sheetCols-1, c0, c1, v) }

func (t *columnTree) max(c0, c1 int) int32 { return t.query(1, 0, sheetCols-1, c0, c1) }

func (t *columnTree) update(node, lo, hi, c0, c1 int, v int32) {
	if c1 < lo || hi < c0 {
		return
	}
	if c0 <= lo && hi <= c1 {
		t.add1[node] += v
		t.max1[node] += v
		return
	}
	mid := (lo + hi) / 2
	t.update(2*node, lo, mid, c0, c1, v)
	t.update(2*node+1, mid+1, hi, c0, c1, v)
	t.max1[node] = t.add1[node] + max(t.max1[2*node], t.max1[2*node+1])
}

func (t *columnTree) query(node, lo, hi, c0, c1 int) int32 {
	if c1 < lo || hi < c0 {
		return 0
	}
	if c0 <= lo && hi <= c1 {
		return t.max1[node]
	}
	mid := (lo + hi) / 2
	return t.add1[node] + max(t.query(2*node, lo, mid, c0, c1), t.query(2*node+1, mid+1, hi, c0, c1))
}

// findRow is the row of page with number n, if it has one.
func findRow(page *Page, n int) *Row {
	i, ok := slices.BinarySearchFunc(page.Rows, n, func(r Row, n int) int { return cmp.Compare(r.Index, n) })
	if !ok {
		return nil
	}
	return &page.Rows[i]
}
