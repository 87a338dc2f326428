package extract

import "math"

// Geometry shared by the text layers: mapping PDF user space to the page
// as displayed, and turning path pieces into ruling segments.

// thinRule is the largest thickness, in points, of a filled rectangle or
// path that counts as a ruling line.
const thinRule = 2.0

// pageTransform maps PDF user space (origin bottom-left, y up) to the page
// as displayed (origin top-left, y down) after the page's /Rotate.
type pageTransform struct {
	llx, lly, urx, ury float64
	rot                int // quarter turns clockwise, 0..3
	width, height      float64
}

// newPageTransform builds the transform of a page box rotated by rot
// quarter turns (or degrees, when rot is a multiple of 90 above 3).
func newPageTransform(llx, lly, urx, ury float64, rot int) pageTransform {
	if rot >= 90 || rot <= -90 {
		rot /= 90
	}
	rot = ((rot % 4) + 4) % 4
	t := pageTransform{llx: math.Min(llx, urx), lly: math.Min(lly, ury), urx: math.Max(llx, urx), ury: math.Max(lly, ury), rot: rot}
	t.width, t.height = t.urx-t.llx, t.ury-t.lly
	if rot%2 == 1 {
		t.width, t.height = t.height, t.width
	}
	return t
}

// point maps a user-space point to display coordinates.
func (t pageTransform) point(x, y float64) (float64, float64) {
	switch t.rot {
	case 1:
		return y - t.lly, x - t.llx
	case 2:
		return t.urx - x, y - t.lly
	case 3:
		return t.ury - y, t.urx - x
	}
	return x - t.llx, t.ury - y
}

// box maps a user-space rectangle, returning it normalized.
func (t pageTransform) box(l, b, r, tp float64) (x0, y0, x1, y1 float64) {
	ax, ay := t.point(l, b)
	bx, by := t.point(r, tp)
	return math.Min(ax, bx), math.Min(ay, by), math.Max(ax, bx), math.Max(ay, by)
}

// glyph builds a glyph from a user-space box and origin.
func (t pageTransform) glyph(text string, l, b, r, tp, ox, oy, size float64) glyph {
	g := t.boxGlyph(text, l, b, r, tp)
	_, g.base = t.point(ox, oy)
	if size > 0 {
		g.size = size
	}
	return g
}

// boxGlyph builds a glyph from a user-space box alone: the box's bottom as
// displayed stands for the baseline, its height for the size. Its text is
// unified (unifyHan).
func (t pageTransform) boxGlyph(text string, l, b, r, tp float64) glyph {
	g := glyph{text: unifyHan(text)}
	g.x0, g.y0, g.x1, g.y1 = t.box(l, b, r, tp)
	g.base, g.size = g.y1, g.y1-g.y0
	return g
}

// ruleSet collects ruling segments in display coordinates.
type ruleSet struct {
	h, v []segment
}

// addBox adds the bounds of a drawn object when it is thin enough to be a
// rule, reporting whether the box was dealt with (a rule, a dot or a
// page-sized background); otherwise the caller looks at its segments.
func (rs *ruleSet) addBox(x0, y0, x1, y1, pw, ph float64) bool {
	x0, x1 = math.Min(x0, x1), math.Max(x0, x1)
	y0, y1 = math.Min(y0, y1), math.Max(y0, y1)
	w, h := x1-x0, y1-y0
	switch {
	case w <= thinRule && h <= thinRule:
		return true
	case w <= thinRule:
		rs.v = append(rs.v, segment{(x0 + x1) / 2, y0, (x0 + x1) / 2, y1})
		return true
	case h <= thinRule:
		rs.h = append(rs.h, segment{x0, (y0 + y1) / 2, x1, (y0 + y1) / 2})
		return true
	case w > 0.9*pw && h > 0.9*ph:
		return true
	}
	return false
}

// addLine adds a straight piece of path when it is horizontal or vertical.
func (rs *ruleSet) addLine(ax, ay, bx, by float64) {
	dx, dy := math.Abs(ax-bx), math.Abs(ay-by)
	switch {
	case dy < 1 && dx > thinRule:
		y := (ay + by) / 2
		rs.h = append(rs.h, segment{math.Min(ax, bx), y, math.Max(ax, bx), y})
	case dx < 1 && dy > thinRule:
		x := (ax + bx) / 2
		rs.v = append(rs.v, segment{x, math.Min(ay, by), x, math.Max(ay, by)})
	}
}

// pathBuilder follows the points of a path, adding its straight pieces.
type pathBuilder struct {
	sx, sy, cx, cy float64
}

// add consumes one path point: a move starts a subpath, a line draws to
// the point, anything else (a curve) only moves; close returns to the
// subpath's start.
func (pb *pathBuilder) add(x, y float64, move, line, close bool, rs *ruleSet) {
	switch {
	case move:
		pb.sx, pb.sy = x, y
	case line:
		rs.addLine(pb.cx, pb.cy, x, y)
	}
	pb.cx, pb.cy = x, y
	if close {
		rs.addLine(pb.cx, pb.cy, pb.sx, pb.sy)
		pb.cx, pb.cy = pb.sx, pb.sy
	}
}
