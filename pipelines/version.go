package pipelines

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Version is the budgetetl version results are stored under: the module
// version and the commit it was built from, as the Go toolchain stamps
// them. A build that carries no commit, or one from a tree with
// uncommitted changes, is also named by the SHA-256 of its executable, so
// that a state store never hands a changed program the results of
// another.
func Version() string {
	return versionOnce()
}

var versionOnce = sync.OnceValue(func() string {
	v, exe := buildVersion()
	if exe {
		v += "+exe." + shortHash(hashFile(runningExecutable()))
	}
	return v
})

// buildVersion is the version the build info gives, and whether the
// executable's hash must be added to it (no commit, or a modified tree).
func buildVersion() (v string, needsExe bool) {
	v, rev, dirty := "devel", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if rev != "" {
		v += "+" + rev
	}
	return v, rev == "" || dirty
}

// versionWith is Version, the executable's hash taken from the state
// store's record of the file (its size, times and inode, as for a
// document) when the file has not changed since it was hashed: hashing a
// 70 MB executable is most of what a run that reads nothing costs. With
// remember, a hash computed is recorded for the next run.
func (s *State) versionWith(ctx context.Context, remember bool) string {
	v, exe := buildVersion()
	if !exe {
		return v
	}
	path := runningExecutable()
	st, ok := statOf(path)
	key := executableKey(path)
	if ok {
		if sum, hit := s.cachedHash(ctx, key, st); hit {
			return v + "+exe." + shortHash(sum)
		}
	}
	sum := hashFile(path)
	if ok && remember && sum != "" {
		_ = s.rememberHash(ctx, key, st, sum) // a cache: a failure only costs a hash next time
	}
	return v + "+exe." + shortHash(sum)
}

// runningExecutable is the file of the running program: /proc/self/exe
// on Linux, which stays the running image even when the file at its path
// has been replaced since it started, else os.Executable.
func runningExecutable() string {
	const self = "/proc/self/exe"
	if _, err := os.Stat(self); err == nil {
		return self
	}
	exe, _ := os.Executable()
	return exe
}

// executableKey is the row of the state store's file records that holds
// the executable's hash: its path, marked so that no document's path is
// taken for it.
func executableKey(path string) string {
	if exe, err := os.Executable(); err == nil {
		path = exe
	}
	return "executable:" + path
}

// hashFile is the hex SHA-256 of a file, or "" when it cannot be read.
func hashFile(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// shortHash is the first 16 hex digits of a hash, or "unknown".
func shortHash(sum string) string {
	if len(sum) < 16 {
		return "unknown"
	}
	return sum[:16]
}
