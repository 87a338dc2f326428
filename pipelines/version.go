package pipelines

import (
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
	if rev == "" || dirty {
		v += "+exe." + executableHash()
	}
	return v
})

// executableHash is the SHA-256 of the running program's file, cut to 16
// hex digits, or "unknown".
func executableHash() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
