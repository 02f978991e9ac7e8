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
// tabs (the analyst questions of docs/questions.md). The page loads GraphiQL from
// a CDN with subresource integrity, so the browser checks what it runs.
func GraphiQL(endpoint string, tabs []Tab) (http.Handler, error) {
	tabsJSON, err := json.Marshal(tabs)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = graphiqlPage.Execute(&buf, struct {
		Endpoint string
		Tabs     template.JS
		Storage  string
	}{endpoint, template.JS(tabsJSON), storageKey(tabsJSON)})
	if err != nil {
		return nil, err
	}
	page := buf.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	}), nil
}

// storageKey changes whenever the example tabs change, so GraphiQL's saved
// state from an older version does not hide new examples.
func storageKey(b []byte) string {
	h := fnv.New32a()
	h.Write(b)
	return fmt.Sprintf("fundflow-%08x:", h.Sum32())
}

var graphiqlPage = template.Must(template.New("graphiql").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>fundflow: trace public money</title>
  <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/graphiql@4.1.2/graphiql.min.css"
        integrity="sha256-MEh+B2NdMSpj9kexQNN3QKc8UzMrCXW/Sx/phcpuyIU=" crossorigin="anonymous">
  <script src="https://cdn.jsdelivr.net/npm/react@18.2.0/umd/react.production.min.js"
          integrity="sha256-S0lp+k7zWUMk2ixteM6HZvu8L9Eh//OVrt+ZfbCpmgY=" crossorigin="anonymous"></script>
  <script src="https://cdn.jsdelivr.net/npm/react-dom@18.2.0/umd/react-dom.production.min.js"
          integrity="sha256-IXWO0ITNDjfnNXIu5POVfqlgYoop36bDzhodR6LW5Pc=" crossorigin="anonymous"></script>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="https://cdn.jsdelivr.net/npm/graphiql@4.1.2/graphiql.min.js"
          integrity="sha256-hnImuor1znlJkD/FOTL3jayfS/xsyNoP04abi8bFJWs=" crossorigin="anonymous"></script>
  <script>
    const tabs = {{.Tabs}};
    const prefix = {{.Storage}};
    const storage = {
      getItem: (k) => localStorage.getItem(prefix + k),
      setItem: (k, v) => localStorage.setItem(prefix + k, v),
      removeItem: (k) => localStorage.removeItem(prefix + k),
      clear: () => {},
      get length() { return 0; },
    };
    const fetcher = GraphiQL.createFetcher({ url: new URL({{.Endpoint}}, location.href).toString() });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultTabs: tabs, storage, defaultEditorToolsVisibility: false }),
    );
  </script>
</body>
</html>
`))
