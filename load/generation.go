package load

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// How a csv: destination commits its files together. The set (facts.csv,
// documents.csv, checks.csv, schema.json) of a run is written into a fresh
// generation directory, DIR/.budgetetl/gen-*, and synced; the run then
// points the symbolic link DIR/.budgetetl/current at it with one rename,
// which is atomic, and removes the generation before. The files in DIR are
// symbolic links through current (DIR/facts.csv → .budgetetl/current/
// facts.csv), so that whoever opens them sees one generation's set or the
// other's, never a mix, whenever the run is stopped (kill -9 included): a
// generation not yet pointed at is removed by the next run. A reader that
// wants the three files of one generation even while a run commits resolves
// current once (ReadDir does).

// MetaDir is the directory budgetetl keeps inside a csv: destination: the
// generations of the set, and by default the state store of runs.
const MetaDir = ".budgetetl"

// symlink makes symbolic links; a variable so that tests can take the
// ability away, as Windows without developer mode and FAT or some network
// shares do.
var symlink = os.Symlink

// currentLink is the name, in MetaDir, of the link to the committed
// generation.
const currentLink = "current"

// setFiles are the files of a set, the public names in DIR.
var setFiles = []string{FactsFile, DocumentsFile, ChecksFile, SchemaFile}

// newGeneration makes the directory of a new generation of dir's set,
// after removing what a run stopped before its commit left behind.
func newGeneration(dir string) (string, error) {
	meta := filepath.Join(dir, MetaDir)
	if err := os.MkdirAll(meta, 0o755); err != nil {
		return "", err
	}
	removeStale(meta)
	gen, err := os.MkdirTemp(meta, "gen-")
	if err != nil {
		return "", err
	}
	return gen, os.Chmod(gen, 0o755) // MkdirTemp makes 0700
}

// removeStale removes the generations current does not point at and
// links a stopped commit left.
func removeStale(meta string) {
	cur, _ := os.Readlink(filepath.Join(meta, currentLink))
	entries, _ := os.ReadDir(meta)
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "gen-") && name != cur:
			os.RemoveAll(filepath.Join(meta, name))
		case strings.HasPrefix(name, currentLink+".tmp"):
			os.Remove(filepath.Join(meta, name))
		}
	}
}

// commitGeneration makes gen (a directory in dir's MetaDir, its files
// synced) the committed set of dir: one atomic rename of the current link,
// the directories synced, the generation before removed.
func commitGeneration(dir, gen string) error {
	meta := filepath.Join(dir, MetaDir)
	if err := syncDir(gen); err != nil {
		return err
	}
	if !canLink(meta) {
		return commitPlain(dir, gen)
	}
	if err := adoptPlainFiles(dir); err != nil {
		return err
	}
	if err := swapLink(meta, currentLink, filepath.Base(gen)); err != nil {
		return err
	}
	if err := syncDir(meta); err != nil {
		return err
	}
	for _, name := range setFiles {
		if err := publicLink(dir, name); err != nil {
			return err
		}
	}
	removeStale(meta)
	return syncDir(dir)
}

// canLink reports whether symbolic links can be made in dir.
func canLink(dir string) bool {
	probe := filepath.Join(dir, fmt.Sprintf("link-probe%d", os.Getpid()))
	os.Remove(probe)
	if err := symlink(".", probe); err != nil {
		return false
	}
	os.Remove(probe)
	return true
}

// commitPlain commits gen where no symbolic link can be made: each file
// of the set is renamed over its public name, which is atomic file by file
// though not for the set (a run stopped between two renames leaves the new
// facts.csv beside the old checks.csv).
func commitPlain(dir, gen string) error {
	for _, name := range setFiles {
		if err := os.Rename(filepath.Join(gen, name), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("committing %s: %w", name, err)
		}
	}
	os.Remove(filepath.Join(dir, MetaDir, currentLink))
	if err := syncDir(dir); err != nil {
		return err
	}
	return os.RemoveAll(gen)
}

// swapLink points the link meta/name at target with a rename.
func swapLink(meta, name, target string) error {
	tmp := filepath.Join(meta, fmt.Sprintf("%s.tmp%d", name, os.Getpid()))
	os.Remove(tmp)
	if err := symlink(target, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(meta, name)); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// linkTarget is what the public file name links to.
func linkTarget(name string) string {
	return filepath.Join(MetaDir, currentLink, name)
}

// publicLink makes dir/name the link through current, unless it is.
func publicLink(dir, name string) error {
	p := filepath.Join(dir, name)
	if t, err := os.Readlink(p); err == nil && t == linkTarget(name) {
		return nil
	}
	if info, err := os.Lstat(p); err == nil && info.IsDir() {
		return fmt.Errorf("%s: a directory where the run writes a file", p)
	}
	tmp := p + ".budgetetl-link"
	os.Remove(tmp)
	if err := symlink(linkTarget(name), tmp); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// adoptPlainFiles turns a directory written before generations (plain
// files facts.csv …) into a generation of its own, first, so that putting
// the links in their place never shows a mix: the old files are linked
// into a generation current points at, then replaced one by one by links
// that show the same bytes.
func adoptPlainFiles(dir string) error {
	var plain []string
	for _, name := range setFiles {
		if info, err := os.Lstat(filepath.Join(dir, name)); err == nil && info.Mode().IsRegular() {
			plain = append(plain, name)
		}
	}
	if len(plain) == 0 {
		return nil
	}
	meta := filepath.Join(dir, MetaDir)
	old, err := os.MkdirTemp(meta, "gen-")
	if err != nil {
		return err
	}
	for _, name := range plain {
		if err := os.Link(filepath.Join(dir, name), filepath.Join(old, name)); err != nil {
			return fmt.Errorf("keeping the old %s: %w", name, err)
		}
	}
	if err := syncDir(old); err != nil {
		return err
	}
	if err := swapLink(meta, currentLink, filepath.Base(old)); err != nil {
		return err
	}
	if err := syncDir(meta); err != nil {
		return err
	}
	for _, name := range plain {
		if err := publicLink(dir, name); err != nil {
			return err
		}
	}
	return nil
}

// resolveGeneration is the committed generation's directory of an output
// directory, or dir itself when it holds plain files.
func resolveGeneration(dir string) string {
	cur := filepath.Join(dir, MetaDir, currentLink)
	target, err := os.Readlink(cur)
	if err != nil {
		return dir
	}
	return filepath.Join(dir, MetaDir, target)
}

// syncDir syncs a directory, so that the names made in it last.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
