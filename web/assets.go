package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"
)

// dist is the pages' bundles, built by web/ui/build.mjs from the pinned npm
// packages and committed, so the binary serves every byte its pages need and
// `go run .` works with only Go and no network.
//
//go:embed ui/dist
var dist embed.FS

// assetsPrefix is where Assets is mounted; the pages' templates link to it.
const assetsPrefix = "/assets/"

// asset is one embedded file with the validator browsers revalidate with.
type asset struct {
	body        []byte
	etag        string
	contentType string
}

// assets is read once: the embedded files never change while running.
var assets = func() map[string]asset {
	sub, err := fs.Sub(dist, "ui/dist")
	if err != nil {
		panic(err)
	}
	m := map[string]asset{}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		m[name] = asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, contentType: contentType(name)}
		return nil
	})
	if err != nil {
		panic(err)
	}
	return m
}()

// contentType names the types the bundles use; anything else is plain text,
// so a browser never sniffs an embedded file into something executable.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	}
	return "text/plain; charset=utf-8"
}

// assetVersion is a digest of every asset, added to the pages' links so a
// new binary's bundles are never mixed with an old one's cached copies.
var assetVersion = func() string {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		h.Write([]byte(name))
		h.Write([]byte(assets[name].etag))
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}()

// Assets serves the embedded bundles under /assets/. Responses carry an
// ETag and must be revalidated, and nosniff; unknown names are 404.
func Assets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		a, ok := assets[strings.TrimPrefix(r.URL.Path, assetsPrefix)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", a.etag)
		if r.Header.Get("If-None-Match") == a.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(a.body)
	})
}

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
