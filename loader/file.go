package loader

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// ParseFile reads and validates the dataset at file, resolving source text
// files relative to it. They are read through an os.Root on the dataset's
// folder, so a text path that leads outside it, by ".." or by a symlink
// (sources/a.txt -> /etc/passwd), is refused rather than followed; symlinks
// that stay inside the folder still work.
//
// The file is read as it is walked, not held whole (see outline.go).
func ParseFile(file string) (*ledger.Dataset, error) {
	f, err := os.Open(file)
	var info os.FileInfo
	if err == nil {
		defer f.Close()
		info, err = f.Stat()
	}
	if err == nil && info.IsDir() {
		// As os.ReadFile says of a folder.
		_, err = f.Read(make([]byte, 1))
	}
	if err != nil {
		return nil, unreadable(file, err)
	}
	dir := filepath.Dir(file)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, &flow.Error{Code: flow.EINVALID, Message: fmt.Sprintf("cannot open the folder of dataset %s: %v", file, unwrapPath(err)), Err: err}
	}
	defer root.Close()
	return parse(file, io.NewSectionReader(f, 0, info.Size()), rootTexts{root: root.FS(), dir: dir})
}

// unreadable is the error for a dataset file that cannot be read.
func unreadable(file string, err error) error {
	return &flow.Error{Code: flow.EINVALID, Message: fmt.Sprintf("cannot read dataset %s: %v", file, unwrapPath(err)), Err: err}
}

// ParseFS reads and validates the dataset name within fsys, such as the
// bundled data.FS.
func ParseFS(fsys fs.FS, name string) (*ledger.Dataset, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &flow.Error{Code: flow.EINVALID, Message: fmt.Sprintf("cannot read dataset %s: %v", name, unwrapPath(err)), Err: err}
	}
	dir, err := fs.Sub(fsys, path.Dir(name))
	if err != nil {
		return nil, flow.Internal("open dataset folder", err)
	}
	return Parse(name, b, dir)
}

// errOutside marks a source text path that leads out of the dataset's
// folder.
var errOutside = errors.New("path leads outside the dataset's folder")

// rootTexts is the dataset folder as an os.Root sees it. os.Root does not
// say why it refused a path, so a refusal of a path that exists is checked
// here and reported as errOutside.
type rootTexts struct {
	root fs.FS
	dir  string
}

func (r rootTexts) Open(name string) (fs.File, error) {
	f, err := r.root.Open(name)
	if err != nil && fs.ValidPath(name) && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) && leadsOutside(r.dir, name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errOutside}
	}
	return f, err
}

// leadsOutside reports whether name, resolved with its symlinks, lies
// outside dir. A link whose target is missing counts: os.Root reported it
// as an escape, not as missing.
func leadsOutside(dir, name string) bool {
	base, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	rel, err := filepath.Rel(base, real)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// unwrapPath drops the path an *fs.PathError repeats, keeping its cause.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
