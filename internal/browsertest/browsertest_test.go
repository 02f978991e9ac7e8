package browsertest

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestOtherHostsAreBlocked: a page on 127.0.0.1 that asks another host for
// an image and a script gets neither, and the page records both, so a
// test's AssertClean would fail; its own server's requests go through.
func TestOtherHostsAreBlocked(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><title>t</title>
<img src="http://example.com/pixel.png">
<script src="https://cdn.example.org/lib.js"></script>
<script src="/local.js"></script>`))
	})
	mux.HandleFunc("/local.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`document.title = 'local ran';`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b := Start(t)
	p := b.Page(t, 30*time.Second)
	p.Do(chromedp.Navigate(srv.URL + "/"))
	if title := Run(p, chromedp.Poll[string](`document.title === 'local ran' && document.title`)); title != "local ran" {
		t.Errorf("the page's own script did not run: title %q", title)
	}
	// A blocked request is recorded before it is failed, and the page's
	// load waits for its image and scripts to fail: by now all are in.
	got := p.Blocked()
	for _, want := range []string{"http://example.com/pixel.png", "https://cdn.example.org/lib.js"} {
		if !slices.Contains(got, want) {
			t.Errorf("blocked %q, want %s among them", got, want)
		}
	}
	for _, u := range got {
		if strings.HasPrefix(u, srv.URL) {
			t.Errorf("blocked the page's own server: %s", u)
		}
	}
}

func TestLocal(t *testing.T) {
	for u, want := range map[string]bool{
		"http://127.0.0.1:8080/x":    true,
		"data:image/png;base64,AAAA": true,
		"about:blank":                true,
		"http://localhost:8080/":     false,
		"http://127.0.0.1.nip.io/":   false,
		"https://cdn.jsdelivr.net/x": false,
		"http://[::1]:8080/":         false,
		"http://127.0.0.2/":          false,
		"ws://example.com/socket":    false,
	} {
		if got := local(u); got != want {
			t.Errorf("local(%q) = %v, want %v", u, got, want)
		}
	}
}
