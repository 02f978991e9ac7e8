package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/storetest"
)

const deskToken = "0123456789abcdef0123456789abcdef"

// writeHandler serves the bundled data with one write token, "newsdesk".
func writeHandler(t *testing.T, tokens string) (http.Handler, func() string) {
	t.Helper()
	st := openStore(t)
	tk, err := auth.ParseEnv(tokens)
	if err != nil {
		t.Fatal(err)
	}
	log := zerolog.New(io.Discard)
	opts := graph.DefaultOptions()
	opts.Tokens = tk
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC) }
	h := handlerWith(st, log, now, opts)
	return h, func() string { return storetest.Snapshot(t, ledger.New(st, log, now)) }
}

func postAs(t *testing.T, h http.Handler, token, query string) gqlResponse {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("%s: %v", rec.Body.String(), err)
	}
	return resp
}

const correction = `mutation {
  correctFlow(id: "provider-digitisation-to-cyber-security-2017-18",
              amount: {amount: "80000000", qualifier: MAJORITY_OF},
              reason: "The headline says £80m",
              citations: [{source: "hsj-2018-07-provider-digitisation", quote: "DHSC figures show £80m less spent than planned on “provider digitisation” in 2017-18"}]) {
    amount { formatted }
    history { action by at reason previous { formatted } amount { formatted } }
  }
}`

func TestWritesNeedAToken(t *testing.T) {
	h, snapshot := writeHandler(t, "newsdesk:"+deskToken)
	before := snapshot()
	for token, code := range map[string]string{"": "UNAUTHENTICATED", "not-the-token": "UNAUTHENTICATED"} {
		resp := postAs(t, h, token, correction)
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != code {
			t.Errorf("token %q: got %+v, want %s", token, resp.Errors, code)
		}
	}
	if snapshot() != before {
		t.Error("a refused write changed the store")
	}

	resp := postAs(t, h, deskToken, correction)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	got, _ := json.Marshal(resp.Data)
	for _, want := range []string{`"formatted":"£80m (MAJORITY_OF; £40m–£80m)"`, `"action":"CORRECTED"`, `"by":"newsdesk"`,
		`"at":"2026-11-23T09:30:00Z"`, `"reason":"The headline says £80m"`, `"previous":{"formatted":"the majority of the £81m underspend (MAJORITY_OF; £40.5m–£81m)"}`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("correction response lacks %s: %s", want, got)
		}
	}
	// Reads see the corrected figure, and its history keeps the old one.
	resp = postAs(t, h, "", `{ flows(where: {ids: ["provider-digitisation-to-cyber-security-2017-18"]}) { nodes { amount { amount } history { previous { amount high } } } } }`)
	if got, _ := json.Marshal(resp.Data); !strings.Contains(string(got), `"amount":{"amount":"80000000"}`) || !strings.Contains(string(got), `"previous":{"amount":null,"high":"81000000"}`) {
		t.Errorf("after the correction: %s", got)
	}
}

func TestReadOnlyServer(t *testing.T) {
	h, _ := writeHandler(t, "")
	resp := postAs(t, h, deskToken, correction)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "FORBIDDEN" || !strings.Contains(resp.Errors[0].Message, "read-only") {
		t.Errorf("got %+v, want FORBIDDEN: read-only", resp.Errors)
	}
}

func TestWriteValidation(t *testing.T) {
	h, snapshot := writeHandler(t, "newsdesk:"+deskToken)
	before := snapshot()
	resp := postAs(t, h, deskToken, `mutation {
  recordFlow(input: {id: "bad-flow", kind: PAYMENT, from: "cyber-security", to: "no-such-org", year: "2018/19",
                     amount: {amount: "-5"}, status: CONFIRMED, citations: []}) { id }
}`)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "INVALID" {
		t.Fatalf("got %+v, want INVALID", resp.Errors)
	}
	problems, _ := json.Marshal(resp.Errors[0].Extensions["problems"])
	for _, want := range []string{`"field":"to"`, `"field":"year"`, `"field":"amount"`, `"field":"citations"`} {
		if !strings.Contains(string(problems), want) {
			t.Errorf("problems lack %s: %s", want, problems)
		}
	}
	if snapshot() != before {
		t.Error("an invalid write changed the store")
	}
	resp = postAs(t, h, deskToken, `mutation { recordFlow(input: {id: "cyber-security-to-nhs-trusts-2018-19", kind: PAYMENT,
  from: "cyber-security", to: "nhs-trusts", year: "2018-19", amount: {amount: "21000000"}, status: REPORTED,
  citations: [{source: "hsj-2018-07-provider-digitisation", quote: "NHS England has not responded to HSJ’s requests for a full breakdown of which trusts have received additional cyber security spending."}]}) { id history { action by } } }`)
	if len(resp.Errors) != 0 {
		t.Fatalf("valid flow refused: %+v", resp.Errors)
	}
	resp = postAs(t, h, deskToken, `mutation { retractFlow(id: "cyber-security-to-nhs-trusts-2018-19", reason: "duplicate") { status history { action } } }`)
	if got, _ := json.Marshal(resp.Data); len(resp.Errors) != 0 || !strings.Contains(string(got), `"status":"RETRACTED"`) {
		t.Errorf("retraction: %s %+v", got, resp.Errors)
	}
}
