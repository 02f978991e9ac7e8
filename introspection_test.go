package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/auth"
)

// TestIntrospectionByMode: the server as configured by default answers
// graphql-js's full introspection query (graph/testdata/introspection,
// written by tools/httpaudit/introspection-query.mjs) with the schema, and
// in production mode with INTROSPECTION_DISABLED.
func TestIntrospectionByMode(t *testing.T) {
	query, err := os.ReadFile("graph/testdata/introspection/full.graphql")
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]string{"query": string(query)})
	if err != nil {
		t.Fatal(err)
	}
	svc, m, log := servedStore(t)
	for _, tc := range []struct {
		mode, want string
	}{
		{"development", `"diversions"`},
		{"production", `"code":"INTROSPECTION_DISABLED"`},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			cfg := defaults(env("FUNDFLOW_MODE", tc.mode))
			cfg.RateLimit = 0
			h, err := newMux(cfg, auth.Tokens{}, svc, m, log)
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			got := rec.Body.String()
			if !strings.Contains(got, tc.want) || (tc.mode == "development" && strings.Contains(got, `"errors"`)) {
				t.Errorf("got %.400s, want %s", got, tc.want)
			}
		})
	}
}
