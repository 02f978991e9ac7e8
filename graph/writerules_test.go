package graph_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// Each hole API writes had, driven through GraphQL: refused with INVALID
// naming the field, the store unchanged.
func TestWriteHolesAreRefused(t *testing.T) {
	h, snapshot := writeHandler(t, "newsdesk:"+deskToken)
	before := snapshot()
	retract := postAs(t, h, deskToken, `mutation { retractFlow(id: "wifi-to-cyber-security-2017-18", reason: "misread the spokesman") { status } }`)
	if len(retract.Errors) != 0 {
		t.Fatalf("retraction: %+v", retract.Errors)
	}
	retracted := snapshot()
	if retracted == before {
		t.Fatal("the retraction changed nothing")
	}
	for _, tc := range []struct{ name, mutation, field, value string }{
		{"recordFlow with a quote in no source, CONFIRMED, £999,999,999", `mutation { recordFlow(input: {
  id: "cyber-security-to-nhs-trusts-2018-19", kind: PAYMENT, from: "cyber-security", to: "nhs-trusts", year: "2018-19",
  amount: {amount: "999999999"}, status: CONFIRMED,
  citations: [{source: "hsj-2018-07-provider-digitisation", quote: "DHSC confirmed it paid £999,999,999 to trusts."}]}) { id } }`,
			"quote", "DHSC confirmed it paid"},
		{"recordFlow with status RETRACTED and no reason", `mutation { recordFlow(input: {
  id: "cyber-security-to-nhs-trusts-2018-19", kind: PAYMENT, from: "cyber-security", to: "nhs-trusts", year: "2018-19",
  amount: {amount: "21000000"}, status: RETRACTED,
  citations: [{source: "hsj-2018-07-provider-digitisation", quote: "Cyber security spending was £63.7m higher than planned in 2017-18"}]}) { id } }`,
			"status", "RETRACTED is set only by retracting a flow"},
		{"correctFlow of a retracted flow", `mutation { correctFlow(id: "wifi-to-cyber-security-2017-18",
  amount: {amount: "13000000", qualifier: MAJORITY_OF}, reason: "a second look") { id } }`,
			"id", "wifi-to-cyber-security-2017-18"},
		{"updateSource published in 2030", `mutation { updateSource(input: {id: "hsj-2018-07-provider-digitisation",
  title: "DHSC figures show £80m less spent than planned on provider digitisation in 2017-18", publisher: "HSJ", published: "2030-01"},
  reason: "redated") { id } }`,
			"published", "2030-01"},
		{"recordFlow of £92 quadrillion", `mutation { recordFlow(input: {
  id: "cyber-security-to-nhs-trusts-2018-19", kind: PAYMENT, from: "cyber-security", to: "nhs-trusts", year: "2018-19",
  amount: {amount: "92000000000000000"}, status: REPORTED,
  citations: [{source: "hsj-2018-07-provider-digitisation", quote: "Cyber security spending was £63.7m higher than planned in 2017-18"}]}) { id } }`,
			"amount", "£92000000bn"},
		{"correctFlow to £92 quadrillion", `mutation { correctFlow(id: "provider-digitisation-to-cyber-security-2017-18",
  amount: {amount: "92000000000000000"}, reason: "typo") { id } }`,
			"amount", "£92000000bn"},
		{"recordFlow with a malformed amount", `mutation { recordFlow(input: {
  id: "cyber-security-to-nhs-trusts-2018-19", kind: PAYMENT, from: "cyber-security", to: "nhs-trusts",
  amount: {amount: "21m"}, status: REPORTED,
  citations: [{source: "hsj-2018-07-provider-digitisation", quote: "Cyber security spending was £63.7m higher than planned in 2017-18"}]}) { id } }`,
			"amount", "21m"},
		{"correctFlow with a malformed bound", `mutation { correctFlow(id: "provider-digitisation-to-cyber-security-2017-18",
  amount: {amount: "80000000", qualifier: RANGE, low: "40000000.001", high: "80000000"}, reason: "headline") { id } }`,
			"low", "40000000.001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := postAs(t, h, deskToken, tc.mutation)
			wantInvalidField(t, resp, tc.field, tc.value)
			if snapshot() != retracted {
				t.Error("a refused write changed the store")
			}
		})
	}
}

// wantInvalidField fails the test unless resp is one INVALID error whose
// field is field and whose first problem names value.
func wantInvalidField(t *testing.T, resp gqlResponse, field, value string) {
	t.Helper()
	if len(resp.Errors) != 1 {
		t.Fatalf("errors: got %+v, want one INVALID", resp.Errors)
	}
	e := resp.Errors[0]
	problems, _ := json.Marshal(e.Extensions["problems"])
	if e.Extensions["code"] != "INVALID" || e.Extensions["field"] != field || !strings.Contains(string(problems), value) {
		t.Errorf("got %q %v, want INVALID on %s naming %q", e.Message, e.Extensions, field, value)
	}
}

// TestMalformedDecimalsAreInvalid: a Decimal that is not an amount of
// pounds is INVALID naming its field, in a filter as in a write, never
// INTERNAL.
func TestMalformedDecimalsAreInvalid(t *testing.T) {
	h, _ := writeHandler(t, "newsdesk:"+deskToken)
	for _, bad := range []string{`"abc"`, `"1.005"`, `"1e999"`, `"99999999999999999999999"`, `5`} {
		resp := postAs(t, h, "", `{ flows(where: {amountMin: `+bad+`}) { totalCount } }`)
		wantInvalidField(t, resp, "amountMin", strings.Trim(bad, `"`))
		if msg := resp.Errors[0].Message; !strings.HasPrefix(msg, "amountMin: a Decimal must be a string of pounds") {
			t.Errorf("amountMin %s: message %q does not name the field", bad, msg)
		}
	}
	resp := postAs(t, h, "", `{ totals(groupBy: [YEAR], where: {amountMax: "lots"}) { count } }`)
	wantInvalidField(t, resp, "amountMax", "lots")
	resp = postAs(t, h, "", `{ flows(asOf: "2018-13-01") { totalCount } }`)
	wantInvalidField(t, resp, "asOf", "2018-13-01")
}

// TestUpdatesKeepOmittedFields: updateFund without aliases keeps them, so
// search still finds "Paperless 2020"; with aliases: [] it clears them and
// the revision shows what they were.
func TestUpdatesKeepOmittedFields(t *testing.T) {
	h, _ := writeHandler(t, "newsdesk:"+deskToken)
	resp := postAs(t, h, deskToken, `mutation { updateFund(input: {id: "phc-2020", name: "Personalised Health and Care 2020"}, reason: "its own name") {
  name aliases history { action changes { field previous value } } } }`)
	if len(resp.Errors) != 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	got, _ := json.Marshal(resp.Data)
	want := `{"updateFund":{"aliases":["Paperless 2020","Paperless 2020 programme","paperless fund","existing technology fund","digital transformation fund"],` +
		`"history":[{"action":"UPDATED","changes":[{"field":"name","previous":"Personalised Health and Care 2020 fund","value":"Personalised Health and Care 2020"}]}],` +
		`"name":"Personalised Health and Care 2020"}}`
	if string(got) != want {
		t.Errorf("rename:\n got %s\nwant %s", got, want)
	}
	resp = postAs(t, h, "", `{ search(text: "Paperless 2020") { nodes { ... on Fund { id } } } }`)
	if got, _ := json.Marshal(resp.Data); !strings.Contains(string(got), `"id":"phc-2020"`) {
		t.Errorf(`search("Paperless 2020") after the rename: %s %+v`, got, resp.Errors)
	}
	resp = postAs(t, h, deskToken, `mutation { updateFund(input: {id: "phc-2020", name: "Personalised Health and Care 2020", aliases: []}, reason: "aliases moved") {
  aliases description history { changes { field previous value } } } }`)
	got, _ = json.Marshal(resp.Data)
	if len(resp.Errors) != 0 || !strings.Contains(string(got), `"aliases":[]`) || !strings.Contains(string(got),
		`{"field":"aliases","previous":"[\"Paperless 2020\",\"Paperless 2020 programme\",\"paperless fund\",\"existing technology fund\",\"digital transformation fund\"]","value":"[]"}`) ||
		!strings.Contains(string(got), `"description":"The Department of Health's £4.2bn technology fund`) {
		t.Errorf("clearing the aliases, description left out: %s %+v", got, resp.Errors)
	}
}

// TestUnverifiedSourcesSaySo: loaded sources and their citations are
// verified; a source created without its text is not, and the quote a flow
// cites from it is accepted but says it is unchecked. Given a text, its
// quotes are checked.
func TestUnverifiedSourcesSaySo(t *testing.T) {
	h, _ := writeHandler(t, "newsdesk:"+deskToken)
	resp := postAs(t, h, "", `{ flows(where: {ids: ["wifi-to-cyber-security-2017-18"]}) { nodes { citations { verified source { verified } } } } }`)
	if got, _ := json.Marshal(resp.Data); string(got) != `{"flows":{"nodes":[{"citations":[{"source":{"verified":true},"verified":true},{"source":{"verified":true},"verified":true}]}]}}` {
		t.Errorf("loaded citations: got %s %+v", got, resp.Errors)
	}
	resp = postAs(t, h, deskToken, `mutation { createSource(input: {id: "dhsc-annual-report-2017-18", title: "DHSC annual report 2017-18",
  publisher: "DHSC", published: "2018-07"}) { verified } }`)
	if got, _ := json.Marshal(resp.Data); string(got) != `{"createSource":{"verified":false}}` {
		t.Fatalf("a source without its text: got %s %+v", got, resp.Errors)
	}
	resp = postAs(t, h, deskToken, `mutation { recordFlow(input: {id: "cyber-security-to-major-trauma-centres-2018-19", kind: PAYMENT,
  from: "cyber-security", to: "major-trauma-centres", year: "2018-19", amount: {amount: "5000000"}, status: REPORTED,
  citations: [{source: "dhsc-annual-report-2017-18", quote: "Funding went to major trauma centres."}]}) {
  citations { quote verified source { verified } } } }`)
	if got, _ := json.Marshal(resp.Data); string(got) != `{"recordFlow":{"citations":[{"quote":"Funding went to major trauma centres.","source":{"verified":false},"verified":false}]}}` {
		t.Errorf("a citation of an unverified source: got %s %+v", got, resp.Errors)
	}
	// With a text, the source is verified and checks its quotes.
	resp = postAs(t, h, deskToken, `mutation { updateSource(input: {id: "dhsc-annual-report-2017-18", title: "DHSC annual report 2017-18",
  publisher: "DHSC", published: "2018-07", text: "The diverted cyber security funding has gone to help local infrastructure address key cyber weaknesses, including major trauma centres and ambulance trusts."},
  reason: "the report's text") { verified history { changes { field } } } }`)
	if got, _ := json.Marshal(resp.Data); string(got) != `{"updateSource":{"history":[{"changes":[]},{"changes":[{"field":"text"}]}],"verified":true}}` {
		t.Errorf("the source with its text: got %s %+v", got, resp.Errors)
	}
	resp = postAs(t, h, deskToken, `mutation { recordFlow(input: {id: "cyber-security-to-ambulance-trusts-2018-19", kind: PAYMENT,
  from: "cyber-security", to: "ambulance-trusts", year: "2018-19", amount: {amount: "5000000"}, status: REPORTED,
  citations: [{source: "dhsc-annual-report-2017-18", quote: "Funding went to ambulance trusts."}]}) { id } }`)
	wantInvalidField(t, resp, "quote", "Funding went to ambulance trusts.")
	// The earlier citation is now checked against the text, and fails.
	resp = postAs(t, h, "", `{ flows(where: {ids: ["cyber-security-to-major-trauma-centres-2018-19"]}) { nodes { citations { verified source { verified } } } } }`)
	if got, _ := json.Marshal(resp.Data); string(got) != `{"flows":{"nodes":[{"citations":[{"source":{"verified":true},"verified":false}]}]}}` {
		t.Errorf("the earlier citation: got %s %+v", got, resp.Errors)
	}
}

// TestTotalsSurviveTheCeiling: what broke every reader's totals cannot be
// written; totals answer as before.
func TestTotalsSurviveTheCeiling(t *testing.T) {
	h, _ := writeHandler(t, "newsdesk:"+deskToken)
	postAs(t, h, deskToken, `mutation { correctFlow(id: "provider-digitisation-to-cyber-security-2017-18",
  amount: {amount: "92000000000000000"}, reason: "typo") { id } }`)
	resp := postAs(t, h, "", `{ totals(groupBy: [YEAR], where: {kind: [DIVERSION], year: "2017-18"}) { count amount { amount } } }`)
	if got, _ := json.Marshal(resp.Data); len(resp.Errors) != 0 || !strings.Contains(string(got), `"count":`) {
		t.Errorf("totals after the refused write: %s %+v", got, resp.Errors)
	}
}
