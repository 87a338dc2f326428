//go:build unix

package load

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the lock of a csv: destination (DIR/.budgetetl/lock), so
// that two runs never write one directory at once; the system releases it
// when the process ends, however it ends.
func lockDir(dir string) (*os.File, error) {
	meta := filepath.Join(dir, MetaDir)
	if err := os.MkdirAll(meta, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(meta, "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is being written by another run", dir)
		}
		return nil, err
	}
	return f, nil
}

// unlockDir releases the lock.
func unlockDir(f *os.File) {
	if f != nil {
		f.Close()
	}
}
