package pipelines

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
)

// storeBeforeOutcomes is the results table of a store made before the
// outcome and digest columns.
const storeBeforeOutcomes = `CREATE TABLE results (
	sha256 TEXT NOT NULL, version TEXT NOT NULL, pipeline TEXT NOT NULL, source TEXT NOT NULL,
	status TEXT NOT NULL, error TEXT NOT NULL, page TEXT NOT NULL, attempts INTEGER NOT NULL,
	first_failed TEXT NOT NULL, updated TEXT NOT NULL, batch BLOB NOT NULL,
	PRIMARY KEY (sha256, version, pipeline, source));
INSERT INTO results VALUES ('old', 'v', 'p', 'a.pdf', 'ok', '', '', 0, '', '2026-01-01T00:00:00Z', x'');`

// TestStateOutcomes: a result is stored with its outcome and the digest of
// its rows; a store made before them gains the columns when opened for
// writing, reads them as empty when opened read-only, and its old results
// are found without them.
func TestStateOutcomes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(storeBeforeOutcomes); err != nil {
		t.Fatal(err)
	}
	db.Close()
	old := resultKey{SHA256: "old", Version: "v", Pipeline: "p", Source: "a.pdf"}

	ro, err := OpenStateReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := ro.lookup(ctx, old)
	ro.Close()
	if err != nil || !ok || len(got.Outcome) != 0 || got.Digest != "" {
		t.Fatalf("read-only lookup in an old store = %+v, %v, %v; want the result without outcome", got, ok, err)
	}

	st, err := OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, ok, err := st.lookup(ctx, old); err != nil || !ok || got.Digest != "" {
		t.Fatalf("lookup of an old result = %+v, %v, %v", got, ok, err)
	}
	b := dataset.Batch{
		Document: dataset.Document{DocID: "d", Source: "b.pdf", Pages: 3, Facts: 1, Status: dataset.StatusWarnings},
		Facts:    []dataset.Fact{{DocID: "d", Source: "b.pdf"}},
		Checks: []dataset.Check{{DocID: "d", Check: dataset.CheckColumnSum, Status: dataset.Fail},
			{DocID: "d", Check: dataset.CheckColumnSum, Status: dataset.Fail}, {DocID: "d", Check: dataset.CheckBalance, Status: dataset.Pass}},
	}
	k := resultKey{SHA256: "new", Version: "v", Pipeline: "p", Source: "b.pdf"}
	_, digest, err := st.save(ctx, k, b, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	blob, _ := encodeBatch(b)
	if digest != sha256Hex(blob) {
		t.Errorf("digest %s, want the SHA-256 of the stored rows", digest)
	}
	got, ok, err = st.lookup(ctx, k)
	if err != nil || !ok || got.Digest != digest {
		t.Fatalf("lookup = %+v, %v, %v", got, ok, err)
	}
	h := &harvest{docs: []*planned{{reuse: true, stored: got}}}
	outs := h.storedOutcomes()
	if len(outs) != 1 || outs[0].Document.Pages != 3 || outs[0].ChecksFailed["column_sum"] != 2 || len(outs[0].ChecksFailed) != 1 {
		t.Errorf("stored outcome = %+v, want 3 pages and 2 failing column sums", outs)
	}
}

// TestStateSupersedes: storing a result drops the results it supersedes
// (the same source under the same pipeline, with other content or from
// another version) and keeps the results of other pipelines and sources.
func TestStateSupersedes(t *testing.T) {
	ctx := context.Background()
	st, err := OpenState(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	batch := func(source string) dataset.Batch {
		return dataset.Batch{Document: dataset.Document{DocID: "d", Source: source, Status: dataset.StatusOK}}
	}
	keys := []resultKey{
		{SHA256: "a1", Version: "v1", Pipeline: "p", Source: "a.pdf"},
		{SHA256: "a1", Version: "v1", Pipeline: "q", Source: "a.pdf"}, // another pipeline: kept
		{SHA256: "b1", Version: "v1", Pipeline: "p", Source: "b.pdf"}, // another source: kept
		{SHA256: "a1", Version: "v2", Pipeline: "p", Source: "a.pdf"}, // a new build: drops v1 under p
		{SHA256: "a2", Version: "v2", Pipeline: "p", Source: "a.pdf"}, // new content: drops a1
	}
	for _, k := range keys {
		if _, _, err := st.save(ctx, k, batch(k.Source), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []bool{false, true, true, false, true} {
		if _, ok, err := st.lookup(ctx, keys[i]); err != nil || ok != want {
			t.Errorf("after the saves, %+v stored = %v (%v), want %v", keys[i], ok, err, want)
		}
	}
}
