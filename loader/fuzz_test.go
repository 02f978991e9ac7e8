package loader_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/loader"
)

// maxProblemLength bounds one printed problem: file, line, a clipped id
// and field, the longest message and a clipped value.
const maxProblemLength = 600

// FuzzParse feeds the dataset parser arbitrary documents, seeded with the
// valid and broken test files: it must never panic, and must return either
// a dataset that passes validation or an INVALID error listing problems,
// each with a line and printed in bounded length whatever the input holds.
//
//	go test ./loader -run '^$' -fuzz FuzzParse -fuzztime 30s
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	seeds = append(seeds, "../data/nhs-tech-2016-18.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	texts := os.DirFS("testdata/valid")
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := loader.Parse("fuzz.yaml", data, texts)
		if err != nil {
			var fe *flow.Error
			if !errors.As(err, &fe) || fe.Code != flow.EINVALID || len(fe.Problems) == 0 {
				t.Fatalf("got %v, want an INVALID error with problems", err)
			}
			for _, p := range fe.Problems {
				if p.Line <= 0 {
					t.Fatalf("a problem without a line: %s", p)
				}
				if n := utf8.RuneCountInString(p.String()); n > maxProblemLength {
					t.Fatalf("a problem of %d characters: %.300s", n, p)
				}
			}
			return
		}
		if ps := ds.Data().Validate(flow.Today(time.Now())); len(ps) > 0 {
			t.Fatalf("a parsed dataset fails validation: %v", ps)
		}
	})
}
