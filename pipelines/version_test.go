package pipelines

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestVersionWithState: the executable's hash is taken from the state
// store's record while the file's stat is the one recorded, and computed
// again (the same as Version's) when it is not.
func TestVersionWithState(t *testing.T) {
	if _, exe := buildVersion(); !exe {
		t.Skip("this build carries a clean VCS revision: the version names no executable hash")
	}
	defer func(f func(string) string) { buildIDOf = f }(buildIDOf)
	buildIDOf = func(string) string { return "" } // the path of an executable without a build ID
	v, _ := buildVersion()
	hashed := v + "+exe." + shortHash(hashFile(runningExecutable()))
	ctx := context.Background()
	st, err := OpenState(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, want := st.versionWith(ctx, false), hashed; got != want {
		t.Fatalf("versionWith without a record = %q, want %q", got, want)
	}
	key := executableKey(runningExecutable())
	if _, ok := st.cachedHash(ctx, key, mustStat(t, runningExecutable())); ok {
		t.Fatal("versionWith(remember false) recorded the hash")
	}
	if got, want := st.versionWith(ctx, true), hashed; got != want {
		t.Fatalf("versionWith = %q, want %q", got, want)
	}
	// A record for the same stat is used as it stands: the file is not
	// read again.
	fake := strings.Repeat("ab", 32)
	if err := st.rememberHash(ctx, key, mustStat(t, runningExecutable()), fake); err != nil {
		t.Fatal(err)
	}
	if got := st.versionWith(ctx, true); !strings.HasSuffix(got, "+exe."+fake[:16]) {
		t.Errorf("versionWith with a record = %q, want the recorded hash %s", got, fake[:16])
	}
	// A record of another stat (the file was rebuilt) is not.
	other := mustStat(t, runningExecutable())
	other.MtimeNS++
	if err := st.rememberHash(ctx, key, other, fake); err != nil {
		t.Fatal(err)
	}
	if got, want := st.versionWith(ctx, true), hashed; got != want {
		t.Errorf("versionWith with a stale record = %q, want %q", got, want)
	}
}

func mustStat(t *testing.T, path string) fileStat {
	t.Helper()
	st, ok := statOf(path)
	if !ok {
		t.Fatalf("stat %s failed", path)
	}
	return st
}

// TestGoBuildID reads the build ID of this test binary as go tool buildid
// prints it, and names the version by it.
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildID(exe)
	if runtime.GOOS != "linux" {
		t.Skipf("SKIP: %s executables are not ELF (build ID %q)", runtime.GOOS, id)
	}
	if parts := strings.Split(id, "/"); len(parts) < 2 || len(parts[len(parts)-1]) < 20 {
		t.Fatalf("build ID %q: want the ID go tool buildid prints (action/content IDs)", id)
	}
	if out, err := exec.Command("go", "tool", "buildid", exe).Output(); err == nil && strings.TrimSpace(string(out)) != id {
		t.Errorf("build ID %q, go tool buildid says %q", id, strings.TrimSpace(string(out)))
	}
	st, err := OpenState(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := st.versionWith(context.Background(), true); !strings.HasSuffix(got, buildIDSuffix(id)) && needsExe() {
		t.Errorf("version %q, want it named by the build ID (%s)", got, buildIDSuffix(id))
	}
	if got := goBuildID(filepath.Join(t.TempDir(), "missing")); got != "" {
		t.Errorf("build ID of a missing file = %q", got)
	}
}

func needsExe() bool {
	_, exe := buildVersion()
	return exe
}
