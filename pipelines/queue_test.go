package pipelines

import (
	"archive/zip"
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
	"github.com/budgetetl/budgetetl/extract"
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
	docs, skipped, err := Locate(Config{Inputs: []string{filepath.Join("..", "samples")}})
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
			up, err := Upload(ctx, bucket, docs, extract.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range up {
				if d.Path != "" || d.Bucket != bucket || d.Key != "sha256/"+d.SHA256[:2]+"/"+d.SHA256 || d.Source != docs[i].Source {
					t.Errorf("uploaded job %+v", d)
				}
				file, done, err := materialize(ctx, d, t.TempDir(), extract.Options{})
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
			if _, err := Upload(ctx, bucket, docs, extract.Options{}); err != nil {
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
			_, _, err = materialize(ctx, up[0], t.TempDir(), extract.Options{})
			if !errors.Is(err, errChanged) || !permanentJobError(err) {
				t.Errorf("changed object: got %v, want a permanent %v", err, errChanged)
			}
			missing := up[1]
			missing.Key += ".gone"
			if _, _, err = materialize(ctx, missing, t.TempDir(), extract.Options{}); !permanentJobError(err) {
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
	docs, _, err := Locate(Config{Inputs: []string{file}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := materialize(context.Background(), docs[0], dir, extract.Options{}); err != nil || got != file {
		t.Fatalf("materialize: %q %v, want %q", got, err, file)
	}
	os.WriteFile(file, []byte("%PDF-1.4 two"), 0o644)
	if _, _, err := materialize(context.Background(), docs[0], dir, extract.Options{}); !errors.Is(err, errChanged) {
		t.Errorf("changed file: got %v, want %v", err, errChanged)
	}
	os.Remove(file)
	if _, _, err := materialize(context.Background(), docs[0], dir, extract.Options{}); !permanentJobError(err) {
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

// TestLocatePipeline lists a pipeline source holding a .zip bundle below
// {province}/{city}/: its members are jobs with !/ sources, the bytes of
// the member and the region of the path; the lock file and the web page
// are skipped. A worker gives the document that region as a run does: a
// path that disagrees with the document is a region_conflict warning.
func TestLocatePipeline(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "河北省", "石家庄市")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(filepath.Join("..", "samples", "jincheng-2026.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, data := range map[string][]byte{"2026/jincheng-2026.pdf": pdf, "2026/~$lock.xlsx": []byte("lock")} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	os.WriteFile(filepath.Join(dir, "bundle.zip"), zbuf.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html></html>"), 0o644)
	cfg := Config{Sources: []Source{{Path: ".", Metadata: "{province}/{city}/…"}}, SourceDir: root}
	docs, skipped, err := Locate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || len(skipped) != 2 {
		t.Fatalf("Locate: %+v, skipped %+v; want one member and two skipped", docs, skipped)
	}
	d := docs[0]
	if !strings.HasSuffix(d.Source, "bundle.zip"+extract.ArchiveSep+"2026/jincheng-2026.pdf") || d.SHA256 != sha(pdf) {
		t.Errorf("job %+v, want the member with sha256 %s", d, sha(pdf))
	}
	if d.PathRegion == nil || *d.PathRegion != (JobRegion{Province: "河北省", City: "石家庄市"}) {
		t.Errorf("path region %+v, want 河北省 石家庄市", d.PathRegion)
	}
	file, done, err := materialize(context.Background(), d, t.TempDir(), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	b := ProcessFile(context.Background(), file, Config{})
	(&documentWorker{}).applyRegion(&b, d)
	warned := false
	for _, c := range b.Checks {
		warned = warned || (c.Check == dataset.CheckRegionConflict && strings.Contains(c.Detail, "from its path"))
	}
	if !warned || b.Document.Province != "山西省" {
		t.Errorf("province %s, region_conflict from the path %v; want the document's 山西省 and the warning", b.Document.Province, warned)
	}
}
