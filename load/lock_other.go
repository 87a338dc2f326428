//go:build !unix

package load

import (
	"errors"
	"os"
	"path/filepath"
)

// ErrLocked is the cause of LockFile's error when another process holds
// the lock (never, here).
var ErrLocked = errors.New("held by another process")

// LockFile makes nothing and locks nothing where the system has no flock:
// two processes are not kept apart.
func LockFile(string) (*os.File, error) { return nil, nil }

// lockDir makes the destination's MetaDir; where the system has no flock,
// two runs into one directory are not kept apart.
func lockDir(dir string) (*os.File, error) {
	return nil, os.MkdirAll(filepath.Join(dir, MetaDir), 0o755)
}

// unlockDir releases nothing.
func unlockDir(*os.File) {}
