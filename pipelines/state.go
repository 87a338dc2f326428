package pipelines

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// State is the state store of incremental runs: an embedded SQLite
// database of every document's result, keyed by the SHA-256 of its bytes,
// the budgetetl version and the hash of what the pipeline does to it (its
// options and the region the run gives it), and by its source, since rows
// name their source. A run reuses a stored result instead of reading the
// document again; a failed document is stored too but read again by the
// next run (the quarantine report lists it). Each result is committed as
// its document finishes, so a run that is killed keeps what it did.
//
// Beside each result's rows the store keeps its outcome (the documents.csv
// row and the failing checks by id, what the run report counts) and the
// SHA-256 of the stored rows, so that a run that reuses every result can
// report it and recognise the outputs it made without reading the rows.
//
// Beside the results, the store keeps what it last saw at every path
// (size, modification time, inode, change time, SHA-256), so that an
// unchanged file is not read again to be hashed; the executable's hash in
// the version is kept there too.
type State struct {
	db       *sql.DB
	path     string
	outcomes bool // the results table has the outcome and digest columns (a store made before them, opened read-only, has not)
}

// stateSchema creates the tables of a new store.
const stateSchema = `
CREATE TABLE IF NOT EXISTS files (
	path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
	ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
	sha256 TEXT NOT NULL, version TEXT NOT NULL, pipeline TEXT NOT NULL, source TEXT NOT NULL,
	status TEXT NOT NULL, error TEXT NOT NULL, page TEXT NOT NULL, attempts INTEGER NOT NULL,
	first_failed TEXT NOT NULL, updated TEXT NOT NULL, batch BLOB NOT NULL,
	outcome BLOB NOT NULL DEFAULT x'', digest TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (sha256, version, pipeline, source));
CREATE INDEX IF NOT EXISTS results_source ON results (source);
`

// OpenState opens (or creates) the state store at path, making its
// directory.
func OpenState(path string) (*State, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	// A rollback journal rather than WAL: a read-only open (a dry run) then
	// creates no file beside the database.
	return openState(path, "?_pragma=journal_mode(DELETE)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)", true)
}

// OpenStateReadOnly opens an existing state store without changing it.
func OpenStateReadOnly(path string) (*State, error) {
	return openState(path, "?mode=ro&_pragma=busy_timeout(10000)", false)
}

func openState(path, params string, create bool) (*State, error) {
	db, err := sql.Open("sqlite", "file:"+path+params)
	if err != nil {
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one writer; workers' results queue here
	s := &State{db: db, path: path}
	if !create {
		err = db.Ping()
	} else if _, err = db.Exec(stateSchema); err == nil {
		err = s.addOutcomes()
	}
	if err == nil {
		s.outcomes, err = s.hasColumn("results", "digest")
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	return s, nil
}

// addOutcomes adds the outcome and digest columns to a store made before
// them (its results are then found, but not reused without their rows).
func (s *State) addOutcomes() error {
	has, err := s.hasColumn("results", "digest")
	if err != nil || has {
		return err
	}
	_, err = s.db.Exec(`ALTER TABLE results ADD COLUMN outcome BLOB NOT NULL DEFAULT x'';
		ALTER TABLE results ADD COLUMN digest TEXT NOT NULL DEFAULT '';`)
	return err
}

// hasColumn reports whether table has the column.
func (s *State) hasColumn(table, column string) (bool, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, table, column).Scan(&n)
	return n > 0, err
}

// Path is where the store is.
func (s *State) Path() string { return s.path }

// Close closes the store.
func (s *State) Close() error { return s.db.Close() }

// resultKey names one stored result.
type resultKey struct {
	SHA256, Version, Pipeline, Source string
}

// stored is what the store holds of a document's last result.
type stored struct {
	Status   dataset.Status
	Error    string
	Page     string
	Attempts int    // runs in a row that failed it
	Outcome  []byte // the encoded outcome; empty for a result stored before outcomes were
	Digest   string // SHA-256 of the stored rows; empty likewise
}

// fileStat is what identifies a file's bytes without reading them.
type fileStat struct {
	Size, MtimeNS, CtimeNS, Inode int64
}

// cachedHash is the SHA-256 recorded for path when its stat is st.
func (s *State) cachedHash(ctx context.Context, path string, st fileStat) (string, bool) {
	var got fileStat
	var sum string
	err := s.db.QueryRowContext(ctx, `SELECT size, mtime_ns, ctime_ns, inode, sha256 FROM files WHERE path = ?`, path).
		Scan(&got.Size, &got.MtimeNS, &got.CtimeNS, &got.Inode, &sum)
	if err != nil || got != st {
		return "", false
	}
	return sum, true
}

// rememberHash records the SHA-256 of path at stat st.
func (s *State) rememberHash(ctx context.Context, path string, st fileStat, sum string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO files (path, size, mtime_ns, ctime_ns, inode, sha256) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
		ctime_ns = excluded.ctime_ns, inode = excluded.inode, sha256 = excluded.sha256`,
		path, st.Size, st.MtimeNS, st.CtimeNS, st.Inode, sum)
	return err
}

// lookup returns the stored result of k, if any.
func (s *State) lookup(ctx context.Context, k resultKey) (stored, bool, error) {
	var r stored
	cols := "outcome, digest"
	if !s.outcomes {
		cols = "x'', ''"
	}
	err := s.db.QueryRowContext(ctx, `SELECT status, error, page, attempts, `+cols+` FROM results
		WHERE sha256 = ? AND version = ? AND pipeline = ? AND source = ?`, k.SHA256, k.Version, k.Pipeline, k.Source).
		Scan(&r.Status, &r.Error, &r.Page, &r.Attempts, &r.Outcome, &r.Digest)
	if errors.Is(err, sql.ErrNoRows) {
		return stored{}, false, nil
	}
	return r, err == nil, err
}

// batch reads the stored rows of k; they are read when the document's
// turn comes, so memory holds a few documents, not the run.
func (s *State) batch(ctx context.Context, k resultKey) (dataset.Batch, error) {
	var blob []byte
	err := s.db.QueryRowContext(ctx, `SELECT batch FROM results
		WHERE sha256 = ? AND version = ? AND pipeline = ? AND source = ?`, k.SHA256, k.Version, k.Pipeline, k.Source).Scan(&blob)
	if err != nil {
		return dataset.Batch{}, err
	}
	return decodeBatch(blob)
}

// seenBefore reports whether any result is stored for source, whatever
// its bytes, version or options: a document not found under its key was
// then changed rather than new.
func (s *State) seenBefore(ctx context.Context, source string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM results WHERE source = ?`, source).Scan(&n)
	return n > 0, err
}

// save stores the result of a document read under k, and returns how many
// runs in a row have now failed it (0 when it did not fail) and the digest
// of the stored rows. In the same transaction it drops the results this one
// supersedes: the same source under the same pipeline with other content
// or from another budgetetl version, which no run of this pipeline reuses,
// so that the store does not grow by a copy of every result with each
// build. Results of other pipelines are kept.
func (s *State) save(ctx context.Context, k resultKey, b dataset.Batch, now time.Time) (attempts int, digest string, err error) {
	blob, err := encodeBatch(b)
	if err != nil {
		return 0, "", err
	}
	out, err := json.Marshal(outcomeOf(b))
	if err != nil {
		return 0, "", fmt.Errorf("state: encoding %s: %w", b.Document.Source, err)
	}
	digest = sha256Hex(blob)
	d := b.Document
	firstFailed := ""
	if d.Status == dataset.StatusFailed {
		prev, ok, err := s.lookup(ctx, k)
		if err != nil {
			return 0, "", err
		}
		attempts, firstFailed = 1, now.UTC().Format(time.RFC3339)
		if ok && prev.Status == dataset.StatusFailed {
			attempts = prev.Attempts + 1
			_ = s.db.QueryRowContext(ctx, `SELECT first_failed FROM results WHERE sha256 = ? AND version = ? AND pipeline = ? AND source = ?`,
				k.SHA256, k.Version, k.Pipeline, k.Source).Scan(&firstFailed)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, "", err
	}
	defer tx.Rollback()
	if _, err = tx.ExecContext(ctx, `INSERT INTO results
		(sha256, version, pipeline, source, status, error, page, attempts, first_failed, updated, batch, outcome, digest)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256, version, pipeline, source) DO UPDATE SET status = excluded.status,
		error = excluded.error, page = excluded.page, attempts = excluded.attempts,
		first_failed = excluded.first_failed, updated = excluded.updated, batch = excluded.batch,
		outcome = excluded.outcome, digest = excluded.digest`,
		k.SHA256, k.Version, k.Pipeline, k.Source, string(d.Status), d.Error, b.ErrorAt.Page, attempts,
		firstFailed, now.UTC().Format(time.RFC3339), blob, out, digest); err != nil {
		return 0, "", err
	}
	if _, err = tx.ExecContext(ctx, `DELETE FROM results WHERE source = ? AND pipeline = ? AND (sha256 <> ? OR version <> ?)`,
		k.Source, k.Pipeline, k.SHA256, k.Version); err != nil {
		return 0, "", err
	}
	return attempts, digest, tx.Commit()
}

// encodeBatch and decodeBatch are how results are stored: gob, as the
// worker processes send them.
func encodeBatch(b dataset.Batch) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(b); err != nil {
		return nil, fmt.Errorf("state: encoding %s: %w", b.Document.Source, err)
	}
	return buf.Bytes(), nil
}

func decodeBatch(data []byte) (dataset.Batch, error) {
	var b dataset.Batch
	err := gob.NewDecoder(bytes.NewReader(data)).Decode(&b)
	return b, err
}
