//go:build !linux

package extract

import "context"

// withLinearMemory leaves wazero's own memory allocator in place off Linux.
func withLinearMemory(ctx context.Context) context.Context { return ctx }
