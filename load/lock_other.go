//go:build !unix

package load

import (
	"os"
	"path/filepath"
)

// lockDir makes the destination's MetaDir; where the system has no flock,
// two runs into one directory are not kept apart.
func lockDir(dir string) (*os.File, error) {
	return nil, os.MkdirAll(filepath.Join(dir, MetaDir), 0o755)
}

// unlockDir releases nothing.
func unlockDir(*os.File) {}
