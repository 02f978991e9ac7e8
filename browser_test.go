package main

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/fundflow/fundflow/auth"
)

// browserServer serves the bundled dataset on the embedded store, as
// `go run .` does with default settings, on 127.0.0.1 (the only host the
// test browser reaches), and returns its base URL.
func browserServer(tb testing.TB, getenv func(string) string) string {
	tb.Helper()
	svc, m, log := servedStore(tb)
	if err := seed(context.Background(), svc, log); err != nil {
		tb.Fatal(err)
	}
	cfg := defaults(getenv)
	cfg.RateLimit = 0 // a page's requests arrive together; the limiter is tested elsewhere
	h, err := newMux(cfg, auth.Tokens{}, svc, m, log)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL
}
