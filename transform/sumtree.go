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
	if _, ok := p.children(0, target.yuan, target.halfUnit(), 0, len(atoms), -1); !ok {
		return nil, false
	}
	return p.parent, true
}

// children parses atoms from i on as consecutive subtrees of parent par
// whose values add up to want (within tol); n counts the subtrees taken.
// end >= 0 forces the run to end there (the whole table under its total);
// otherwise the run ends as soon as the sum is reached.
func (p *sumParser) children(i int, want, tol decimal.Decimal, n, end, par int) (int, bool) {
	p.steps++
	if p.steps > sumSteps {
		return 0, false
	}
	if n > 0 && want.Abs().LessThanOrEqual(tol) && (end < 0 || i == end) {
		return i, true
	}
	if i >= len(p.atoms) || (end >= 0 && i >= end) || (p.positive && want.LessThan(tol.Neg())) {
		return 0, false
	}
	a := p.atoms[i]
	v, unit := a.value.yuan, a.value.halfUnit()
	if !a.present {
		v, unit = decimal.Zero, decimal.Zero
	}
	// a leaf: the next subtree starts right after it
	if j, ok := p.children(i+1, want.Sub(v), tol.Add(unit), n+1, end, par); ok {
		p.parent[i] = par
		return j, true
	}
	// a parent of the rows after it, which must add up to it
	if a.fixed || !a.present || v.IsZero() {
		return 0, false
	}
	limit := end
	if limit < 0 {
		limit = len(p.atoms)
	}
	j, ok := p.childrenUpTo(i+1, v, unit, i, limit)
	if !ok {
		return 0, false
	}
	k, ok := p.children(j, want.Sub(v), tol.Add(unit), n+1, end, par)
	if !ok {
		return 0, false
	}
	p.parent[i] = par
	return k, true
}

// childrenUpTo parses the children of atom par starting at i: a run that
// adds up to par's value and ends before limit.
func (p *sumParser) childrenUpTo(i int, want, tol decimal.Decimal, par, limit int) (int, bool) {
	saved := p.atoms
	p.atoms = p.atoms[:limit]
	defer func() { p.atoms = saved }()
	return p.children(i, want, tol, 0, -1, par)
}
