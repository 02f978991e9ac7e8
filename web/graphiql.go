package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html/template"
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

// page renders, once, the HTML shell of a page whose code is the bundle
// named bundle, handing config to it as JSON, and serves it at path.
func page(path, title, bundle string, config any) (http.Handler, error) {
	cfg, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = pageTemplate.Execute(&buf, struct {
		Title, Bundle, Version, Prefix string
		Config                         template.JS
	}{title, bundle, assetVersion, assetsPrefix, template.JS(cfg)})
	if err != nil {
		return nil, err
	}
	body := buf.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		pageHeaders(w)
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	}), nil
}

// pageTemplate is every page's shell. The config travels in a JSON script
// element, which the browser never runs (json.Marshal escapes <, > and &,
// so no value can close the element), so the page needs no inline script
// and the Content-Security-Policy can forbid them.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>fundflow: {{.Title}}</title>
  <link rel="icon" href="{{.Prefix}}favicon.svg?v={{.Version}}" type="image/svg+xml">
  <link rel="stylesheet" href="{{.Prefix}}{{.Bundle}}.css?v={{.Version}}">
</head>
<body>
  <div id="{{.Bundle}}">Loading {{.Title}}…</div>
  <script id="fundflow-config" type="application/json">{{.Config}}</script>
  <script src="{{.Prefix}}{{.Bundle}}.js?v={{.Version}}"></script>
</body>
</html>
`))
