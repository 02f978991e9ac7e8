package loader

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// ParseFile reads and validates the dataset at file, resolving source text
// files relative to it.
func ParseFile(file string) (*ledger.Dataset, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, &flow.Error{Code: flow.EINVALID, Message: fmt.Sprintf("cannot read dataset %s: %v", file, unwrapPath(err)), Err: err}
	}
	return Parse(file, b, os.DirFS(filepath.Dir(file)))
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

// unwrapPath drops the path an *fs.PathError repeats, keeping its cause.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
