package auth_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/auth"
)

func TestTokens(t *testing.T) {
	token, line, err := auth.New("newsdesk")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(line, token) {
		t.Fatalf("the file line must hold only the hash: %s", line)
	}
	file, err := auth.ParseFile(strings.NewReader("# writers\n"+line+"\n"), "tokens")
	if err != nil {
		t.Fatal(err)
	}
	env, err := auth.ParseEnv("desk2:0123456789abcdef0123")
	if err != nil {
		t.Fatal(err)
	}
	all, err := file.Merge(env)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Merge(env); err == nil {
		t.Error("the same token twice was accepted")
	}
	for tok, want := range map[string]string{token: "newsdesk", "0123456789abcdef0123": "desk2", "wrong-token-000000": ""} {
		if name, ok := all.Lookup(tok); name != want || ok != (want != "") {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tok, name, ok, want)
		}
	}
	for _, bad := range []string{"name:short", "no-colon-token-0000000"} {
		if _, err := auth.ParseEnv(bad); err == nil {
			t.Errorf("ParseEnv(%q) accepted", bad)
		}
	}
	if _, err := auth.ParseFile(strings.NewReader("desk sha256:zz\n"), "tokens"); err == nil || !strings.Contains(err.Error(), "tokens:1") {
		t.Errorf("a bad hash: got %v", err)
	}
}

func TestMiddleware(t *testing.T) {
	tokens, _ := auth.ParseEnv("desk:0123456789abcdef0123")
	var got auth.Caller
	h := auth.Middleware(tokens, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = auth.CallerFrom(r.Context()) }))
	for header, want := range map[string]auth.Caller{
		"":                                   {},
		"Bearer 0123456789abcdef0123":        {Name: "desk", Presented: true},
		"bearer 0123456789abcdef0123":        {Name: "desk", Presented: true},
		"Bearer wrong":                       {Presented: true},
		"Basic ZGVzazowMTIzNDU2Nzg5YWJjZGVm": {Presented: true},
	} {
		r := httptest.NewRequest("POST", "/graphql", nil)
		if header != "" {
			r.Header.Set("Authorization", header)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != want {
			t.Errorf("Authorization %q: got %+v, want %+v", header, got, want)
		}
	}
	auth.Middleware(auth.Tokens{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = auth.CallerFrom(r.Context()) })).
		ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if !got.ReadOnly {
		t.Errorf("with no tokens the server is read-only: got %+v", got)
	}
}
