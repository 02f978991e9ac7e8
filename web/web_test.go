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
	h := web.Logged(zerolog.New(io.Discard), time.Now, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	h := web.Logged(zerolog.New(&logs), time.Now, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
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
