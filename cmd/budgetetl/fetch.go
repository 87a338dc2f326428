package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/budgetetl/budgetetl/pipelines"
	"github.com/urfave/cli/v2"
	"golang.org/x/time/rate"
)

func fetchCommand() *cli.Command {
	return &cli.Command{
		Name:  "fetch",
		Usage: "download the disclosures of a URL list into a content-addressed store",
		Description: `--urls names a file of URLs, one a line (# comments; - reads standard input).
   Each is downloaded into --store DIR as sha256/ab/abcd….pdf (.xlsx, .xls: by
   content) and recorded in DIR/manifest.csv, one row per URL: url, final_url,
   fetched_at, checked_at, status (new, changed, unchanged, failed),
   http_status, etag, last_modified, sha256, bytes, content_type, format, path
   (in the store), error. A URL fetched before is asked for with
   If-None-Match / If-Modified-Since, so unchanged content is not downloaded
   again. Requests retry connection errors, cut bodies, 429 and 5xx with
   backoff (a Retry-After is honoured), keep to --per-host requests a second
   on each host and to what robots.txt allows the budgetetl agent. A URL that
   fails (HTTP error, robots.txt, a body cut short, an HTML page instead of a
   document) is a failed row and the others go on; the exit status is then 1.

   Example:
      budgetetl fetch --urls shanxi-2026.txt --store harvest/
      budgetetl enqueue --queue postgres://… --store harvest/`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "urls", Required: true, Usage: "`FILE` of URLs, one a line (- for standard input)"},
			&cli.StringFlag{Name: "store", Required: true, Usage: "store `DIR` (made if absent)"},
			&cli.Float64Flag{Name: "per-host", Value: float64(pipelines.DefaultPerHost), Usage: "most requests a second to one host"},
			&cli.IntFlag{Name: "workers", Value: 4, Usage: "URLs fetched at once"},
			&cli.IntFlag{Name: "retries", Value: 4, Usage: "retries of a request after a connection error, a cut body, 429 or 5xx"},
			&cli.DurationFlag{Name: "timeout", Value: 0, Usage: "deadline of one request, body included (0: 5m)"},
			&cli.StringFlag{Name: "user-agent", Value: pipelines.DefaultUserAgent, Usage: "User-Agent header; its first word is the robots.txt agent"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no line per URL"},
		},
		Action: fetchAction,
	}
}

func fetchAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError{fmt.Errorf("fetch: unexpected argument %q (URLs come from --urls FILE)", c.Args().First())}
	}
	if c.Float64("per-host") <= 0 || c.Int("workers") <= 0 {
		return usageError{errors.New("fetch: --per-host and --workers must be positive")}
	}
	urls, err := readURLFile(c.String("urls"))
	if err != nil {
		return usageError{fmt.Errorf("--urls: %w", err)}
	}
	opts := pipelines.FetchOptions{
		UserAgent: c.String("user-agent"), PerHost: rate.Limit(c.Float64("per-host")),
		Workers: c.Int("workers"), Retries: c.Int("retries"), Timeout: c.Duration("timeout"),
	}
	if opts.Retries == 0 {
		opts.Retries = -1 // --retries 0 means none
	}
	if !c.Bool("quiet") {
		opts.Progress = os.Stderr
	}
	rows, err := pipelines.Fetch(context.Background(), urls, c.String("store"), opts)
	if err != nil {
		return err
	}
	counts := map[pipelines.FetchStatus]int{}
	for _, r := range rows {
		counts[r.Status]++
	}
	fmt.Fprintf(os.Stderr, "budgetetl: %d URLs: %d new, %d changed, %d unchanged, %d failed; manifest %s\n",
		len(rows), counts[pipelines.FetchNew], counts[pipelines.FetchChanged], counts[pipelines.FetchUnchanged],
		counts[pipelines.FetchFailed], c.String("store")+"/"+pipelines.ManifestName)
	if counts[pipelines.FetchFailed] > 0 {
		return errDocumentsFailed
	}
	return nil
}

// readURLFile reads the URL list at path, or standard input for -.
func readURLFile(path string) ([]string, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	urls, err := pipelines.ReadURLs(r)
	if err == nil && len(urls) == 0 {
		err = fmt.Errorf("%s: no URL", path)
	}
	return urls, err
}
