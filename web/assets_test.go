package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/web"
)

// TestPagesNeedOnlyThisServer checks that every script, stylesheet and icon
// a page links to is served by Assets, and that the page forbids the browser
// to load anything from another host.
func TestPagesNeedOnlyThisServer(t *testing.T) {
	graphiql, err := web.GraphiQL("/graphql", []web.Tab{{Query: "{ funds { nodes { id } } }"}})
	if err != nil {
		t.Fatal(err)
	}
	explorer, err := web.Explorer("/graphql", "/")
	if err != nil {
		t.Fatal(err)
	}
	assets := web.Assets()
	link := regexp.MustCompile(`(?:src|href)="([^"]+)"`)
	for path, h := range map[string]http.Handler{"/": graphiql, "/explore": explorer} {
		t.Run(strings.Trim(path, "/")+"Page", func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", path, rec.Code)
			}
			csp := rec.Header().Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "connect-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
				}
			}
			links := link.FindAllStringSubmatch(rec.Body.String(), -1)
			if len(links) < 3 {
				t.Fatalf("the page links %d resources, want its icon, stylesheet and script: %s", len(links), rec.Body.String())
			}
			for _, l := range links {
				u := l[1]
				if !strings.HasPrefix(u, "/assets/") {
					t.Errorf("the page links %q, outside this server's /assets/", u)
					continue
				}
				rec := httptest.NewRecorder()
				assets.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
				if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
					t.Errorf("GET %s: %d with %d bytes", u, rec.Code, rec.Body.Len())
				}
				if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("GET %s: no nosniff", u)
				}
			}
		})
	}
}

func TestAssets(t *testing.T) {
	h := web.Assets()
	get := func(path string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	t.Run("TypesByExtension", func(t *testing.T) {
		for path, want := range map[string]string{
			"/assets/graphiql.js":  "text/javascript; charset=utf-8",
			"/assets/graphiql.css": "text/css; charset=utf-8",
			"/assets/favicon.svg":  "image/svg+xml",
		} {
			if got := get(path).Header().Get("Content-Type"); got != want {
				t.Errorf("%s: Content-Type %q, want %q", path, got, want)
			}
		}
	})
	t.Run("RevalidatedByETag", func(t *testing.T) {
		first := get("/assets/graphiql.js")
		etag := first.Header().Get("ETag")
		if etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
			t.Fatalf("ETag %q, Cache-Control %q", etag, first.Header().Get("Cache-Control"))
		}
		again := get("/assets/graphiql.js", "If-None-Match", etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("revalidation: %d with %d bytes, want 304 and no body", again.Code, again.Body.Len())
		}
	})
	t.Run("VersionedLinksAreCachedForGood", func(t *testing.T) {
		graphiql, err := web.GraphiQL("/graphql", nil)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		graphiql.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		m := regexp.MustCompile(`src="(/assets/graphiql\.js\?v=[0-9a-f]+)"`).FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("the page links no versioned script: %s", rec.Body.String())
		}
		if got := get(m[1]).Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q, want it cached for good", m[1], got)
		}
		if got := get("/assets/graphiql.js?v=0ld").Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("another version: Cache-Control %q, want no-cache", got)
		}
	})
	t.Run("UnknownIsNotFound", func(t *testing.T) {
		for _, path := range []string{"/assets/", "/assets/nope.js", "/assets/../assets.go", "/assets/ui/dist/graphiql.js"} {
			if got := get(path).Code; got != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, got)
			}
		}
	})
	t.Run("OnlyReads", func(t *testing.T) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/assets/graphiql.js", nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("POST: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
		}
	})
}

func TestAssetsGzipped(t *testing.T) {
	h := web.Assets()
	plain := httptest.NewRecorder()
	h.ServeHTTP(plain, httptest.NewRequest(http.MethodGet, "/assets/graphiql.js", nil))
	for _, accept := range []string{"gzip", "br, gzip;q=0.8", "GZIP"} {
		r := httptest.NewRequest(http.MethodGet, "/assets/graphiql.js", nil)
		r.Header.Set("Accept-Encoding", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q, Vary %q", accept, rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
		}
		if rec.Header().Get("ETag") == plain.Header().Get("ETag") {
			t.Errorf("the gzipped and plain bodies share the ETag %s", rec.Header().Get("ETag"))
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain.Body.Bytes()) {
			t.Errorf("Accept-Encoding %q: %d bytes unzipped, want the %d of the plain body", accept, len(got), plain.Body.Len())
		}
		if rec.Body.Len() > plain.Body.Len()/2 {
			t.Errorf("gzipped %d bytes of %d: not compressed", rec.Body.Len(), plain.Body.Len())
		}
	}
	for _, accept := range []string{"", "identity", "gzip;q=0", "br"} {
		r := httptest.NewRequest(http.MethodGet, "/assets/graphiql.js", nil)
		r.Header.Set("Accept-Encoding", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != plain.Body.Len() {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q with %d bytes, want the plain body", accept, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
	}
}
