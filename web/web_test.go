package web_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/web"
)

func TestReadyz(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		rec := httptest.NewRecorder()
		web.Readyz(func(context.Context) error { return nil }, zerolog.New(io.Discard)).ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code != http.StatusOK || rec.Body.String() != "ready\n" {
			t.Errorf("got %d %q", rec.Code, rec.Body.String())
		}
	})
	t.Run("ErrUnreachable", func(t *testing.T) {
		var logs bytes.Buffer
		ping := func(context.Context) error { return errors.New("dial tcp 10.0.0.9:7687: connection refused") }
		rec := httptest.NewRecorder()
		web.Readyz(ping, zerolog.New(&logs)).ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), "10.0.0.9") {
			t.Errorf("got %d %q, want 503 without the cause", rec.Code, rec.Body.String())
		}
		if !strings.Contains(logs.String(), "connection refused") {
			t.Errorf("the cause should be logged: %s", logs.String())
		}
	})
	t.Run("ErrHungStoreTimesOut", func(t *testing.T) {
		ping := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/readyz", nil)
		ctx, cancel := context.WithTimeout(req.Context(), 50*time.Millisecond)
		defer cancel()
		web.Readyz(ping, zerolog.New(io.Discard)).ServeHTTP(rec, req.WithContext(ctx))
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("got %d, want 503", rec.Code)
		}
	})
}

func TestRequestID(t *testing.T) {
	var seen string
	h := web.Logged(zerolog.New(io.Discard), time.Now, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = web.RequestID(r.Context())
	}))
	for _, tc := range []struct{ in, want string }{
		{"abc-123", "abc-123"},        // a client's id is kept
		{"<script>", ""},              // an unsafe one is replaced
		{strings.Repeat("a", 65), ""}, // so is an overlong one
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set(web.RequestIDHeader, tc.in)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get(web.RequestIDHeader)
		if got != seen || got == "" || (tc.want != "" && got != tc.want) || (tc.want == "" && got == tc.in) {
			t.Errorf("in %q: header %q, context %q", tc.in, got, seen)
		}
	}
}

func TestPanicIsLoggedAndMasked(t *testing.T) {
	var logs bytes.Buffer
	h := web.Logged(zerolog.New(&logs), time.Now, nil, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret internal state")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(logs.String(), "secret internal state") || !strings.Contains(logs.String(), `"status":500`) {
		t.Errorf("logs: %s", logs.String())
	}
}

func TestCORS(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	h := web.CORS([]string{"https://newsroom.example"}, ok)
	req := func(method, origin string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/graphql", nil)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		if method == http.MethodOptions {
			r.Header.Set("Access-Control-Request-Method", "POST")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	if rec := req("POST", "https://newsroom.example"); rec.Header().Get("Access-Control-Allow-Origin") != "https://newsroom.example" {
		t.Errorf("allowed origin: headers %v", rec.Header())
	}
	if rec := req("POST", "https://evil.example"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin got CORS headers: %v", rec.Header())
	}
	if rec := req("OPTIONS", "https://newsroom.example"); rec.Code != http.StatusNoContent || !strings.Contains(rec.Header().Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("allowed preflight: got %d %v", rec.Code, rec.Header())
	}
	if rec := req("OPTIONS", "https://evil.example"); rec.Code != http.StatusForbidden {
		t.Errorf("other preflight: got %d, want 403", rec.Code)
	}
	if rec := req("POST", ""); rec.Code != http.StatusOK || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no origin: got %d %v", rec.Code, rec.Header())
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	h := web.RateLimit(1, 2, clock, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	hit := func(ip string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/graphql", nil)
		r.RemoteAddr = ip + ":4000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	for i := 0; i < 2; i++ {
		if rec := hit("192.0.2.1"); rec.Code != http.StatusOK {
			t.Fatalf("request %d within the burst: got %d", i+1, rec.Code)
		}
	}
	rec := hit("192.0.2.1")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), "RATE_LIMITED") {
		t.Errorf("third request: got %d Retry-After %q %s, want 429", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
	if rec := hit("192.0.2.2"); rec.Code != http.StatusOK {
		t.Errorf("another client is limited separately: got %d", rec.Code)
	}
	// One IPv6 subscriber rotating addresses within its /64 is one client.
	hit("[2001:db8:1:2::1]")
	hit("[2001:db8:1:2::2]")
	if rec := hit("[2001:db8:1:2::3]"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("third request from the same /64: got %d, want 429", rec.Code)
	}
	now = now.Add(time.Second)
	if rec := hit("192.0.2.1"); rec.Code != http.StatusOK {
		t.Errorf("a second later: got %d, want 200", rec.Code)
	}
}
