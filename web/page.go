package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
)

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

// pageHeaders are the headers of every page: its scripts, styles, fonts and
// requests may come from this server only (the bundles inline their fonts
// and images as data: URLs), so a page cannot reach another host even if a
// dependency tried to.
func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}
