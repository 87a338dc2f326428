package extract

import (
	"context"
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// PDFium's WebAssembly memory grows as it parses. wazero's default memory
// is a Go slice that is reallocated and copied on every growth; on Linux
// the memory is instead reserved once as address space (no pages committed)
// and made readable and writable as it grows, so growing copies nothing.

// maxReserve bounds the address space reserved per instance.
const maxReserve = 4 << 30

// withLinearMemory returns ctx with the memory allocator PDFium instances
// are created with.
func withLinearMemory(ctx context.Context) context.Context {
	return experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(newReservedMemory))
}

// reservedMemory is a linear memory backed by one reserved mapping.
type reservedMemory struct {
	buf       []byte // the whole reservation
	committed int    // bytes made readable and writable
	fallback  []byte // used when the reservation failed
}

func newReservedMemory(capacity, max uint64) experimental.LinearMemory {
	size := min(max, maxReserve)
	if size == 0 {
		size = maxReserve
	}
	buf, err := syscall.Mmap(-1, 0, int(size), syscall.PROT_NONE, syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
	if err != nil {
		return &reservedMemory{fallback: make([]byte, 0, capacity)}
	}
	return &reservedMemory{buf: buf}
}

// Reallocate implements experimental.LinearMemory: the memory is size bytes
// long from now on; nil when it cannot grow that far.
func (m *reservedMemory) Reallocate(size uint64) []byte {
	if m.buf == nil {
		if size > uint64(cap(m.fallback)) {
			grown := make([]byte, size, max(size, 2*uint64(cap(m.fallback))))
			copy(grown, m.fallback)
			m.fallback = grown
		}
		m.fallback = m.fallback[:size]
		return m.fallback
	}
	if size > uint64(len(m.buf)) {
		return nil
	}
	if n := int(size); n > m.committed {
		page := syscall.Getpagesize()
		n = min((n+page-1)/page*page, len(m.buf))
		if err := syscall.Mprotect(m.buf[m.committed:n], syscall.PROT_READ|syscall.PROT_WRITE); err != nil {
			return nil
		}
		m.committed = n
	}
	return m.buf[:size:size]
}

// Free implements experimental.LinearMemory.
func (m *reservedMemory) Free() {
	if m.buf != nil {
		syscall.Munmap(m.buf)
		m.buf = nil
	}
	m.fallback = nil
}
