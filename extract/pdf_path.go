package extract

// Ruling lines from painted paths, the same for both engines: the Go
// engine builds a path from the operators, PDFium reports it segment by
// segment, and paintPath reads either.

// pathPoint is a point of a path in user space: the start of a subpath
// (move), a curve's control or end point (curve), or the end of a line;
// close returns to the subpath's start after it.
type pathPoint struct {
	x, y        float64
	move, curve bool
	close       bool
}

// paintPath adds the rules a painted path draws. Each subpath is read on
// its own: an axis-aligned rectangle is a rule when thin and, when
// stroked, otherwise its four edges; another subpath that is only filled
// is a rule when its bounds are thin (a rule drawn as a filled polygon);
// a stroked one gives its straight axis-aligned pieces. An area that is
// only filled draws no lines (a cell's background).
func paintPath(path []pathPoint, stroked bool, tr pageTransform, rs *ruleSet) {
	for start := 0; start < len(path); {
		end := start + 1
		for end < len(path) && !path[end].move {
			end++
		}
		paintSubpath(path[start:end], stroked, tr, rs)
		start = end
	}
}

func paintSubpath(sub []pathPoint, stroked bool, tr pageTransform, rs *ruleSet) {
	if x0, y0, x1, y1, ok := rectangle(sub); ok {
		ax, ay := tr.point(x0, y0)
		bx, by := tr.point(x1, y1)
		if rs.addBox(ax, ay, bx, by, tr.width, tr.height) || !stroked {
			return
		}
		rs.addLine(ax, ay, bx, ay)
		rs.addLine(ax, by, bx, by)
		rs.addLine(ax, ay, ax, by)
		rs.addLine(bx, ay, bx, by)
		return
	}
	if !stroked {
		var b bbox
		for _, p := range sub {
			b.grow(tr.point(p.x, p.y))
		}
		if b.n >= 2 {
			rs.addBox(b.x0, b.y0, b.x1, b.y1, tr.width, tr.height)
		}
		return
	}
	var pb pathBuilder
	for i, p := range sub {
		x, y := tr.point(p.x, p.y)
		move := i == 0 || p.move
		pb.add(x, y, move, !move && !p.curve, p.close, rs)
	}
}

// rectangle reports whether a subpath is an axis-aligned rectangle: four
// corners (a fifth back at the first), closed or ending where it started.
func rectangle(sub []pathPoint) (x0, y0, x1, y1 float64, ok bool) {
	n := len(sub)
	if n == 5 && sub[4].x == sub[0].x && sub[4].y == sub[0].y {
		n = 4
	} else if n != 4 || !sub[3].close {
		return 0, 0, 0, 0, false
	}
	for _, p := range sub[:n] {
		if p.curve || (p.move && p != sub[0]) {
			return 0, 0, 0, 0, false
		}
	}
	a, b, c, d := sub[0], sub[1], sub[2], sub[3]
	horizontalFirst := a.y == b.y && b.x == c.x && c.y == d.y && d.x == a.x
	verticalFirst := a.x == b.x && b.y == c.y && c.x == d.x && d.y == a.y
	if !horizontalFirst && !verticalFirst {
		return 0, 0, 0, 0, false
	}
	return min(a.x, c.x), min(a.y, c.y), max(a.x, c.x), max(a.y, c.y), true
}

// bbox is the bounding box of points.
type bbox struct {
	x0, y0, x1, y1 float64
	n              int
}

func (b *bbox) grow(x, y float64) {
	if b.n == 0 {
		b.x0, b.y0, b.x1, b.y1 = x, y, x, y
	}
	b.x0, b.y0, b.x1, b.y1 = min(b.x0, x), min(b.y0, y), max(b.x1, x), max(b.y1, y)
	b.n++
}
