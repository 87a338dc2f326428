package transform

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"
)

// A sum tree is what a table without codes or ordinals promises: in print
// order, each row is either a leaf or the parent of the rows right after
// it, which add up to it. parseSumTree finds such a tree under a total,
// preferring leaves (siblings) and making a row a parent only where the
// sums require it: 通用项目 3,650,000 over 大型活动 150,000 over 审计培训
// 150,000 and 购买服务 3,500,000 over its one project, because only that
// reading adds up to 3,650,000.
//
// The search is a dynamic program over (position, amount still to add up):
// ends(i, want) is the set of positions where a run of subtrees starting at
// i can end having added up to want; a subtree at i ends right after i (a
// leaf) or where its children's run ends (ends(i+1, value of i)).

// In the run of subtrees directly under the total, which must reach the
// last row, a state is dropped as soon as the rows left cannot add up to
// what is still wanted under any reading: minLeft and maxLeft bound what
// the rows from a position can add up to (with amounts of one sign only).
// Without that bound a unit read as a leaf, its projects then read as
// units, leaves the search exploring every later reading with a sum that
// can no longer come out right (a 300-row table of units and projects).
//
// sumStates bounds the work; a table whose sums cannot be parsed within it
// keeps its rows as leaves.
const sumStates = 200_000

// maxScaled bounds the amounts, in units of the finest decimal any of them
// prints, that the parser adds as int64 (1e17 leaves room for the sums of
// a table's rows); a table beyond it keeps its rows as leaves.
const maxScaled = 1e17

type sumParser struct {
	atoms    []sumAtom
	vals     []int64 // the atoms' amounts, scaled to integers (0 for a blank)
	tols     []int64 // their rounding allowances, scaled alike
	positive bool    // no atom is negative: a sum past its target cannot come back
	memo     map[sumKey][]int
	states   int
	parent   []int
	// stop[i] is where the children of atom i must end: at the next atom
	// numbered as its sibling or above (二、 after 一、), or any numbered atom
	// after an unnumbered one; an ordinal says where a row stands.
	stop []int
	// minLeft[i] and maxLeft[i] are the least and most that a run of
	// subtrees from atom i to the last atom adds up to, and tolLeft[i] the
	// allowance of its addends (set when positive)
	minLeft, maxLeft, tolLeft []int64
}

type sumKey struct {
	i    int
	want int64
	n    int  // addends so far, capped: the tolerance grows with them
	top  bool // the run under the total: it must end at the last atom
}

// parseSumTree returns, for each atom, the index of its parent atom (-1 for
// the rows directly under the total), or false when the atoms do not add
// up to target in any reading.
func parseSumTree(atoms []sumAtom, target term) ([]int, bool) {
	if len(atoms) == 0 {
		return nil, false
	}
	p := &sumParser{atoms: atoms, memo: map[sumKey][]int{}, stop: childStops(atoms)}
	want, tol, ok := p.scale(target)
	if !ok {
		return nil, false
	}
	p.positive = want >= 0
	for _, v := range p.vals {
		if v < 0 {
			p.positive = false
		}
	}
	n := len(atoms)
	if p.positive {
		p.bounds()
	}
	if !slices.Contains(p.ends(0, want, tol, 0, true), n) || p.states > sumStates {
		return nil, false
	}
	p.parent = make([]int, n)
	for i := range p.parent {
		p.parent[i] = -1
	}
	if !p.build(0, want, tol, 0, n, -1, true) {
		return nil, false
	}
	return p.parent, true
}

// childStops computes sumParser.stop.
func childStops(atoms []sumAtom) []int {
	stop := make([]int, len(atoms))
	for i, a := range atoms {
		stop[i] = len(atoms)
		for j := i + 1; j < len(atoms); j++ {
			if l := atoms[j].level; l > 0 && (a.level == 0 || l <= a.level) {
				stop[i] = j
				break
			}
		}
	}
	return stop
}

// scale turns the atoms' amounts and allowances and the target's into
// integers of the finest decimal among them, so that the search adds
// machine integers, exactly; ok is false when one does not fit.
func (p *sumParser) scale(target term) (want, tol int64, ok bool) {
	exp := int32(0)
	finest := func(d decimal.Decimal) {
		if e := d.Exponent(); e < exp {
			exp = e
		}
	}
	finest(target.yuan)
	finest(target.halfUnit())
	for _, a := range p.atoms {
		if a.present {
			finest(a.value.yuan)
			finest(a.value.halfUnit())
		}
	}
	limit := decimal.NewFromFloat(maxScaled)
	toInt := func(d decimal.Decimal) (int64, bool) {
		s := d.Shift(-exp)
		if s.Abs().GreaterThan(limit) {
			return 0, false
		}
		return s.IntPart(), true
	}
	p.vals, p.tols = make([]int64, len(p.atoms)), make([]int64, len(p.atoms))
	for i, a := range p.atoms {
		if !a.present {
			continue
		}
		v, ok1 := toInt(a.value.yuan)
		t, ok2 := toInt(a.value.halfUnit())
		if !ok1 || !ok2 {
			return 0, 0, false
		}
		p.vals[i], p.tols[i] = v, t
	}
	want, ok1 := toInt(target.yuan)
	tol, ok2 := toInt(target.halfUnit())
	return want, tol, ok1 && ok2
}

// canParent reports whether atom i may be the parent of the atoms after it.
func (p *sumParser) canParent(i int) bool {
	a := p.atoms[i]
	return !a.fixed && a.present && p.vals[i] != 0
}

// subtreeEnds lists where a subtree rooted at atom i can end: right after
// it (a leaf), or where a run of children adding up to it ends.
func (p *sumParser) subtreeEnds(i int) []int {
	out := []int{i + 1}
	if p.canParent(i) && i+1 < len(p.atoms) {
		for _, e := range p.ends(i+1, p.vals[i], p.tols[i], 0, false) {
			if e <= p.stop[i] && !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	return out
}

// ends lists the positions where a run of subtrees starting at i, after n
// subtrees already taken, can end having added up to want within tol; for
// the run under the total (top), only the end of the atoms is listed.
func (p *sumParser) ends(i int, want, tol int64, n int, top bool) []int {
	key := sumKey{i, want, min(n, 8), top}
	if e, ok := p.memo[key]; ok {
		return e
	}
	p.states++
	var out []int
	if i < len(p.atoms) && p.states <= sumStates && !(p.positive && want < -tol) && !(top && p.cannotReach(i, want, tol)) {
		rest, restTol := want-p.vals[i], tol+p.tols[i]
		for _, e := range p.subtreeEnds(i) {
			if abs64(rest) <= restTol {
				out = appendOnceInt(out, e)
			}
			for _, f := range p.ends(e, rest, restTol, n+1, top) {
				out = appendOnceInt(out, f)
			}
		}
	}
	if top {
		out = slices.DeleteFunc(out, func(e int) bool { return e != len(p.atoms) })
	}
	slices.Sort(out)
	p.memo[key] = out
	return out
}

// build records a parse of the run from i that adds up to want and ends at
// end, preferring leaves and the earliest-ending subtrees.
func (p *sumParser) build(i int, want, tol int64, n, end, par int, top bool) bool {
	if i >= end {
		return false
	}
	rest, restTol := want-p.vals[i], tol+p.tols[i]
	for _, e := range p.subtreeEnds(i) {
		done := e == end && abs64(rest) <= restTol
		if !done && !slices.Contains(p.ends(e, rest, restTol, n+1, top), end) {
			continue
		}
		p.parent[i] = par
		if e > i+1 && !p.build(i+1, p.vals[i], p.tols[i], 0, e, i, false) {
			continue
		}
		if done || p.build(e, rest, restTol, n+1, end, par, top) {
			return true
		}
	}
	return false
}

// bounds computes minLeft, maxLeft and tolLeft from the last atom back: a
// run from i is the subtree at i (any of its ends) and a run after it.
func (p *sumParser) bounds() {
	n := len(p.atoms)
	p.minLeft, p.maxLeft, p.tolLeft = make([]int64, n+1), make([]int64, n+1), make([]int64, n+1)
	for i := n - 1; i >= 0; i-- {
		lo, hi := int64(math.MaxInt64), int64(0)
		for _, e := range p.subtreeEnds(i) {
			lo, hi = min(lo, p.minLeft[e]), max(hi, p.maxLeft[e])
		}
		p.minLeft[i], p.maxLeft[i] = satAdd(p.vals[i], lo), satAdd(p.vals[i], hi)
		p.tolLeft[i] = satAdd(p.tols[i], p.tolLeft[i+1])
	}
}

// cannotReach reports that the run from atom i to the last cannot add up
// to want within tol and the allowance of the addends still to come.
func (p *sumParser) cannotReach(i int, want, tol int64) bool {
	slack := satAdd(tol, p.tolLeft[i])
	return satAdd(want, slack) < p.minLeft[i] || want-slack > p.maxLeft[i]
}

// satAdd adds two non-negative int64s, stopping at the largest.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func appendOnceInt(s []int, v int) []int {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
