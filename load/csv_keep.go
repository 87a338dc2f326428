package load

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// A committed generation can say what its set was made from: a run gives
// the sink a stamp (Stamp) naming its documents, their results and the
// budgetetl version, and Close writes it into the generation beside the
// set, with the size and modification time of each file. A later run that
// would write the set from the same stamp, with the same options, keeps
// the committed generation instead (Holds, Keep): no byte of it is
// rewritten.

// stampFile is the file of a generation that records what its set was
// made from.
const stampFile = "stamp.json"

// setStamp is the content of stampFile.
type setStamp struct {
	Inputs   string              `json:"inputs"` // the run's stamp
	Encoding Encoding            `json:"encoding"`
	RawText  bool                `json:"raw_text"`
	Files    map[string]fileMark `json:"files"` // as committed
}

// fileMark is what tells that a committed file is still as it was
// written.
type fileMark struct {
	Size    int64 `json:"size"`
	MtimeNS int64 `json:"mtime_ns"`
}

// Stamp names what the set being written is made from; Close records it
// in the generation it commits. An empty stamp records nothing (the set
// is then never kept by a later run).
func (s *CSV) Stamp(stamp string) { s.stamp = stamp }

// Holds reports whether the committed set was made from stamp with this
// sink's encoding and formula guard, and is still as its run left it: the
// files behind DIR's links have the size and modification time recorded
// when they were committed. A directory of plain files (where no symbolic
// link can be made) never holds a stamp.
func (s *CSV) Holds(stamp string) bool {
	if stamp == "" {
		return false
	}
	meta := filepath.Join(s.dir, MetaDir)
	cur, err := os.Readlink(filepath.Join(meta, currentLink))
	if err != nil {
		return false
	}
	data, err := os.ReadFile(filepath.Join(meta, cur, stampFile))
	if err != nil {
		return false
	}
	var got setStamp
	if json.Unmarshal(data, &got) != nil {
		return false
	}
	if got.Inputs != stamp || got.Encoding != s.opts.Encoding || got.RawText != s.opts.RawText {
		return false
	}
	for _, name := range setFiles {
		if t, err := os.Readlink(filepath.Join(s.dir, name)); err != nil || t != linkTarget(name) {
			return false
		}
		m, ok := markOf(filepath.Join(s.dir, name))
		if !ok || m != got.Files[name] {
			return false
		}
	}
	return true
}

// Keep ends the sink leaving the committed set as it is: the generation
// opened for this run is removed, as by Abort.
func (s *CSV) Keep() error { return s.Abort() }

// writeStamp records the sink's stamp in its generation, whose files are
// written and synced.
func (s *CSV) writeStamp() error {
	if s.stamp == "" {
		return nil
	}
	st := setStamp{Inputs: s.stamp, Encoding: s.opts.Encoding, RawText: s.opts.RawText, Files: map[string]fileMark{}}
	for _, name := range setFiles {
		m, ok := markOf(filepath.Join(s.gen, name))
		if !ok {
			return nil // nothing to recognise the set by: no stamp
		}
		st.Files[name] = m
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(s.gen, stampFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(data, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// markOf is the mark of the file at p (links followed).
func markOf(p string) (fileMark, bool) {
	info, err := os.Stat(p)
	if err != nil || !info.Mode().IsRegular() {
		return fileMark{}, false
	}
	return fileMark{Size: info.Size(), MtimeNS: info.ModTime().UnixNano()}, true
}
