package transform

import "github.com/shopspring/decimal"

// A sum tree is what a table without codes or ordinals promises: in print
// order, each row is either a leaf or the parent of the rows right after
// it, which add up to it. parseSumTree finds such a tree under a total,
// preferring leaves (siblings) and making a row a parent only where the
// sums require it: 通用项目 3,650,000 over 大型活动 150,000 over 审计培训
// 150,000 and 购买服务 3,500,000 over its one project, because only that
// reading adds up to 3,650,000.

// sumSteps bounds the search; a table whose sums cannot be parsed within it
// keeps its rows as leaves.
const sumSteps = 200_000

type sumParser struct {
	atoms    []sumAtom
	parent   []int
	steps    int
	positive bool // no atom is negative: a sum past its target cannot come back
}

// parseSumTree returns, for each atom, the index of its parent atom (-1 for
// the rows directly under the total), or false when the atoms do not add
// up to target in any reading.
func parseSumTree(atoms []sumAtom, target term) ([]int, bool) {
	if len(atoms) == 0 {
		return nil, false
	}
	p := &sumParser{atoms: atoms, parent: make([]int, len(atoms)), positive: !target.yuan.IsNegative()}
	for i := range p.parent {
		p.parent[i] = -1
		if atoms[i].value.yuan.IsNegative() {
			p.positive = false
		}
	}
	n := len(atoms)
	if !p.seq(0, target.yuan, target.halfUnit(), 0, -1, func(j int) bool { return j == n }) {
		return nil, false
	}
	return p.parent, true
}

// seq parses the atoms from i on as consecutive subtrees of parent par
// whose values add up to want (within tol); n counts the subtrees taken.
// When the sum is reached, next is asked to go on from where the run ends;
// a false answer makes seq try other readings (a longer run, a leaf read
// as a parent), so the whole table is parsed with backtracking.
func (p *sumParser) seq(i int, want, tol decimal.Decimal, n, par int, next func(j int) bool) bool {
	p.steps++
	if p.steps > sumSteps {
		return false
	}
	if n > 0 && want.Abs().LessThanOrEqual(tol) && next(i) {
		return true
	}
	if i >= len(p.atoms) || (p.positive && want.LessThan(tol.Neg())) {
		return false
	}
	a := p.atoms[i]
	v, unit := a.value.yuan, a.value.halfUnit()
	if !a.present {
		v, unit = decimal.Zero, decimal.Zero
	}
	// a leaf: the next subtree starts right after it
	if p.seq(i+1, want.Sub(v), tol.Add(unit), n+1, par, next) {
		p.parent[i] = par
		return true
	}
	// a parent of the rows after it, which must add up to it
	if a.fixed || !a.present || v.IsZero() {
		return false
	}
	if p.seq(i+1, v, unit, 0, i, func(j int) bool {
		return p.seq(j, want.Sub(v), tol.Add(unit), n+1, par, next)
	}) {
		p.parent[i] = par
		return true
	}
	return false
}
