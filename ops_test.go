package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
)

// With --metrics-addr, /metrics leaves the public address for the metrics
// one, which also answers the health checks.
func TestMetricsAddr(t *testing.T) {
	svc, m, log := servedStore(t)
	cfg := defaults(env("FUNDFLOW_METRICS_ADDR", "127.0.0.1:9100"))
	public, err := newMux(cfg, auth.Tokens{}, svc, m, log)
	if err != nil {
		t.Fatal(err)
	}
	ops := newOpsMux(svc, m, log)
	get := func(h http.Handler, path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	if rec := get(public, "/metrics"); rec.Code != http.StatusNotFound {
		t.Errorf("public /metrics: got %d, want 404", rec.Code)
	}
	if rec := get(public, "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("public /healthz: got %d", rec.Code)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if rec := get(ops, path); rec.Code != http.StatusOK {
			t.Errorf("metrics address %s: got %d", path, rec.Code)
		}
	}
	if rec := get(ops, "/metrics"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `fundflow_http_requests_total{operation="",path="other",status="404"} 1`) {
		t.Errorf("metrics address /metrics: got %d, want the public 404 counted", rec.Code)
	}
}

// One listener failing stops the others, and serveAll reports it.
func TestServeAllStopsWhenOneFails(t *testing.T) {
	good, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	bad, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	bad.Close() // Serve fails at once
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	err = serveAll(context.Background(), zerolog.New(io.Discard), listener{good, ok}, listener{bad, ok})
	if err == nil || !strings.Contains(err.Error(), "serve") {
		t.Errorf("got %v, want the failed listener's error", err)
	}
	if _, err := http.Get("http://" + good.Addr().String() + "/"); err == nil {
		t.Errorf("the other listener still serves")
	}
}
