package web

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
)

// Tab is a query GraphiQL opens with, ready to run.
type Tab struct {
	Query string `json:"query"`
}

// GraphiQL returns the page at /: GraphiQL pointed at endpoint, opening with
// tabs (the analyst questions of docs/questions.md). Everything the page runs
// is embedded in the binary (see Assets), so it works with no network.
func GraphiQL(endpoint string, tabs []Tab) (http.Handler, error) {
	tabsJSON, err := json.Marshal(tabs)
	if err != nil {
		return nil, err
	}
	return page("/", "GraphiQL", "graphiql", map[string]any{
		"endpoint": endpoint,
		"tabs":     tabs,
		"storage":  storageKey(tabsJSON),
	})
}

// storageKey changes whenever the example tabs change, so GraphiQL's saved
// state from an older version does not hide new examples.
func storageKey(b []byte) string {
	h := fnv.New32a()
	h.Write(b)
	return fmt.Sprintf("fundflow-%08x:", h.Sum32())
}
