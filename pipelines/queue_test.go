package pipelines

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"gocloud.dev/blob"
)

// fakeS3 serves an in-process S3 (gofakes3) on loopback with one bucket,
// docs, and returns its gocloud.dev/blob URL; the AWS SDK gets test
// credentials from the environment and reads no shared config.
func fakeS3(t *testing.T) string {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("docs"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
	} {
		t.Setenv(k, v)
	}
	return "s3://docs?endpoint=" + url.QueryEscape(srv.URL) + "&use_path_style=true&region=us-east-1"
}

// TestUploadMaterialize copies the samples to a file:// and an s3:// bucket
// and reads each back as a job would: the same bytes, and a job whose
// object changed fails for good.
func TestUploadMaterialize(t *testing.T) {
	docs, skipped, err := Locate([]string{filepath.Join("..", "samples")})
	if err != nil || len(skipped) != 0 {
		t.Fatal(err, skipped)
	}
	if len(docs) != 5 {
		t.Fatalf("Locate: %d documents in samples/, want 5", len(docs))
	}
	buckets := map[string]string{"file": "file://" + filepath.ToSlash(t.TempDir()), "s3": fakeS3(t)}
	for name, bucket := range buckets {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			up, err := Upload(ctx, bucket, docs)
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range up {
				if d.Path != "" || d.Bucket != bucket || d.Key != "sha256/"+d.SHA256[:2]+"/"+d.SHA256 || d.Source != docs[i].Source {
					t.Errorf("uploaded job %+v", d)
				}
				file, done, err := materialize(ctx, d, t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				got, _ := os.ReadFile(file)
				want, _ := os.ReadFile(docs[i].Path)
				if !bytes.Equal(got, want) {
					t.Errorf("%s: read back %d bytes, want the %d of %s", d.Key, len(got), len(want), docs[i].Path)
				}
				done()
			}
			if _, err := Upload(ctx, bucket, docs); err != nil {
				t.Fatalf("second upload: %v", err)
			}
			b, err := blob.OpenBucket(ctx, bucket)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if err := b.WriteAll(ctx, up[0].Key, []byte("%PDF-1.4 other"), nil); err != nil {
				t.Fatal(err)
			}
			_, _, err = materialize(ctx, up[0], t.TempDir())
			if !errors.Is(err, errChanged) || !permanentJobError(err) {
				t.Errorf("changed object: got %v, want a permanent %v", err, errChanged)
			}
			missing := up[1]
			missing.Key += ".gone"
			if _, _, err = materialize(ctx, missing, t.TempDir()); !permanentJobError(err) {
				t.Errorf("missing object: got %v, want a permanent error", err)
			}
		})
	}
}

func TestMaterializePath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4 one"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, _, err := Locate([]string{file})
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := materialize(context.Background(), docs[0], dir); err != nil || got != file {
		t.Fatalf("materialize: %q %v, want %q", got, err, file)
	}
	os.WriteFile(file, []byte("%PDF-1.4 two"), 0o644)
	if _, _, err := materialize(context.Background(), docs[0], dir); !errors.Is(err, errChanged) {
		t.Errorf("changed file: got %v, want %v", err, errChanged)
	}
	os.Remove(file)
	if _, _, err := materialize(context.Background(), docs[0], dir); !permanentJobError(err) {
		t.Errorf("removed file: got %v, want a permanent error", err)
	}
}

func TestRelabel(t *testing.T) {
	tmp, src := "/tmp/budgetetl-job-123", "https://czj.example.gov.cn/2026/预算.pdf"
	b := dataset.Batch{
		Document: dataset.Document{Source: tmp, Error: tmp + ": damaged"},
		Facts:    []dataset.Fact{{Source: tmp}, {Source: tmp}},
		Checks:   []dataset.Check{{Position: dataset.Position{Source: tmp}, Detail: "read from " + tmp}},
	}
	relabel(&b, tmp, src)
	for _, s := range []string{b.Document.Source, b.Facts[0].Source, b.Facts[1].Source, b.Checks[0].Source} {
		if s != src {
			t.Errorf("source %q, want %q", s, src)
		}
	}
	if b.Document.Error != src+": damaged" || strings.Contains(b.Checks[0].Detail, tmp) {
		t.Errorf("error %q, detail %q still name the temporary file", b.Document.Error, b.Checks[0].Detail)
	}
}

func TestSameDatabase(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"postgres://u@h:5432/db", "postgres://v:secret@h/db?sslmode=disable", true},
		{"postgres://u@h/db", "postgres://u@h/other", false},
		{"postgres://u@h:5432/db", "postgres://u@h:5433/db", false},
		{"postgres://u@h1/db", "postgresql://u@h2/db", false},
	}
	for _, tt := range tests {
		if got := sameDatabase(tt.a, tt.b); got != tt.want {
			t.Errorf("sameDatabase(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWithPoolSize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://u@h/db", "postgres://u@h/db?pool_max_conns=6"},
		{"postgres://u@h/db?sslmode=disable", "postgres://u@h/db?pool_max_conns=6&sslmode=disable"},
		{"postgres://u@h/db?pool_max_conns=20", "postgres://u@h/db?pool_max_conns=20"},
	}
	for _, tt := range tests {
		if got := withPoolSize(tt.in, 6); got != tt.want {
			t.Errorf("withPoolSize(%q, 6) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
