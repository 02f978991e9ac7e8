package transport

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// stubExecutor stands in for gqlgen's executor: like gqlgen's parser and
// validator, CreateOperationContext ignores the context.
type stubExecutor struct {
	dispatch func(ctx context.Context) *graphql.Response
}

func (stubExecutor) CreateOperationContext(context.Context, *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	return &graphql.OperationContext{}, nil
}

func (s stubExecutor) DispatchOperation(ctx context.Context, _ *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	return func(ctx context.Context) *graphql.Response { return s.dispatch(ctx) }, ctx
}

func (stubExecutor) DispatchError(_ context.Context, list gqlerror.List) *graphql.Response {
	return &graphql.Response{Errors: list}
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func serve(tb testing.TB, ctx context.Context, h HTTP, exec graphql.GraphExecutor) (int, response) {
	tb.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ a }"}`)).WithContext(ctx)
	req.Header.Set("Content-Type", mediaJSON)
	req.Header.Set("Accept", mediaGraphQLResponse)
	rec := httptest.NewRecorder()
	h.Do(rec, req, exec)
	var resp response
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || rec.Body.String() == "null" {
		tb.Fatalf("body %q is not a response: %v", rec.Body.String(), err)
	}
	return rec.Code, resp
}

func wantOnly(tb testing.TB, resp response, code string) {
	tb.Helper()
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != code || resp.Data != nil {
		tb.Errorf("got %+v, want only a %s error and no data", resp, code)
	}
}

func TestDeadlinePassedDuringValidation(t *testing.T) {
	// The deadline is already past when validation returns, as it is when
	// validation takes longer than the operation's time limit.
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	ran := false
	status, resp := serve(t, ctx, HTTP{MaxBody: 1 << 20, Timeout: time.Hour}, stubExecutor{dispatch: func(context.Context) *graphql.Response {
		ran = true
		return &graphql.Response{}
	}})
	if ran {
		t.Error("the operation ran past its deadline")
	}
	if status != http.StatusBadRequest {
		t.Errorf("status %d, want 400 (a request error under graphql-response+json)", status)
	}
	wantOnly(t, resp, CodeTimeout)
}

func TestNoResponseIsAnError(t *testing.T) {
	// gqlgen's response handler answers nil once the context has ended:
	// the client must get an error, never the body null.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, resp := serve(t, ctx, HTTP{MaxBody: 1 << 20, Timeout: time.Hour}, stubExecutor{dispatch: func(ctx context.Context) *graphql.Response {
		cancel()
		<-ctx.Done()
		return nil
	}})
	wantOnly(t, resp, CodeCancelled)
}

func TestExecutionErrorsCapped(t *testing.T) {
	_, resp := serve(t, context.Background(), HTTP{MaxBody: 1 << 20, MaxErrors: 20}, stubExecutor{dispatch: func(context.Context) *graphql.Response {
		var errs gqlerror.List
		for range 50 {
			errs = append(errs, gqlerror.Errorf("failed"))
		}
		return &graphql.Response{Data: []byte(`{"a":null}`), Errors: errs}
	}})
	if len(resp.Errors) != 21 || resp.Errors[20].Extensions["code"] != CodeTooManyErrors ||
		resp.Errors[20].Message != "30 more errors were left out; 50 errors in all" {
		t.Errorf("got %d errors ending %+v, want 20 and a summary of 30 more", len(resp.Errors), resp.Errors[len(resp.Errors)-1])
	}
}

func TestCapErrors(t *testing.T) {
	list := gqlerror.List{gqlerror.Errorf("a"), gqlerror.Errorf("b")}
	if got := capErrors(list, 2); len(got) != 2 {
		t.Errorf("a list at the cap changed: %v", got)
	}
	if got := capErrors(list, 0); len(got) != 2 {
		t.Errorf("no cap changed the list: %v", got)
	}
	if got := capErrors(list, 1); len(got) != 2 || got[1].Message != "1 more error was left out; 2 errors in all" {
		t.Errorf("got %v", got)
	}
}
