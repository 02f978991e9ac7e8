package graph_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// wantField fails the test unless resp has one error of code whose
// message names value and whose extensions name field.
func wantField(tb testing.TB, resp gqlResponse, code, field, value string) {
	tb.Helper()
	if len(resp.Errors) != 1 {
		tb.Fatalf("errors: got %+v, want one %s", resp.Errors, code)
	}
	e := resp.Errors[0]
	if e.Extensions["code"] != code || e.Extensions["field"] != field || !strings.Contains(e.Message, value) {
		tb.Errorf("error: got %q %v, want code %s on field %s naming %q", e.Message, e.Extensions, code, field, value)
	}
}

// TestUnknownIDsAreNotFound: an id that names nothing, in an argument or a
// where filter, is NOT_FOUND naming the id, not an empty answer.
func TestUnknownIDsAreNotFound(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	for _, tc := range []struct{ query, field, id string }{
		{`{ budgetLines(programme: "cyber") { totalCount } }`, "programme", "cyber"},
		{`{ trace(from: "nope") { paths { length } } }`, "from", "nope"},
		{`{ trace(from: "phc-2020", to: "nope") { paths { length } } }`, "to", "nope"},
		{`{ diversions(from: "nope") { totalCount } }`, "from", "nope"},
		{`{ diversions(to: "cyber") { totalCount } }`, "to", "cyber"},
		{`{ programmes(fund: "paperless-2020") { totalCount } }`, "fund", "paperless-2020"},
		{`{ disagreements(entity: "nope") { figure } }`, "entity", "nope"},
		{`{ flows(where: {from: ["nope"]}) { totalCount } }`, "from", "nope"},
		{`{ flows(where: {to: ["nope"]}) { totalCount } }`, "to", "nope"},
		{`{ flows(where: {programme: "cyber"}) { totalCount } }`, "programme", "cyber"},
		{`{ flows(where: {fund: "paperless-2020"}) { totalCount } }`, "fund", "paperless-2020"},
		{`{ flows(where: {organisation: "kings"}) { totalCount } }`, "organisation", "kings"},
		{`{ totals(groupBy: [YEAR], where: {to: ["cyber"]}) { count } }`, "to", "cyber"},
		{`{ budgetLines(where: {programme: ["cyber"]}) { totalCount } }`, "programme", "cyber"},
		{`{ funds(where: {ids: ["paperless-2020"]}) { totalCount } }`, "ids", "paperless-2020"},
		{`{ organisations(where: {ids: ["kings"]}) { totalCount } }`, "ids", "kings"},
		{`{ programmes(where: {fund: ["paperless-2020"]}) { totalCount } }`, "fund", "paperless-2020"},
		// Inside a child list, the filter's ids are checked too.
		{`{ funds { nodes { outflows(where: {to: ["cyber"]}) { totalCount } } } }`, "to", "cyber"},
		{`{ funds { nodes { outflows(where: {from: ["nope"]}) { totalCount } } } }`, "from", "nope"},
	} {
		_, resp := post(t, h, tc.query)
		wantField(t, resp, "NOT_FOUND", tc.field, `"`+tc.id+`"`)
	}
}

// TestKnownIDsStillAnswer: the shorthand arguments and where lists narrow
// each other, never widen: ids in both, or a shorthand alone, answer as
// before, and lists that share no id answer with nothing.
func TestKnownIDsStillAnswer(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	for query, want := range map[string]string{
		`{ budgetLines(programme: "cyber-security") { totalCount } }`:                                   `{"budgetLines":{"totalCount":3}}`,
		`{ diversions(to: "cyber-security", year: "2017-18") { totalCount } }`:                          `{"diversions":{"totalCount":2}}`,
		`{ diversions(from: "wifi", where: {from: ["wifi", "provider-digitisation"]}) { totalCount } }`: `{"diversions":{"totalCount":1}}`,
		`{ diversions(from: "wifi", where: {from: ["cyber-security"]}) { totalCount } }`:                `{"diversions":{"totalCount":0}}`,
		`{ programmes(fund: "phc-2020", where: {fund: ["phc-2020"]}) { totalCount } }`:                  `{"programmes":{"totalCount":6}}`,
		`{ funds { nodes { outflows(where: {from: ["cyber-security"]}) { totalCount } } } }`:            `{"funds":{"nodes":[{"outflows":{"totalCount":0}}]}}`,
		`{ node(id: "nope") { id } }`: `{"node":null}`,
	} {
		_, resp := post(t, h, query)
		if got, _ := json.Marshal(resp.Data); len(resp.Errors) != 0 || string(got) != want {
			t.Errorf("%s: got %s %+v, want %s", query, got, resp.Errors, want)
		}
	}
}

// TestIDsOfAnotherKindAreInvalid: an id of the wrong kind of record for
// its field says what it names.
func TestIDsOfAnotherKindAreInvalid(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	_, resp := post(t, h, `{ budgetLines(programme: "phc-2020") { totalCount } }`)
	wantField(t, resp, "INVALID", "programme", `"phc-2020" is a fund, not a programme`)
	_, resp = post(t, h, `{ funds(where: {ids: ["cyber-security"]}) { totalCount } }`)
	wantField(t, resp, "INVALID", "ids", `"cyber-security" is a programme, not a fund`)
}
