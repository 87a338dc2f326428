package pipelines

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"

	"github.com/budgetetl/budgetetl/extract"
	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets (MinIO and other S3-compatible stores with ?endpoint=)
	"gocloud.dev/gcerrors"
)

// errChanged is the cause of a job whose document no longer has the bytes
// it was queued with.
var errChanged = errors.New("the document changed since it was queued")

// Upload copies each document into the bucket at bucketURL as
// sha256/ab/SUM (an object already there is kept) and points its job at
// the object instead of the path, for workers that share no file system.
// opts bound the reading of a .zip bundle's members.
func Upload(ctx context.Context, bucketURL string, docs []DocumentArgs, opts extract.Options) ([]DocumentArgs, error) {
	b, err := blob.OpenBucket(ctx, bucketURL)
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", bucketURL, err)
	}
	defer b.Close()
	out := make([]DocumentArgs, len(docs))
	for i, d := range docs {
		key := path.Join("sha256", d.SHA256[:2], d.SHA256)
		if err := uploadOnce(ctx, b, key, d.Path, opts); err != nil {
			return nil, fmt.Errorf("bucket %s: %s: %w", bucketURL, d.Source, err)
		}
		out[i] = d
		out[i].Path, out[i].Bucket, out[i].Key = "", bucketURL, key
	}
	return out, nil
}

func uploadOnce(ctx context.Context, b *blob.Bucket, key, file string, opts extract.Options) error {
	if ok, err := b.Exists(ctx, key); err != nil || ok {
		return err
	}
	data, err := readSource(file, opts)
	if err != nil {
		return err
	}
	return b.WriteAll(ctx, key, data, nil)
}

// materialize makes the job's document a local file with the bytes it was
// queued with: its path (a file, or a member of a .zip bundle, read within
// opts' bounds), or the bucket object copied to a temporary file that done
// removes.
func materialize(ctx context.Context, d DocumentArgs, tmpDir string, opts extract.Options) (file string, done func(), err error) {
	if d.Bucket == "" {
		data, err := readSource(d.Path, opts)
		if err != nil {
			return "", nil, err
		}
		if sum := sha256Hex(data); sum != d.SHA256 {
			return "", nil, fmt.Errorf("%s: %w (sha256 %s, queued %s)", d.Path, errChanged, sum, d.SHA256)
		}
		return d.Path, func() {}, nil
	}
	f, err := os.CreateTemp(tmpDir, "budgetetl-job-*")
	if err != nil {
		return "", nil, err
	}
	done = func() { f.Close(); os.Remove(f.Name()) }
	if err := copyObject(ctx, d, f); err != nil {
		done()
		return "", nil, err
	}
	return f.Name(), done, nil
}

// copyObject copies the job's object into f, checking its digest.
func copyObject(ctx context.Context, d DocumentArgs, f *os.File) error {
	b, err := blob.OpenBucket(ctx, d.Bucket)
	if err != nil {
		return fmt.Errorf("bucket %s: %w", d.Bucket, err)
	}
	defer b.Close()
	r, err := b.NewReader(ctx, d.Key, nil)
	if err != nil {
		return fmt.Errorf("bucket %s: %s: %w", d.Bucket, d.Key, err)
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(f, h), r); err != nil {
		return fmt.Errorf("bucket %s: %s: %w", d.Bucket, d.Key, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != d.SHA256 {
		return fmt.Errorf("bucket %s: %s: %w (sha256 %s, queued %s)", d.Bucket, d.Key, errChanged, sum, d.SHA256)
	}
	return f.Sync()
}

// permanentJobError reports whether a retry of the job would fail the
// same way: its document changed, or its object does not exist.
func permanentJobError(err error) bool {
	return errors.Is(err, errChanged) || gcerrors.Code(err) == gcerrors.NotFound || errors.Is(err, os.ErrNotExist)
}
