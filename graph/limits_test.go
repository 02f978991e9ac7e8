package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/graph"
)

// bomb is a fragment bomb: each fragment spreads the previous one twice.
// It also selects an unknown field, so a limit error alone shows the
// document was refused before validation, which would report the field.
func bomb(levels int) string {
	var b strings.Builder
	b.WriteString("query Q { fundz ...F" + strconv.Itoa(levels) + " } fragment F0 on Query { __typename }")
	for i := 1; i <= levels; i++ {
		p := "F" + strconv.Itoa(i-1)
		b.WriteString(" fragment F" + strconv.Itoa(i) + " on Query { ..." + p + " ..." + p + " }")
	}
	return b.String()
}

// repeat is a query selecting the same field n times, with an unknown
// field too (see bomb).
func repeat(field string, n int) string {
	return "{ fundz " + strings.Repeat(field+" ", n) + "}"
}

func TestAttacksRefusedBeforeValidation(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	trace := `trace(from: "phc-2020", to: "major-trauma-centres") { paths { length steps { flow { id } } } }`
	for _, c := range []struct {
		name, query, code, msg string
	}{
		{"FragmentBomb40", bomb(40), "FIELD_LIMIT_EXCEEDED", "more than 1099511627776 fields once fragments are expanded; the limit is 2000"},
		{"FragmentBomb26", bomb(26), "FIELD_LIMIT_EXCEEDED", "67108865 fields once fragments are expanded; the limit is 2000"},
		{"FragmentBomb11", bomb(11), "FIELD_LIMIT_EXCEEDED", "2049 fields"},
		{"Typename10000", repeat("__typename", 10_000), "TOKEN_LIMIT_EXCEEDED", "more than 10000 tokens; the limit is 10000"},
		{"Typename201", repeat("__typename", 200), "SELECTION_LIMIT_EXCEEDED", "a selection set has 201 fields once fragments are expanded; the limit is 200"},
		{"Trace5000", repeat(trace, 5000), "TOKEN_LIMIT_EXCEEDED", "the limit is 10000"},
		{"Trace300", repeat(trace, 300), "SELECTION_LIMIT_EXCEEDED", "301 fields"},
		{"TraceInFragments", "query Q { ...A ...A } fragment A on Query { fundz " + strings.Repeat(trace+" ", 150) + "}", "SELECTION_LIMIT_EXCEEDED", "302 fields"},
		{"DirectiveFlood", "{ __typename" + strings.Repeat(" @a", 250_000) + " }", "TOKEN_LIMIT_EXCEEDED", "the limit is 10000"},
		{"Directives11", "{ fundz __typename" + strings.Repeat(" @a", 11) + " }", "DIRECTIVE_LIMIT_EXCEEDED", "a location has 11 directives; the limit is 10"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, resp := post(t, h, c.query)
			wantCode(t, resp, c.code, c.msg)
		})
	}
	t.Run("FragmentBomb7Accepted", func(t *testing.T) {
		// 128 fields once expanded: within the limits, so validation runs
		// and reports the unknown field.
		_, resp := post(t, h, bomb(7))
		wantCode(t, resp, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "fundz"`)
	})
}

func TestErrorsCapped(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	// 150 unknown directives, each its own validation error.
	_, resp := post(t, h, "{"+strings.Repeat(" __typename @a", 150)+" }")
	if len(resp.Errors) != 21 {
		t.Fatalf("got %d errors, want 20 and a summary", len(resp.Errors))
	}
	for _, e := range resp.Errors[:20] {
		if !strings.Contains(e.Message, `Unknown directive "@a"`) {
			t.Errorf("error %q, want the unknown directive", e.Message)
		}
	}
	last := resp.Errors[20]
	if last.Extensions["code"] != "TOO_MANY_ERRORS" || last.Message != "130 more errors were left out; 150 errors in all" {
		t.Errorf("summary: got %q %v", last.Message, last.Extensions)
	}
}

func TestHugeNamesNotEchoed(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	rec, resp := post(t, h, "{ "+strings.Repeat("a", 900_000)+" }")
	if rec.Body.Len() > 2000 {
		t.Errorf("the response is %d bytes: the name was echoed", rec.Body.Len())
	}
	wantCode(t, resp, "GRAPHQL_VALIDATION_FAILED", `"`+strings.Repeat("a", 64)+`…" (900000 characters)`)
}

func TestTimeoutBeforeExecution(t *testing.T) {
	var logs bytes.Buffer
	h := newHandler(openStore(t), zerolog.New(&logs))
	// A deadline already past: the operation's stages must each notice,
	// whatever the clock says, rather than answer null.
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	b, _ := json.Marshal(map[string]any{"query": "{ __typename }"})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b)).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || rec.Body.String() == "null" {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}
	wantCode(t, resp, "TIMEOUT", "the operation ran past its time limit")
	if !strings.Contains(logs.String(), "operation timed out") {
		t.Errorf("the log does not say the operation timed out: %s", logs.String())
	}
}

func TestProductionSuggestsNothing(t *testing.T) {
	st := openStore(t)
	log := zerolog.New(io.Discard)
	opts := graph.DefaultOptions()
	opts.Production = true
	prod := handlerWith(st, log, time.Now, opts)
	dev := newHandler(st, log)
	for _, c := range []struct{ name, query, msg string }{
		{"Field", `{ fundz { totalCount } }`, `Cannot query field "fundz"`},
		{"Argument", `{ flows(frist: 1) { totalCount } }`, `Unknown argument "frist"`},
		{"EnumValue", `{ flows(where: {kind: [ALLOCATIO]}) { totalCount } }`, `ALLOCATIO`},
		{"InputField", `{ flows(where: {kindd: [ALLOCATION]}) { totalCount } }`, `kindd`},
		{"Type", `{ ...F } fragment F on Quer { __typename }`, `Unknown type "Quer"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, resp := post(t, dev, c.query)
			if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "Did you mean") {
				t.Fatalf("development should suggest a name (or the test proves nothing): %+v", resp.Errors)
			}
			_, resp = post(t, prod, c.query)
			if len(resp.Errors) == 0 {
				t.Fatal("production accepted the query")
			}
			for _, e := range resp.Errors {
				if strings.Contains(e.Message, "Did you mean") || !strings.Contains(resp.Errors[0].Message, c.msg) {
					t.Errorf("production: %q, want it to name %q and suggest nothing", e.Message, c.msg)
				}
			}
		})
	}
}
