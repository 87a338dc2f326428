package extract

import "testing"

// TestReservedMemory checks the linear memory PDFium instances get on
// Linux: it grows in place keeping its contents, refuses to grow past its
// maximum, and can be freed.
func TestReservedMemory(t *testing.T) {
	const page = 64 << 10 // a WebAssembly page
	m := newReservedMemory(page, 16*page)
	b := m.Reallocate(page)
	if len(b) != page {
		t.Fatalf("len %d, want %d", len(b), page)
	}
	b[0], b[page-1] = 1, 2
	grown := m.Reallocate(10 * page)
	if len(grown) != 10*page || grown[0] != 1 || grown[page-1] != 2 {
		t.Fatalf("grown to %d bytes, first bytes %d %d: want 10 pages keeping 1 and 2", len(grown), grown[0], grown[page-1])
	}
	if &grown[0] != &b[0] {
		t.Error("the memory moved while growing")
	}
	grown[10*page-1] = 3 // the new pages are writable
	if m.Reallocate(17*page) != nil {
		t.Error("grew past its maximum")
	}
	m.Free()
}
