package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/web"
)

// gqlResponse is a raw GraphQL response, for asserting on errors.
type gqlResponse struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func post(tb testing.TB, h http.Handler, query string) (*httptest.ResponseRecorder, gqlResponse) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		tb.Fatalf("decode %q: %v", rec.Body.String(), err)
	}
	return rec, resp
}

func wantCode(tb testing.TB, resp gqlResponse, code, msg string) {
	tb.Helper()
	if len(resp.Errors) != 1 {
		tb.Fatalf("errors: got %+v, want one %s", resp.Errors, code)
	}
	e := resp.Errors[0]
	if e.Extensions["code"] != code || !strings.Contains(e.Message, msg) {
		tb.Errorf("error: got %q %v, want code %s and a message containing %q", e.Message, e.Extensions, code, msg)
	}
}

func TestErrors(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))

	t.Run("ErrInvalidYear", func(t *testing.T) {
		_, resp := post(t, h, `{ budgetLines(year: "2017/2018") { totalCount } }`)
		wantCode(t, resp, "INVALID", `"2017/2018" must be written like 2017-18`)
	})

	t.Run("ErrFirstTooLarge", func(t *testing.T) {
		_, resp := post(t, h, `{ flows(first: 501) { totalCount } }`)
		wantCode(t, resp, "LIMIT_EXCEEDED", "first may be at most 500")
	})

	t.Run("ErrFirstZero", func(t *testing.T) {
		_, resp := post(t, h, `{ funds(first: 0) { totalCount } }`)
		wantCode(t, resp, "INVALID", "first must be at least 1")
	})

	t.Run("ErrBadCursor", func(t *testing.T) {
		_, resp := post(t, h, `{ organisations(after: "bogus") { totalCount } }`)
		wantCode(t, resp, "INVALID", "is not a cursor of this list")
	})

	t.Run("ErrTraceTooDeep", func(t *testing.T) {
		_, resp := post(t, h, `{ trace(from: "phc-2020", maxHops: 7) { paths { length } } }`)
		wantCode(t, resp, "LIMIT_EXCEEDED", "maxHops may be at most 6")
	})

	t.Run("UnknownNodeIsNull", func(t *testing.T) {
		_, resp := post(t, h, `{ node(id: "no-such-node") { id } }`)
		if len(resp.Errors) != 0 || resp.Data["node"] != nil {
			t.Errorf("got %+v, want node: null and no errors", resp)
		}
	})

	t.Run("ValidationErrorsShown", func(t *testing.T) {
		_, resp := post(t, h, `{ funds { nodes { nosuchfield } } }`)
		if len(resp.Errors) != 1 || !strings.Contains(resp.Errors[0].Message, "nosuchfield") {
			t.Errorf("got %+v, want a validation error naming the field", resp.Errors)
		}
	})
}

func TestInternalErrorsAreMasked(t *testing.T) {
	var logs bytes.Buffer
	h := newHandler(failingStore{openStore(t)}, zerolog.New(&logs))
	rec, resp := post(t, h, `{ flows { totalCount } }`)
	id := rec.Header().Get(web.RequestIDHeader)
	wantCode(t, resp, "INTERNAL", "quote request id "+id)
	if strings.Contains(rec.Body.String(), "secret_column") || strings.Contains(rec.Body.String(), "SQL") {
		t.Errorf("response leaks the database error: %s", rec.Body.String())
	}
	if !strings.Contains(logs.String(), "secret_column") || !strings.Contains(logs.String(), `"request_id":"`+id+`"`) {
		t.Errorf("log should hold the cause with request id %s: %s", id, logs.String())
	}
}

func TestGETRunsQueries(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ funds { totalCount } }`), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"totalCount":1`) {
		t.Errorf("GET: got %d %s, want 200 with one fund", rec.Code, rec.Body.String())
	}
}

func TestReferencesAreBatchLoaded(t *testing.T) {
	st := &countingStore{Store: openStore(t)}
	h := batchedHandler(st)
	// Twelve flows, each with a from, a to and cited sources: all the
	// referenced nodes must come from one Nodes call, not one per row.
	_, resp := post(t, h, `{ flows(first: 12) { nodes { from { name } to { name } citations { source { title } } } } }`)
	if len(resp.Errors) != 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	if n := st.nodes.Load(); n != 1 {
		t.Errorf("node lookups: got %d, want 1", n)
	}
	// Titles need no source's text.
	if n := st.texts.Load(); n != 0 {
		t.Errorf("lookups reading texts: got %d, want 0", n)
	}
	// A page that shows none of the nodes its flows refer to looks none up.
	st.nodes.Store(0)
	_, resp = post(t, h, `{ flows(first: 12) { nodes { id amount { formatted } citations { quote } } } }`)
	if len(resp.Errors) != 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	if n := st.nodes.Load(); n != 0 {
		t.Errorf("node lookups for a page showing no node: got %d, want 0", n)
	}
}

func TestAccessLogNamesOperation(t *testing.T) {
	var logs bytes.Buffer
	h := newHandler(openStore(t), zerolog.New(&logs))
	post(t, h, `query FundsByName { funds { totalCount } }`)
	var line map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(logs.Bytes()), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	if line["operation"] != "FundsByName" || line["status"] != float64(200) || line["request_id"] == "" || line["duration_ms"] == nil {
		t.Errorf("access log line: got %v, want operation FundsByName, status 200, a request id and a duration", line)
	}
}

// TestBatchesNeedTheirMiddleware serves the schema without graph.Middleware:
// a resolver that needs the request's batches must fail loudly, naming the
// missing middleware, rather than quietly fetch row by row.
func TestBatchesNeedTheirMiddleware(t *testing.T) {
	r := &graph.Resolver{Ledger: ledger.New(openStore(t), zerolog.Nop(), time.Now), Logger: zerolog.Nop()}
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: r}))
	srv.AddTransport(transport.POST{})
	var panicked any
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		panicked = p
		return errors.New("internal error")
	})
	_, resp := post(t, srv, `{ flows(first: 1) { nodes { from { id } } } }`)
	if len(resp.Errors) == 0 || !strings.Contains(fmt.Sprint(panicked), "graph.Middleware") {
		t.Errorf("got errors %+v and panic %v; want a panic naming graph.Middleware", resp.Errors, panicked)
	}
}
