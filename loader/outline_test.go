package loader

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// parseBoth parses data record by record and as one tree, and fails tb
// unless both readings give the same dataset or the same problems.
func parseBoth(tb testing.TB, name string, data []byte, texts fs.FS) {
	tb.Helper()
	byRecord = true
	streamed, streamedErr := Parse(name, data, texts)
	byRecord = false
	tree, treeErr := Parse(name, data, texts)
	byRecord = true
	if (streamedErr == nil) != (treeErr == nil) || streamedErr != nil && !reflect.DeepEqual(streamedErr, treeErr) {
		tb.Fatalf("%s: record by record: %v; as a tree: %v", name, streamedErr, treeErr)
	}
	if streamedErr == nil && !reflect.DeepEqual(streamed.Data(), tree.Data()) {
		tb.Fatalf("%s: the two readings give different datasets", name)
	}
}

// TestRecordByRecordMatchesTree proves the outline's reading of every test
// file, valid and broken, and of the bundled data, is the whole tree's:
// the same records, the same problems at the same lines.
func TestRecordByRecordMatchesTree(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	files = append(files, "../data/nhs-tech-2016-18.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parseBoth(t, f, data, os.DirFS(filepath.Dir(f)))
	}
}

// TestOutlineReadsDatasets proves the comparison above exercises the
// outline: it reads the bundled data, a list at the key's own
// indentation and CRLF lines, and leaves what it cannot place to the tree.
func TestOutlineReadsDatasets(t *testing.T) {
	bundled, err := os.ReadFile("../data/nhs-tech-2016-18.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		data string
		ok   bool
	}{
		"bundled":          {string(bundled), true},
		"unindented list":  {"dataset: a\nfunds:\n- id: f\n  name: F\n# note\n- id: g\n  name: G\ntitle: T\n", true},
		"CRLF":             {"dataset: a\r\nfunds:\r\n  - id: f\r\n    name: F\r\n", true},
		"second document":  {"dataset: a\n---\ntitle: T\n", false},
		"flow mapping":     {"{dataset: a}\n", false},
		"top-level list":   {"- dataset: a\n", false},
		"lone CR":          {"dataset: a\rtitle: T\n", false},
		"CR at the end":    {"dataset: a\ntitle: T\r", false},
		"odd indentation":  {"funds:\n  - id: f\n name: F\n", false},
		"quoted key":       {"\"dataset\": a\n", false},
		"text before keys": {"  dataset: a\n", false},
	} {
		if _, ok := outline(io.NewSectionReader(strings.NewReader(c.data), 0, int64(len(c.data)))); ok != c.ok {
			t.Errorf("%s: outline ok = %v, want %v", name, ok, c.ok)
		}
	}
}

// TestRecordByRecordEdgeCases compares the two readings on files whose
// records the outline cannot read alone, or reads at odd indentation.
func TestRecordByRecordEdgeCases(t *testing.T) {
	const head = "dataset: d\ntitle: T\nsources:\n  - id: s\n    title: S\n    publisher: P\n    published: 2018-01\nfunds:\n"
	for _, body := range []string{
		"  - &f\n    id: f\n    name: F\n  - *f\n",
		"  - id: f\n    name: \"F\n  - G\"\n",
		"- id: f\n  name: F\n- id: g\n  name: G\n",
		"  - id: f\n    name: F\n    description: |\n      text\n# a comment\n      more\n",
		"  - id: f\n    name: [a,\n  - b]\n",
		"  - id: f\n    name: F\n  - id: f\n    name: F\n",
		"  - id: f\n    bogus: 1\n    name: F\n",
		"  -\n  - id: f\n",
		"  - id: f\n\tname: F\n",
		// More records than one batch: an alias across batches, a
		// duplicate id and a bad record in the second batch.
		manyFunds(100) + "  - *f\n",
		manyFunds(70) + "  - id: fund-3\n    name: again\n  - id: x\n    name: [\n",
	} {
		parseBoth(t, "edge.yaml", []byte(head+body), nil)
	}
}

// manyFunds writes n funds, the first anchored as f.
func manyFunds(n int) string {
	var b strings.Builder
	b.WriteString("  - &f\n    id: fund-0\n    name: F\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - id: fund-%d\n    name: Fund %d\n", i, i)
	}
	return b.String()
}

// FuzzRecordByRecord compares the two readings on arbitrary documents.
//
//	go test ./loader -run '^$' -fuzz FuzzRecordByRecord -fuzztime 100000x
func FuzzRecordByRecord(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("dataset: d\nfunds:\n- id: f\n  name: F\n"))
	texts := os.DirFS("testdata/valid")
	f.Fuzz(func(t *testing.T, data []byte) {
		if strings.Count(string(data), "\n") > 2000 {
			return
		}
		parseBoth(t, "fuzz.yaml", data, texts)
	})
}
