package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// gzipped is body compressed once, at first use: GraphiQL's bundle is
	// 1.3 MB, about a quarter of that compressed.
	gzipped func() []byte
}

// gzipOnce compresses b the first time it is asked for.
func gzipOnce(b []byte) func() []byte {
	return sync.OnceValue(func() []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(b)
		_ = zw.Close()
		return buf.Bytes()
	})
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
		m[name] = asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, contentType: contentType(name), gzipped: gzipOnce(b)}
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

// Assets serves the embedded bundles under /assets/, gzipped for clients
// that accept it, with nosniff and an ETag. Links carrying this binary's
// version (?v=, as the pages write them) are cached for good; others are
// revalidated. Unknown names are 404.
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
		if r.URL.Query().Get("v") == assetVersion {
			// The pages link their assets with this binary's version, so
			// that URL's content never changes: no need to ask again.
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		h.Set("Vary", "Accept-Encoding")
		body, etag := a.body, a.etag
		if acceptsGzip(r) {
			// A different representation needs its own validator.
			body, etag = a.gzipped(), strings.TrimSuffix(a.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}

// acceptsGzip reports whether the request's Accept-Encoding lists gzip
// without refusing it (q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			v, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
			if !ok {
				return true
			}
			q, err := strconv.ParseFloat(v, 64)
			return err == nil && q > 0
		}
	}
	return false
}
