package pipelines

import (
	"context"
	"path/filepath"
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
	ctx := context.Background()
	st, err := OpenState(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, want := st.versionWith(ctx, false), Version(); got != want {
		t.Fatalf("versionWith without a record = %q, want %q", got, want)
	}
	key := executableKey(runningExecutable())
	if _, ok := st.cachedHash(ctx, key, mustStat(t, runningExecutable())); ok {
		t.Fatal("versionWith(remember false) recorded the hash")
	}
	if got, want := st.versionWith(ctx, true), Version(); got != want {
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
	if got, want := st.versionWith(ctx, true), Version(); got != want {
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
