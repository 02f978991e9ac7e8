package loader_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/loader"
)

// FuzzParse feeds the dataset parser arbitrary documents, seeded with the
// valid and broken test files: it must never panic, and must return either
// a dataset that passes validation or an INVALID error listing problems.
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
			return
		}
		if ps := ds.Data().Validate(flow.Today(time.Now())); len(ps) > 0 {
			t.Fatalf("a parsed dataset fails validation: %v", ps)
		}
	})
}
