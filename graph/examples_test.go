package graph_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/examples"
)

var update = flag.Bool("update", false, "rewrite the README's example sections with real output")

const readmePath = "../README.md"

// TestExamplesMatchREADME runs every example question against the bundled
// data and checks that the README shows exactly that query and that output.
// Run `go test ./graph -run ExamplesMatchREADME -update` after changing the
// data or an example.
func TestExamplesMatchREADME(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
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
		section := "```graphql\n" + ex.Query + "```\n\nOutput:\n\n```json\n" + out.String() + "\n```\n"
		start, end := "<!-- example:"+ex.Name+" -->\n", "<!-- /example:"+ex.Name+" -->"
		i, j := strings.Index(readme, start), strings.Index(readme, end)
		if i < 0 || j < i {
			t.Errorf("README has no section %q ... %q", start, end)
			continue
		}
		if got := readme[i+len(start) : j]; got != section {
			if *update {
				readme = readme[:i+len(start)] + section + readme[j:]
				continue
			}
			t.Errorf("README section %s is out of date; run go test ./graph -run ExamplesMatchREADME -update\n got:\n%s\nwant:\n%s", ex.Name, got, section)
		}
	}
	if *update {
		if err := os.WriteFile(readmePath, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
