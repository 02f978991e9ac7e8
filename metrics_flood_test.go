package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/metrics"
)

// A client sending 10,000 requests to unique missing paths and 10,000
// operations with unique names cannot grow /metrics: paths are counted by
// route ("other" for no route) and names past the first 100 as "other".
func TestMetricsStayBoundedUnderFlood(t *testing.T) {
	svc, m, log := servedStore(t)
	cfg := defaults(env("FUNDFLOW_MODE", "production"))
	cfg.RateLimit = 0 // the flood must reach the handlers to test the labels
	h, err := newMux(cfg, auth.Tokens{}, svc, m, log)
	if err != nil {
		t.Fatal(err)
	}
	scrape := func() (string, int) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		body, series := rec.Body.String(), 0
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, "fundflow_http_requests_total{") {
				series++
			}
		}
		return body, series
	}
	for i := 0; i < 10_000; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/nosuch/%d", i), nil))
		if rec.Code != http.StatusNotFound {
			t.Fatalf("GET /nosuch/%d: got %d", i, rec.Code)
		}
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(fmt.Sprintf(`{"query":"query Flood%05d { __typename }"}`, i)))
		req.Header.Set("Content-Type", "application/json")
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("operation %d: got %d %s", i, rec.Code, rec.Body.String())
		}
	}
	body, series := scrape()
	// Flood00000..Flood00099, "other", and "" for the 404s (the scrape is
	// counted only once it has been served).
	if want := metrics.MaxOperations + 2; series != want {
		t.Errorf("%d request series, want %d:\n%s", series, want, body)
	}
	for _, want := range []string{
		`fundflow_http_requests_total{operation="",path="other",status="404"} 10000`,
		`fundflow_http_requests_total{operation="other",path="/graphql",status="200"} 9900`,
		`fundflow_http_requests_total{operation="Flood00099",path="/graphql",status="200"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "/nosuch") || strings.Contains(body, "Flood00100") {
		t.Errorf("a raw path or a name past the bound has a series")
	}
	const limit = 192 << 10
	if len(body) > limit {
		t.Errorf("/metrics is %d bytes after the flood, want at most %d", len(body), limit)
	}
	t.Logf("/metrics after 20,000 flood requests: %d bytes, %d request series", len(body), series)
}
