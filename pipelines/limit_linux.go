package pipelines

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// On Linux a worker's memory ceiling is RLIMIT_DATA, which the kernel
// enforces on the private writable memory a process maps (Linux 4.7 and
// later): the Go heap, and the pages of PDFium's WebAssembly memory as they
// are made writable. Address space reserved but not yet writable is not
// counted, unlike under RLIMIT_AS: PDFium's memory is reserved as 4 GiB of
// address space up front, which RLIMIT_AS would refuse (or count against
// the ceiling without using it). A worker over its ceiling fails to map
// memory, and the Go runtime ends it with "fatal error: runtime: out of
// memory", which the parent reports as the document over the memory limit.

// limitMemory sets the calling process's ceiling to n bytes of resident
// memory: RLIMIT_DATA at n less the size of the executable, whose pages
// (text, read-only data) are resident too but not counted by it.
func limitMemory(n int64) error {
	if exe, err := os.Executable(); err == nil {
		if info, err := os.Stat(exe); err == nil {
			n = max(n-info.Size(), n/2)
		}
	}
	lim := &syscall.Rlimit{Cur: uint64(n), Max: uint64(n)}
	if err := syscall.Setrlimit(syscall.RLIMIT_DATA, lim); err != nil {
		return fmt.Errorf("setting the memory ceiling (RLIMIT_DATA %d): %w", n, err)
	}
	return nil
}

// residentBytes is the calling process's resident memory (0 when unknown).
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := bytes.Fields(b)
	if len(fields) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(string(fields[1]), 10, 64)
	return pages * int64(os.Getpagesize())
}

// selfPeakResident is the calling process's peak resident memory (VmHWM).
func selfPeakResident() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, _ := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// physicalMemory is the machine's memory in bytes (0 when unknown).
func physicalMemory() int64 {
	var info syscall.Sysinfo_t
	if syscall.Sysinfo(&info) != nil {
		return 0
	}
	return int64(info.Totalram) * int64(info.Unit)
}
