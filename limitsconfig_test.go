package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/auth"
)

// serveConfig is the serve command's configuration from env and args.
func serveConfig(t *testing.T, getenv func(string) string, args ...string) config {
	t.Helper()
	cfg := defaults(getenv)
	if _, err := mustLookup("serve").parse(&cfg, args, io.Discard, io.Discard); err != nil {
		t.Fatalf("parse %q: %v", args, err)
	}
	return cfg
}

// postQuery posts query to h and returns the response body.
func postQuery(t *testing.T, h http.Handler, query string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":`+strings.ReplaceAll(`"`+query+`"`, "\n", " ")+`}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Body.String()
}

// The request limits are settings: a flag or its environment variable
// reaches the endpoint, and the refusal carries the limit's code.
func TestRequestLimitsAreSettings(t *testing.T) {
	svc, m, log := servedStore(t)
	const query = `{ funds { nodes { inflows { nodes { id } } } } }` // 5 fields, depth 5, 15 tokens
	// 4 fields deep in introspection, 2 of them ofType.
	const introspection = `{ __type(name: \"Flow\") { ofType { ofType { name } } } }`
	for _, tc := range []struct {
		name  string
		cfg   config
		want  string
		query string
	}{
		{"Default", serveConfig(t, env()), `"data"`, query},
		{"Flag", serveConfig(t, env(), "--max-depth", "3"), `"DEPTH_LIMIT_EXCEEDED"`, query},
		{"Env", serveConfig(t, env("FUNDFLOW_MAX_FIELDS", "4")), `"FIELD_LIMIT_EXCEEDED"`, query},
		{"FlagOverridesEnv", serveConfig(t, env("FUNDFLOW_MAX_TOKENS", "5"), "--max-tokens", "0"), `"data"`, query},
		{"Tokens", serveConfig(t, env(), "--max-tokens", "10"), `"TOKEN_LIMIT_EXCEEDED"`, query},
		{"IntrospectionDefault", serveConfig(t, env()), `{"data":{"__type":{"ofType":null}}}`, introspection},
		{"IntrospectionFlag", serveConfig(t, env(), "--max-introspection-depth", "3"), `introspection is 4 fields deep; the limit is 3`, introspection},
		{"OfTypeEnv", serveConfig(t, env("FUNDFLOW_MAX_OFTYPE_DEPTH", "1")), `introspection nests 2 ofType fields; the limit is 1`, introspection},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.RateLimit = 0
			h, err := newMux(cfg, auth.Tokens{}, svc, m, log)
			if err != nil {
				t.Fatal(err)
			}
			if body := postQuery(t, h, tc.query); !strings.Contains(body, tc.want) {
				t.Errorf("got %s, want %s", body, tc.want)
			}
		})
	}
}

// A limit that cannot be read is refused before anything is opened, naming
// the variable and the value; every bad one is listed.
func TestBadRequestLimitsAreRefused(t *testing.T) {
	cfg := defaults(env("FUNDFLOW_MAX_DEPTH", "deep", "FUNDFLOW_MAX_BODY", "0"))
	err := cfg.check()
	if err == nil {
		t.Fatal("bad limits accepted")
	}
	for _, want := range []string{`FUNDFLOW_MAX_DEPTH="deep": want a whole number, 0 or more`, `FUNDFLOW_MAX_BODY="0": want a whole number, 1 or more`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v: lacks %s", err, want)
		}
	}
	var stderr bytes.Buffer
	if _, err := mustLookup("serve").parse(&cfg, []string{"--max-aliases", "-1"}, io.Discard, &stderr); err == nil || !strings.Contains(stderr.String(), "want a whole number, 0 or more") {
		t.Errorf("--max-aliases -1: got %v, %q", err, stderr.String())
	}
}
