package pipelines

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/budgetetl/budgetetl/load"
)

// A re-run with nothing changed keeps its outputs: when every document of
// the plan is unchanged (its stored result is reused) and every sink is a
// load.Keeper whose committed output was made from exactly these results,
// the run reads no stored rows and writes no output; the report is made
// from the outcomes the state store keeps beside the rows, and says that
// the outputs were kept. A run that writes gives its sinks the stamp of
// what they were made from, for the next run to compare.

// stamp names what a run's outputs are made from: the documents in run
// order, each by its source, the key of its result (the SHA-256 of its
// bytes, the budgetetl version, the hash of the options and region it was
// read with) and the SHA-256 of the rows stored for it. It is "" when some
// document has no stored result (a document not read, a result the store
// could not keep), since nothing could then tell a later run's outputs
// from these.
func (h *harvest) stamp() string {
	if h.cfg.State == nil || len(h.docs) == 0 {
		return ""
	}
	sum := sha256.New()
	fmt.Fprintf(sum, "budgetetl outputs 1\n")
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range h.docs {
		digest := h.digests[p.name()]
		if digest == "" && p.reuse {
			digest = p.stored.Digest
		}
		if digest == "" || p.key.SHA256 == "" {
			return ""
		}
		fmt.Fprintf(sum, "%q %s %q %s %s\n", p.key.Source, p.key.SHA256, p.key.Version, p.key.Pipeline, digest)
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// keepers are the sinks as load.Keepers that hold stamp, or nil unless
// every sink is one that does.
func keepers(sinks []load.Sink, stamp string) []load.Keeper {
	if stamp == "" || len(sinks) == 0 {
		return nil
	}
	out := make([]load.Keeper, len(sinks))
	for i, s := range sinks {
		k, ok := s.(load.Keeper)
		if !ok || !k.Holds(stamp) {
			return nil
		}
		out[i] = k
	}
	return out
}

// storedOutcomes are the outcomes of the plan's documents as the state
// store keeps them, or nil unless every document is reused and has one.
func (h *harvest) storedOutcomes() []outcome {
	out := make([]outcome, len(h.docs))
	for i, p := range h.docs {
		if !p.reuse || len(p.stored.Outcome) == 0 {
			return nil
		}
		if err := json.Unmarshal(p.stored.Outcome, &out[i]); err != nil {
			return nil
		}
	}
	return out
}

// keep ends a run whose outputs are already what it would write: it
// counts every document from its stored outcome and keeps every sink's
// committed output. It reports false, having done nothing, when the run
// must read and write.
func (h *harvest) keep(sinks []load.Sink, sum *Summary, prog *progress) (bool, error) {
	ks := keepers(sinks, h.stamp())
	if ks == nil {
		return false, nil
	}
	outcomes := h.storedOutcomes()
	if outcomes == nil {
		return false, nil
	}
	for _, o := range outcomes {
		prog.done(o.Document)
		sum.add(o.Document)
		sum.Report.add(o, 0, 0, true)
	}
	sum.Report.OutputsKept = true
	var err error
	for _, k := range ks {
		if kerr := k.Keep(); kerr != nil && err == nil {
			err = kerr
		}
	}
	return true, err
}

// stampSinks gives every sink that records it the stamp of what the run
// wrote.
func (h *harvest) stampSinks(sinks []load.Sink) {
	stamp := h.stamp()
	for _, s := range sinks {
		if k, ok := s.(load.Keeper); ok {
			k.Stamp(stamp)
		}
	}
}
