package pipelines

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/budgetetl/budgetetl/dataset"
)

// PlanStatus is what a run does with a document, given the state store.
type PlanStatus string

// The plan statuses.
const (
	PlanNew          PlanStatus = "new"           // never read at this path: read
	PlanChanged      PlanStatus = "changed"       // read before with other bytes, another version or other options: read
	PlanUnchanged    PlanStatus = "unchanged"     // its stored result is used
	PlanFailedBefore PlanStatus = "failed_before" // it failed last time: read again
	PlanRefresh      PlanStatus = "refresh"       // --full-refresh: read whatever is stored
	PlanNotRead      PlanStatus = "not_read"      // the walk could not read it: a failed row
)

// Planned is what a run does with one document; a dry run prints it.
type Planned struct {
	Source string     `json:"source"`
	SHA256 string     `json:"sha256,omitempty"`
	Status PlanStatus `json:"status"`
	Reason string     `json:"reason,omitempty"`
}

// planned is one document of a run with what the run knows of it beyond
// its path.
type planned struct {
	Input
	claim    regionClaim
	claimErr error // the region its path gives is not used (regionWarning)
	sha      string
	key      resultKey
	status   PlanStatus
	reason   string
	reuse    bool   // its stored result is used
	stored   stored // what the state store holds under key, when reuse
}

// harvest plans a run's documents against the state store and reads each
// one that needs it, storing the result.
type harvest struct {
	cfg     Config
	docs    []*planned
	byName  map[string]*planned // by the name the rows give
	version string

	mu       sync.Mutex
	elapsed  map[string]time.Duration // reading time of each document read
	attempts map[string]int           // runs in a row that failed it
	digests  map[string]string        // SHA-256 of the rows stored for each document read
}

// newHarvest plans the documents of inputs. With write false (a dry run)
// it changes nothing: the hashes it computes are not remembered.
func newHarvest(ctx context.Context, cfg Config, inputs []Input, regions map[string]dataset.Region, write bool) (*harvest, error) {
	h := &harvest{cfg: cfg, byName: map[string]*planned{}, version: cfg.Version,
		elapsed: map[string]time.Duration{}, attempts: map[string]int{}, digests: map[string]string{}}
	switch {
	case h.version != "":
	case cfg.State != nil:
		h.version = cfg.State.versionWith(ctx, write)
	default:
		h.version = Version()
	}
	flags := dataset.Region{Province: cfg.Meta.Province, City: cfg.Meta.City, County: cfg.Meta.County}
	hashing := cfg.State != nil || cfg.Shard.Count > 1
	for _, in := range inputs {
		if p := h.byName[in.name()]; p != nil { // the same file named twice reads once
			h.docs = append(h.docs, p)
			continue
		}
		p := &planned{Input: in, status: PlanNew}
		p.claim, p.claimErr = pathRegion(regions[in.name()], flags)
		switch {
		case in.Skip != "":
			p.status, p.reason = PlanNotRead, in.Skip
		case in.unfetched():
			p.reason = "not fetched yet: a run downloads it first"
		case hashing:
			p.sha = h.hash(ctx, in.Path, write)
		}
		if p.sha != "" && cfg.State != nil {
			if err := h.lookup(ctx, p); err != nil {
				return nil, err
			}
		}
		h.byName[in.name()] = p
		h.docs = append(h.docs, p)
	}
	if cfg.Shard.Count > 1 {
		h.docs = cfg.Shard.filter(h.docs)
	}
	return h, nil
}

// lookup sets the key and plan status of p from the state store.
func (h *harvest) lookup(ctx context.Context, p *planned) error {
	p.key = resultKey{SHA256: p.sha, Version: h.version, Pipeline: pipelineHash(h.cfg, p.claim), Source: p.name()}
	st, ok, err := h.cfg.State.lookup(ctx, p.key)
	if err != nil {
		return fmt.Errorf("state %s: %w", h.cfg.State.Path(), err)
	}
	switch {
	case ok && h.cfg.FullRefresh:
		p.status, p.reason = PlanRefresh, "--full-refresh"
	case ok && st.Status == dataset.StatusFailed:
		p.status = PlanFailedBefore
		p.reason = fmt.Sprintf("failed %d time(s): %s", st.Attempts, st.Error)
	case ok:
		p.status, p.reuse, p.stored = PlanUnchanged, true, st
	default:
		seen, err := h.cfg.State.seenBefore(ctx, p.name())
		if err != nil {
			return fmt.Errorf("state %s: %w", h.cfg.State.Path(), err)
		}
		if seen {
			p.status, p.reason = PlanChanged, "its bytes, the budgetetl version or the options differ from the stored result's"
		}
	}
	return nil
}

// hash is the SHA-256 of a document's bytes, from the state store's
// record of the file when its stat has not changed; "" when the file
// cannot be read (reading it will say why).
func (h *harvest) hash(ctx context.Context, path string, remember bool) string {
	st, statOK := statOf(path)
	if h.cfg.State != nil && statOK && !h.cfg.FullRefresh {
		if sum, ok := h.cfg.State.cachedHash(ctx, path, st); ok {
			return sum
		}
	}
	hexSum, err := hashSource(path, h.cfg.Extract)
	if err != nil {
		return ""
	}
	if h.cfg.State != nil && statOK && remember {
		_ = h.cfg.State.rememberHash(ctx, path, st, hexSum) // a cache: a failure only costs a hash next time
	}
	return hexSum
}

// statOf is the stat that identifies a document's bytes.
func statOf(path string) (fileStat, bool) {
	info, err := statSource(path)
	if err != nil {
		return fileStat{}, false
	}
	st := fileStat{Size: info.Size(), MtimeNS: info.ModTime().UnixNano()}
	st.Inode, st.CtimeNS = inodeOf(info)
	return st, true
}

// pipelineHash is the hash of what the run does to a document: the reader
// options and the region the run gives it.
func pipelineHash(cfg Config, claim regionClaim) string {
	data, _ := json.Marshal(struct {
		Extract any
		Region  dataset.Region
	}{cfg.Extract, claim.Region})
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:16]
}

// plan lists what the run does with each document.
func (h *harvest) plan() []Planned {
	out := make([]Planned, len(h.docs))
	for i, p := range h.docs {
		out[i] = Planned{Source: p.name(), SHA256: p.sha, Status: p.status, Reason: p.reason}
	}
	return out
}

// names are the documents' names (paths, URLs) in run order.
func (h *harvest) names() []string {
	out := make([]string, len(h.docs))
	for i, p := range h.docs {
		out[i] = p.name()
	}
	return out
}

// wrap turns the reader of one document into the run's, called with the
// document's name: a stored result when the document is unchanged, else
// read from its file, named, given its region, and stored.
func (h *harvest) wrap(read readFunc) readFunc {
	return func(ctx context.Context, name string) dataset.Batch {
		p := h.byName[name]
		switch {
		case p.Skip != "":
			return failedBatch(name, p.Skip)
		case p.unfetched():
			return failedBatch(name, "not fetched")
		}
		if p.reuse {
			b, err := h.cfg.State.batch(ctx, p.key)
			if err == nil {
				return b
			}
			p.reuse = false // read it again
			if h.cfg.Logger != nil {
				h.cfg.Logger.Warn("state: stored result unreadable, reading the document", "source", name, "err", err)
			}
		}
		start := time.Now()
		b := read(ctx, p.Path)
		relabel(&b, p.Path, name)
		if p.claimErr != nil {
			regionWarning(&b, p.claimErr)
		}
		applyRegion(&b, p.claim)
		h.mu.Lock()
		h.elapsed[name] = time.Since(start)
		h.mu.Unlock()
		if h.cfg.State != nil && p.sha != "" && ctx.Err() == nil {
			n, digest, err := h.cfg.State.save(ctx, p.key, b, time.Now())
			if err != nil && h.cfg.Logger != nil {
				h.cfg.Logger.Warn("state: result not stored", "source", name, "err", err)
			}
			h.mu.Lock()
			h.attempts[name], h.digests[name] = n, digest
			h.mu.Unlock()
		}
		return b
	}
}

// took is how long a document took to read, how many runs in a row have
// failed it, and whether its stored result was used instead.
func (h *harvest) took(name string) (time.Duration, int, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	p := h.byName[name]
	return h.elapsed[name], h.attempts[name], p != nil && p.reuse
}

// Shard is a deterministic share of a run's documents, by the SHA-256 of
// their bytes: shard Index of Count (0 ≤ Index < Count) takes the
// documents whose hash is Index modulo Count. Count 0 or 1 is the whole
// run. The same file always lands in the same shard, so shards can be run
// on N machines and merged (budgetetl merge) into the single run's
// outputs.
type Shard struct{ Index, Count int }

// ParseShard reads K/N.
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.Index, &sh.Count); err != nil || fmt.Sprintf("%d/%d", sh.Index, sh.Count) != s {
		return Shard{}, fmt.Errorf("shard %q: want K/N, e.g. 0/4", s)
	}
	if sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count {
		return Shard{}, fmt.Errorf("shard %q: K must be 0…N-1", s)
	}
	return sh, nil
}

// filter keeps the documents of the shard; one whose bytes could not be
// read is placed by the hash of its name.
func (sh Shard) filter(docs []*planned) []*planned {
	var out []*planned
	for _, p := range docs {
		key := p.sha
		if key == "" {
			sum := sha256.Sum256([]byte(p.name()))
			key = hex.EncodeToString(sum[:])
		}
		b, err := hex.DecodeString(key[:16])
		if err != nil {
			continue
		}
		if binary.BigEndian.Uint64(b)%uint64(sh.Count) == uint64(sh.Index) {
			out = append(out, p)
		}
	}
	return out
}
