package graph_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/examples"
)

var update = flag.Bool("update", false, "rewrite the docs' example sections with real output")

// exampleDocs are the pages that show example questions with their output:
// docs/questions.md must show every example, the README any it chooses.
var exampleDocs = []struct {
	path    string
	all     bool
	display string
}{
	{"../docs/questions.md", true, "docs/questions.md"},
	{"../README.md", false, "README.md"},
}

var exampleMarker = regexp.MustCompile(`<!-- example:([^ ]+) -->`)

// TestExamplesMatchDocs runs every example question against the bundled
// data and checks that docs/questions.md, and the README where it shows
// one, show exactly that query and that output. Run
// `go test ./graph -run ExamplesMatchDocs -update` after changing the data
// or an example.
func TestExamplesMatchDocs(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	sections := map[string]string{}
	for _, ex := range examples.All() {
		rec, resp := post(t, h, ex.Query)
		if len(resp.Errors) > 0 {
			t.Errorf("%s: errors %+v", ex.Name, resp.Errors)
			continue
		}
		var out bytes.Buffer
		if err := json.Indent(&out, rec.Body.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		sections[ex.Name] = "```graphql\n" + ex.Query + "```\n\nOutput:\n\n```json\n" + out.String() + "\n```\n"
	}
	for _, d := range exampleDocs {
		b, err := os.ReadFile(d.path)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)
		for _, m := range exampleMarker.FindAllStringSubmatch(doc, -1) {
			if _, ok := sections[m[1]]; !ok {
				t.Errorf("%s has a section for %q, which is not an example in examples/", d.display, m[1])
			}
		}
		for _, ex := range examples.All() {
			section, ok := sections[ex.Name]
			if !ok {
				continue // its query failed, reported above
			}
			start, end := "<!-- example:"+ex.Name+" -->\n", "<!-- /example:"+ex.Name+" -->"
			i, j := strings.Index(doc, start), strings.Index(doc, end)
			if i < 0 && !d.all {
				continue
			}
			if i < 0 || j < i {
				t.Errorf("%s has no section %q ... %q", d.display, start, end)
				continue
			}
			if got := doc[i+len(start) : j]; got != section {
				if *update {
					doc = doc[:i+len(start)] + section + doc[j:]
					continue
				}
				t.Errorf("%s section %s is out of date; run go test ./graph -run ExamplesMatchDocs -update\n got:\n%s\nwant:\n%s", d.display, ex.Name, got, section)
			}
		}
		if *update && doc != string(b) {
			if err := os.WriteFile(d.path, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestDocsLinked checks that the README links every page in docs/, and that
// every relative link in the README and in docs/ points at a file that
// exists, so that moving a page cannot leave a reader at a dead end.
func TestDocsLinked(t *testing.T) {
	pages, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("no pages in docs/")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if link := "](docs/" + filepath.Base(p) + ")"; !strings.Contains(string(readme), link) {
			t.Errorf("README.md does not link docs/%s: want a link like [...]%s", filepath.Base(p), link[1:])
		}
	}
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, f := range append([]string{"../README.md"}, pages...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(f), target)); err != nil {
				t.Errorf("%s links %s, which does not exist", strings.TrimPrefix(f, "../"), m[1])
			}
		}
	}
}
