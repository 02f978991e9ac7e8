package graph_test

import (
	"io"
	"reflect"
	"testing"

	"github.com/rs/zerolog"
)

// TestTraceSaysWhyItWasCutShort: the API reports the steps a trace took and,
// when it stopped early, why; a trace that found every path says null.
func TestTraceSaysWhyItWasCutShort(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	// The walk first reads the nine flows into cyber security (three from
	// phc-2020, one each from provider digitisation and Wi-Fi, two
	// estimates of need and two Treasury requests): nine steps. Of
	// phc-2020's flows it then reads the five to nodes that reach cyber
	// security (not paperless point of care's): five more. Provider
	// digitisation and Wi-Fi send on one flow each, to cyber security:
	// sixteen steps. The three flows straight to cyber security come first,
	// by id, and the third is one more than first: 2, at twelve steps.
	for _, c := range []struct {
		first string
		want  map[string]any
	}{
		{"first: 2", map[string]any{"cutShort": "PATH_LIMIT", "steps": 12.0, "pageInfo": map[string]any{"hasNextPage": true}}},
		{"first: 50", map[string]any{"cutShort": nil, "steps": 16.0, "pageInfo": map[string]any{"hasNextPage": false}}},
	} {
		_, resp := post(t, h, `{ trace(from: "phc-2020", to: "cyber-security", maxHops: 2, `+c.first+`) { cutShort steps pageInfo { hasNextPage } } }`)
		if len(resp.Errors) != 0 {
			t.Fatalf("%s: %+v", c.first, resp.Errors)
		}
		if got := resp.Data["trace"]; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.first, got, c.want)
		}
	}
}
