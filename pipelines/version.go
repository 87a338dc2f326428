package pipelines

import (
	"context"
	"crypto/sha256"
	"debug/elf"
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
// another: by the Go build ID the linker writes into it where it has one
// (an ELF note that ends in the hash of the linked program, read without
// reading the 70 MB file), else by hashing the file.
func Version() string {
	return versionOnce()
}

var versionOnce = sync.OnceValue(func() string {
	v, exe := buildVersion()
	if !exe {
		return v
	}
	path := runningExecutable()
	if id := buildIDOf(path); id != "" {
		return v + buildIDSuffix(id)
	}
	return v + "+exe." + shortHash(hashFile(path))
})

// buildIDOf is the Go build ID of an executable file, "" when it has none
// that can be read (not ELF, or linked with -buildid=); a variable so that
// a test can take the hashing path.
var buildIDOf = goBuildID

// buildIDSuffix names an executable in the version by its build ID.
func buildIDSuffix(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "+build." + shortHash(hex.EncodeToString(sum[:]))
}

// goBuildID reads the Go build ID from the .note.go.buildid section of an
// ELF executable (as go tool buildid prints it): a note of owner "Go" and
// type 4 whose descriptor is the ID.
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil || s.Size > 1<<12 {
		return ""
	}
	data, err := s.Data()
	if err != nil || len(data) < 16 {
		return ""
	}
	namesz, descsz, typ := f.ByteOrder.Uint32(data), f.ByteOrder.Uint32(data[4:]), f.ByteOrder.Uint32(data[8:])
	name := 12 + (int(namesz)+3)&^3 // the descriptor starts 4-byte aligned
	if typ != 4 || namesz != 4 || string(data[12:16]) != "Go\x00\x00" || name+int(descsz) > len(data) {
		return ""
	}
	return string(data[name : name+int(descsz)])
}

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
	if id := buildIDOf(path); id != "" {
		return v + buildIDSuffix(id)
	}
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
