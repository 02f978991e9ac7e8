// Package examples holds the analyst questions docs/questions.md answers. The same
// files open as GraphiQL tabs at / and are run by the tests, which compare
// their output with docs/questions.md, so the docs always show real output.
package examples

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.graphql
var files embed.FS

// Example is one question with its query.
type Example struct {
	// Name is the file name without extension ("1-lost-to-cyber-security").
	Name string
	// Query is the whole file, comments included.
	Query string
}

// All returns the examples in question order.
func All() []Example {
	names, err := fs.Glob(files, "*.graphql")
	if err != nil {
		panic(err) // the pattern is a constant
	}
	sort.Strings(names)
	out := make([]Example, len(names))
	for i, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		out[i] = Example{Name: strings.TrimSuffix(n, ".graphql"), Query: string(b)}
	}
	return out
}
