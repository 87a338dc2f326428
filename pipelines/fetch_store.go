package pipelines

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/budgetetl/budgetetl/load"
)

// The fetch store is a directory:
//
//	DIR/manifest.csv             one row per URL (FetchedFile), sorted by URL
//	DIR/sha256/ab/abcd….pdf      each distinct content once, named by its SHA-256
//	DIR/tmp/                     downloads in progress (same file system, then renamed)
//	DIR/.lock                    held by the fetch writing the store (one at a time)
//
// A download is written to tmp/, fsynced and renamed into sha256/, and the
// directory fsynced, so a stored file is always whole; the manifest is
// replaced the same way.

// ManifestName is the manifest's file name in a fetch store.
const ManifestName = "manifest.csv"

// ManifestColumns are the manifest's columns, in order.
var ManifestColumns = []string{
	"url", "final_url", "fetched_at", "checked_at", "status", "http_status",
	"etag", "last_modified", "sha256", "bytes", "content_type", "format", "path", "error",
}

// record is the manifest row of f.
func (f FetchedFile) record() []string {
	return []string{
		f.URL, f.FinalURL, timeText(f.FetchedAt), timeText(f.CheckedAt), string(f.Status), strconv.Itoa(f.HTTPStatus),
		f.ETag, f.LastModified, f.SHA256, strconv.FormatInt(f.Bytes, 10), f.ContentType, f.Format, f.Path, f.Error,
	}
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ReadManifest reads the manifest of the fetch store dir; a store without
// one has no rows. Each row's Path is made absolute (under dir).
func ReadManifest(dir string) ([]FetchedFile, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(ManifestColumns)
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var out []FetchedFile
	for i, row := range rows[1:] {
		ff, err := parseManifestRow(row)
		if err != nil {
			return nil, fmt.Errorf("%s row %d: %w", f.Name(), i+2, err)
		}
		if ff.Path != "" {
			ff.Path = filepath.Join(abs, ff.Path)
		}
		out = append(out, ff)
	}
	return out, nil
}

func parseManifestRow(row []string) (f FetchedFile, err error) {
	f.URL, f.FinalURL, f.Status = row[0], row[1], FetchStatus(row[4])
	f.ETag, f.LastModified, f.SHA256 = row[6], row[7], row[8]
	f.ContentType, f.Format, f.Path, f.Error = row[10], row[11], row[12], row[13]
	if f.FetchedAt, err = parseTime(row[2]); err != nil {
		return f, fmt.Errorf("fetched_at: %w", err)
	}
	if f.CheckedAt, err = parseTime(row[3]); err != nil {
		return f, fmt.Errorf("checked_at: %w", err)
	}
	if f.HTTPStatus, err = strconv.Atoi(row[5]); err != nil {
		return f, fmt.Errorf("http_status: %w", err)
	}
	if f.Bytes, err = strconv.ParseInt(row[9], 10, 64); err != nil {
		return f, fmt.Errorf("bytes: %w", err)
	}
	return f, nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}

// writeManifest replaces the store's manifest with rows, sorted by URL:
// temp file, fsync, rename, fsync of the directory. Paths are written
// relative to the store.
func writeManifest(dir string, rows []FetchedFile) error {
	rows = append([]FetchedFile(nil), rows...)
	sort.Slice(rows, func(i, j int) bool { return rows[i].URL < rows[j].URL })
	return load.WriteFileAtomic(filepath.Join(dir, ManifestName), filepath.Join(dir, "tmp"), func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write(ManifestColumns)
		for _, r := range rows {
			if r.Path != "" {
				if rel, err := filepath.Rel(dir, r.Path); err == nil {
					r.Path = filepath.ToSlash(rel)
				}
			}
			cw.Write(r.record())
		}
		cw.Flush()
		return cw.Error()
	})
}

// openStore makes the store's directories and returns its absolute path.
func openStore(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for _, d := range []string{abs, filepath.Join(abs, "tmp"), filepath.Join(abs, "sha256")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", fmt.Errorf("fetch store: %w", err)
		}
	}
	return abs, nil
}

// download is one body being written to the store.
type download struct {
	store string
	tmp   *os.File
	hash  hash.Hash
	n     int64
	head  []byte // the first bytes, to tell what the content is
}

const sniffBytes = 1024 // what extract.Sniff looks at

func newDownload(store string) (*download, error) {
	tmp, err := os.CreateTemp(filepath.Join(store, "tmp"), "fetch.*")
	if err != nil {
		return nil, err
	}
	return &download{store: store, tmp: tmp, hash: sha256.New()}, nil
}

// Write stores p, hashing it and keeping the head.
func (d *download) Write(p []byte) (int, error) {
	if len(d.head) < sniffBytes {
		d.head = append(d.head, p[:min(len(p), sniffBytes-len(d.head))]...)
	}
	d.hash.Write(p)
	n, err := d.tmp.Write(p)
	d.n += int64(n)
	return n, err
}

// sum is the hex SHA-256 of what was written.
func (d *download) sum() string { return hex.EncodeToString(d.hash.Sum(nil)) }

// commit fsyncs the download and renames it to sha256/ab/SUM.EXT,
// returning that path; content already stored is kept as it is.
func (d *download) commit(ext string) (string, error) {
	if err := closeSynced(d.tmp); err != nil {
		os.Remove(d.tmp.Name())
		return "", err
	}
	sum := d.sum()
	dir := filepath.Join(d.store, "sha256", sum[:2])
	path := filepath.Join(dir, sum+"."+ext)
	if _, err := os.Stat(path); err == nil {
		os.Remove(d.tmp.Name())
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		os.Remove(d.tmp.Name())
		return "", err
	}
	if err := os.Rename(d.tmp.Name(), path); err != nil {
		os.Remove(d.tmp.Name())
		return "", err
	}
	return path, syncDir(dir)
}

// discard removes the download.
func (d *download) discard() {
	d.tmp.Close()
	os.Remove(d.tmp.Name())
}

func closeSynced(f *os.File) error {
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir fsyncs a directory so that a rename into it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
