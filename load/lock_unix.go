//go:build unix

package load

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrLocked is the cause of LockFile's error when another process holds
// the lock.
var ErrLocked = errors.New("held by another process")

// LockFile takes an exclusive lock on the file at path (made if need be),
// failing at once with ErrLocked when another process holds it; the system
// releases it when the file is closed or the process ends, however it
// ends. Where the system has no flock it locks nothing.
func LockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", path, ErrLocked)
		}
		return nil, err
	}
	return f, nil
}

// lockDir takes the lock of a csv: destination (DIR/.budgetetl/lock), so
// that two runs never write one directory at once.
func lockDir(dir string) (*os.File, error) {
	meta := filepath.Join(dir, MetaDir)
	if err := os.MkdirAll(meta, 0o755); err != nil {
		return nil, err
	}
	f, err := LockFile(filepath.Join(meta, "lock"))
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("%s is being written by another run", dir)
	}
	return f, err
}

// unlockDir releases the lock.
func unlockDir(f *os.File) {
	if f != nil {
		f.Close()
	}
}
