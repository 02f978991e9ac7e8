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
	// phc-2020 sends six flows; of their ends only provider digitisation
	// and Wi-Fi send on (one flow each, to cyber security): eight steps. The
	// three flows straight to cyber security come first, by id, and the
	// third is one more than first: 2.
	for _, c := range []struct {
		first string
		want  map[string]any
	}{
		{"first: 2", map[string]any{"cutShort": "PATH_LIMIT", "steps": 3.0, "pageInfo": map[string]any{"hasNextPage": true}}},
		{"first: 50", map[string]any{"cutShort": nil, "steps": 8.0, "pageInfo": map[string]any{"hasNextPage": false}}},
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
