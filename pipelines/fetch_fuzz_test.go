package pipelines

import (
	"strings"
	"testing"
	"time"
)

// FuzzReadURLs: any list reads without error into URLs that are single
// words, none a comment.
func FuzzReadURLs(f *testing.F) {
	f.Add("# list\nhttp://a.example/1.pdf\n\n https://b.example/2.xlsx 预算\n")
	f.Add("\x00\r\n#\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		urls, err := ReadURLs(strings.NewReader(in))
		if err != nil && len(in) < 1<<20 {
			t.Fatalf("ReadURLs(%q): %v", in, err)
		}
		for _, u := range urls {
			if u == "" || strings.ContainsAny(u, " \t\n\r") || strings.HasPrefix(u, "#") {
				t.Errorf("ReadURLs(%q) gave %q", in, u)
			}
		}
	})
}

// FuzzManifestRow: a manifest row reads back as the row written.
func FuzzManifestRow(f *testing.F) {
	f.Add("http://a.example/1.pdf", `"abc"`, "Sun, 01 Mar 2026 08:00:00 GMT", "failed", "HTTP 404 Not Found", int64(1234), 200, int64(1772352000))
	f.Fuzz(func(t *testing.T, u, etag, lm, status, errText string, n int64, code int, at int64) {
		r := FetchedFile{
			URL: u, FinalURL: u, Status: FetchStatus(status), HTTPStatus: code, ETag: etag, LastModified: lm,
			SHA256: strings.Repeat("ab", 32), Bytes: n, ContentType: "application/pdf", Format: "pdf", Path: "sha256/ab/x.pdf",
			Error: errText, FetchedAt: time.Unix(at%(1<<34), 0).UTC(),
		}
		got, err := parseManifestRow(r.record())
		if err != nil {
			t.Fatalf("%q: %v", r.record(), err)
		}
		if strings.Join(got.record(), "|") != strings.Join(r.record(), "|") {
			t.Errorf("read back\n %q\nwrote\n %q", got.record(), r.record())
		}
	})
}
