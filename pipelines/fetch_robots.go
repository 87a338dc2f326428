package pipelines

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/temoto/robotstxt"
)

// robots answers whether robots.txt lets the fetcher ask for a URL. Each
// host's robots.txt is fetched once per Fetch, through the same client
// (rate limit, retries). As search engines read it: a 4xx means no rules,
// a 5xx (after the retries) or no answer disallows the host, and rules
// that do not parse are no rules.
type robots struct {
	client *retryablehttp.Client // without the robots check on redirects
	ua     string                // the User-Agent header
	agent  string                // the robots.txt user agent
	mu     sync.Mutex
	hosts  map[string]*robotsEntry
}

type robotsEntry struct {
	once sync.Once
	data *robotstxt.RobotsData
	err  error
}

// maxRobotsBytes is how much of a robots.txt is read (Google reads 500 KiB).
const maxRobotsBytes = 500 << 10

// allowed returns nil when the URL may be fetched, else why not.
func (r *robots) allowed(ctx context.Context, u *url.URL) error {
	key := u.Scheme + "://" + u.Host
	r.mu.Lock()
	e, ok := r.hosts[key]
	if !ok {
		e = &robotsEntry{}
		r.hosts[key] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.data, e.err = r.load(ctx, key) })
	if e.err != nil {
		return permanentError{e.err}
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.data.TestAgent(path, r.agent) {
		return permanentError{fmt.Errorf("%w (%s/robots.txt for %s)", errDisallowed, key, r.agent)}
	}
	return nil
}

// load fetches and reads the robots.txt of scheme://host.
func (r *robots) load(ctx context.Context, site string) (*robotstxt.RobotsData, error) {
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, site+"/robots.txt", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", r.ua)
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s/robots.txt: %w", site, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
	if err != nil {
		return nil, fmt.Errorf("%s/robots.txt: %w", site, err)
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil) // rules that do not parse are none
	}
	return data, nil
}
