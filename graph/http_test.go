package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
)

// send makes one HTTP request to the endpoint.
func send(h http.Handler, method, target, contentType, accept, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func body(q string) string {
	b, _ := json.Marshal(map[string]any{"query": q})
	return string(b)
}

// keys decodes a response's top-level keys.
func keys(t *testing.T, rec *httptest.ResponseRecorder) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("response %q is not a JSON object: %v", rec.Body.String(), err)
	}
	return m
}

const (
	mediaGQL = "application/graphql-response+json"
	appJSON  = "application/json"
)

// TestGraphQLOverHTTP checks each rule of the GraphQL-over-HTTP
// specification the endpoint follows.
func TestGraphQLOverHTTP(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	ok := body(`{ funds { totalCount } }`)

	t.Run("ContentNegotiation", func(t *testing.T) {
		for _, tc := range []struct{ accept, want string }{
			{mediaGQL, mediaGQL},
			{appJSON, appJSON},
			{"", appJSON}, // no Accept: the legacy media type every client reads
			{"application/json;q=0.5, application/graphql-response+json", mediaGQL},
			{"*/*", appJSON},
			{"application/json;q=0, */*", mediaGQL}, // JSON refused outright
		} {
			rec := send(h, "POST", "/graphql", appJSON, tc.accept, ok)
			if rec.Code != 200 || rec.Header().Get("Content-Type") != tc.want {
				t.Errorf("Accept %q: got %d %q, want 200 %q", tc.accept, rec.Code, rec.Header().Get("Content-Type"), tc.want)
			}
		}
		if rec := send(h, "POST", "/graphql", appJSON, "text/html", ok); rec.Code != http.StatusNotAcceptable {
			t.Errorf("Accept text/html: got %d, want 406", rec.Code)
		}
	})

	// Request errors: 400 under application/graphql-response+json, 200 under
	// application/json, and never a data entry.
	for _, tc := range []struct {
		name, body string
	}{
		{"ParseError", body(`{ funds { `)},
		{"ValidationError", body(`{ funds { nosuchfield } }`)},
		{"VariableError", `{"query":"query Q($n: Int) { funds(first: $n) { totalCount } }","variables":{"n":"many"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for accept, want := range map[string]int{mediaGQL: 400, appJSON: 200} {
				rec := send(h, "POST", "/graphql", appJSON, accept, tc.body)
				if rec.Code != want {
					t.Errorf("%s: got %d, want %d: %s", accept, rec.Code, want, rec.Body.String())
				}
				if m := keys(t, rec); m["data"] != nil || m["errors"] == nil {
					t.Errorf("%s: body %s must have errors and no data entry", accept, rec.Body.String())
				}
			}
		})
	}

	t.Run("IntegerVariables", func(t *testing.T) {
		const q = `{"query":"query Q($n: Int) { funds(first: $n) { totalCount } }","variables":{"n":2}}`
		rec := send(h, "POST", "/graphql", appJSON, appJSON, q)
		if m := keys(t, rec); rec.Code != 200 || m["errors"] != nil || !strings.Contains(rec.Body.String(), `"totalCount":1`) {
			t.Errorf("POST with an Int variable: got %d %s", rec.Code, rec.Body.String())
		}
		rec = send(h, "GET", "/graphql?query="+url.QueryEscape(`query Q($n: Int) { funds(first: $n) { totalCount } }`)+"&variables="+url.QueryEscape(`{"n":2}`), "", appJSON, "")
		if m := keys(t, rec); rec.Code != 200 || m["errors"] != nil {
			t.Errorf("GET with an Int variable: got %d %s", rec.Code, rec.Body.String())
		}
	})

	t.Run("FieldErrorKeepsData", func(t *testing.T) {
		rec := send(h, "POST", "/graphql", appJSON, mediaGQL, body(`{ budgetLines(year: "2017/18") { totalCount } }`))
		if m := keys(t, rec); rec.Code != 200 || m["data"] == nil || m["errors"] == nil {
			t.Errorf("a resolver error is a field error: got %d %s, want 200 with data and errors", rec.Code, rec.Body.String())
		}
	})

	t.Run("MalformedRequests", func(t *testing.T) {
		for name, b := range map[string]string{
			"bad JSON":        `{"query": "{ funds { totalCount } }" SECRET-MARKER`,
			"no query":        `{"operationName": "X"}`,
			"query not text":  `{"query": 42}`,
			"variables array": `{"query": "{ funds { totalCount } }", "variables": [1]}`,
		} {
			rec := send(h, "POST", "/graphql", appJSON, mediaGQL, b)
			if rec.Code != http.StatusBadRequest || strings.Contains(rec.Body.String(), "SECRET-MARKER") {
				t.Errorf("%s: got %d %s, want 400 without the body echoed", name, rec.Code, rec.Body.String())
			}
		}
		if rec := send(h, "GET", "/graphql", "", "", ""); rec.Code != http.StatusBadRequest {
			t.Errorf("GET without a query: got %d, want 400", rec.Code)
		}
	})

	t.Run("BatchedRequestsRefused", func(t *testing.T) {
		rec := send(h, "POST", "/graphql", appJSON, appJSON, `[`+ok+`,`+ok+`]`)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "batched requests are not supported") ||
			strings.Contains(rec.Body.String(), "totalCount") {
			t.Errorf("got %d %s, want 400 naming the policy without echoing the body", rec.Code, rec.Body.String())
		}
	})

	t.Run("MutationOverGET", func(t *testing.T) {
		rec := send(h, "GET", "/graphql?query="+url.QueryEscape(`mutation { nothing }`), "", appJSON, "")
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "POST" {
			t.Errorf("got %d Allow %q, want 405 Allow POST", rec.Code, rec.Header().Get("Allow"))
		}
		rec = send(h, "GET", "/graphql?query="+url.QueryEscape(`{ funds { totalCount } }`), "", appJSON, "")
		if rec.Code != 200 {
			t.Errorf("a query over GET: got %d", rec.Code)
		}
	})

	t.Run("OtherMethods", func(t *testing.T) {
		rec := send(h, "PUT", "/graphql", appJSON, appJSON, ok)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, POST" {
			t.Errorf("PUT: got %d Allow %q", rec.Code, rec.Header().Get("Allow"))
		}
	})

	t.Run("UnsupportedMediaType", func(t *testing.T) {
		if rec := send(h, "POST", "/graphql", "text/plain", appJSON, ok); rec.Code != http.StatusUnsupportedMediaType {
			t.Errorf("text/plain body: got %d, want 415", rec.Code)
		}
	})

	t.Run("BodyTooLarge", func(t *testing.T) {
		huge := `{"query": "{ funds { totalCount } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
		if rec := send(h, "POST", "/graphql", appJSON, appJSON, huge); rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("a 2 MiB body: got %d, want 413", rec.Code)
		}
	})
}

// slowStore blocks every flow list until the operation's deadline.
type slowStore struct{ flow.Store }

func (slowStore) Flows(ctx context.Context, _ flow.FlowFilter, _ flow.Window) (*flow.Page[*flow.Flow], error) {
	<-ctx.Done()
	return nil, &flow.Error{Code: flow.EUNAVAILABLE, Message: "list flows: the request was cancelled or timed out", Err: ctx.Err()}
}

// TestOWASPLimits checks the protections of the OWASP GraphQL cheat sheet
// that live in the endpoint.
func TestOWASPLimits(t *testing.T) {
	st := openStore(t)
	log := zerolog.New(io.Discard)
	h := newHandler(st, log)

	t.Run("Depth", func(t *testing.T) {
		// programmes.nodes, then inflows.nodes.from per level: 2 + 3n deep.
		nest := func(levels int) string {
			q := "id"
			for i := 0; i < levels; i++ {
				q = "inflows(first: 1) { nodes { from { ... on Programme { " + q + " } } } }"
			}
			return "{ programmes(first: 1) { nodes { " + q + " } } }"
		}
		_, resp := post(t, h, nest(4)) // 2 + 12 + id = 15
		wantCode(t, resp, "DEPTH_LIMIT_EXCEEDED", "operation is 15 fields deep; the limit is 12")
		if _, resp := post(t, h, nest(3)); len(resp.Errors) != 0 { // 12
			t.Errorf("depth 12 refused: %+v", resp.Errors)
		}
	})

	t.Run("Aliases", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < 31; i++ {
			b.WriteString(" a" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": funds { totalCount }")
		}
		b.WriteString(" }")
		_, resp := post(t, h, b.String())
		wantCode(t, resp, "ALIAS_LIMIT_EXCEEDED", "uses 31 aliases; the limit is 30")
	})

	t.Run("OperationDeadlineReachesStore", func(t *testing.T) {
		opts := graph.DefaultOptions()
		opts.Timeout = 50 * time.Millisecond
		slow := handlerWith(slowStore{st}, log, time.Now, opts)
		done := make(chan *httptest.ResponseRecorder, 1)
		go func() { done <- send(slow, "POST", "/graphql", appJSON, appJSON, body(`{ flows { totalCount } }`)) }()
		select {
		case rec := <-done:
			var resp gqlResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatal(err)
			}
			wantCode(t, resp, "UNAVAILABLE", "timed out")
		case <-time.After(5 * time.Second):
			t.Fatal("the operation outlived its 50ms deadline by seconds: the deadline does not reach the store")
		}
	})

	t.Run("DeadlineLoggedOnce", func(t *testing.T) {
		// Every field still resolving when the deadline passes fails; the
		// client hears it from each, the log once.
		var logs strings.Builder
		opts := graph.DefaultOptions()
		opts.Timeout = 50 * time.Millisecond
		slow := handlerWith(slowStore{st}, zerolog.New(&logs), time.Now, opts)
		_, resp := post(t, slow, `{ a: flows { totalCount } b: flows { totalCount } c: flows { totalCount } }`)
		if len(resp.Errors) != 3 {
			t.Fatalf("got %d errors, want one per field: %+v", len(resp.Errors), resp.Errors)
		}
		for _, e := range resp.Errors {
			if e.Extensions["code"] != "UNAVAILABLE" || !strings.Contains(e.Message, "timed out") {
				t.Errorf("error %+v, want UNAVAILABLE saying it timed out", e)
			}
		}
		if n := strings.Count(logs.String(), "operation ended before it was answered"); n != 1 {
			t.Errorf("the end was logged %d times, want once:\n%s", n, logs.String())
		}
	})

	t.Run("ProductionHidesTheSchema", func(t *testing.T) {
		opts := graph.DefaultOptions()
		opts.Production = true
		prod := handlerWith(st, log, time.Now, opts)
		_, resp := post(t, prod, `{ __schema { types { name } } }`)
		if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "INTROSPECTION_DISABLED" {
			t.Errorf("introspection in production: got %+v, want it disabled", resp.Errors)
		}
		_, resp = post(t, prod, `{ fundz { totalCount } }`)
		if len(resp.Errors) != 1 || strings.Contains(resp.Errors[0].Message, "Did you mean") {
			t.Errorf("production must not suggest field names: %+v", resp.Errors)
		}
		_, resp = post(t, h, `{ fundz { totalCount } }`)
		if len(resp.Errors) != 1 || !strings.Contains(resp.Errors[0].Message, "Did you mean") {
			t.Errorf("development suggests field names: %+v", resp.Errors)
		}
	})
}
