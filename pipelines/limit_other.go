//go:build !linux

package pipelines

// On systems other than Linux a worker has no ceiling the kernel enforces:
// its Go runtime is given a soft memory limit (GOMEMLIMIT) at the ceiling's
// three quarters, and the deadline still holds; a worker that the system
// itself ends for lack of memory is reported as crashed.

func limitMemory(int64) error { return nil }

func residentBytes() int64 { return 0 }

func selfPeakResident() int64 { return 0 }

func physicalMemory() int64 { return 0 }
