package ledger_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Sentences of the bundled sources, for citations that must check.
const (
	julyReport    = "hsj-2018-07-provider-digitisation"
	januaryReport = "hsj-2018-01-wannacry-review"
	wifiQuote     = "A DHSC spokesman confirmed most of this money had been diverted to pay for cyber security, in response to the WannaCry ransomware attack."
)

// wantProblem fails the test unless err is code with a first problem on
// field.
func wantProblem(t *testing.T, err error, code, field string) {
	t.Helper()
	wantCode(t, err, code)
	fe := err.(*flow.Error)
	if len(fe.Problems) == 0 || fe.Problems[0].Field != field {
		t.Errorf("problems: got %+v, want one on %s", fe.Problems, field)
	}
}

// payment is a flow an API writer records: £21m from cyber security to NHS
// trusts in 2018-19, citing cites.
func payment(status flow.Status, amount flow.Pence, cites ...flow.Citation) *flow.Flow {
	return &flow.Flow{ID: "cyber-security-to-nhs-trusts-2018-19", Kind: flow.Payment, FromID: "cyber-security", ToID: "nhs-trusts",
		Year: "2018-19", Amount: flow.GBP(amount), Status: status, Citations: cites}
}

// TestWritesObeyTheLoadersRules: each hole API writes had is refused with
// INVALID naming the field, and never reaches the store's write.
func TestWritesObeyTheLoadersRules(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	provider := "provider-digitisation-to-cyber-security-2017-18"
	for _, tc := range []struct {
		name, write, field string
		call               func() error
	}{
		{"a quote that is in no source, CONFIRMED, £999,999,999", "RecordFlow", "quote", func() error {
			return svc.RecordFlow(ctx, "newsdesk", payment(flow.Confirmed, 99_999_999_900,
				flow.Citation{SourceID: julyReport, Quote: "DHSC confirmed it paid £999,999,999 to trusts."}))
		}},
		{"status RETRACTED without a retraction", "RecordFlow", "status", func() error {
			// Only RetractFlow sets it, with a reason in the history.
			return svc.RecordFlow(ctx, "newsdesk", payment(flow.Retracted, 2_100_000_000, flow.Citation{SourceID: julyReport, Quote: wifiQuote}))
		}},
		{"£92 quadrillion", "RecordFlow", "amount", func() error {
			return svc.RecordFlow(ctx, "newsdesk", payment(flow.Reported, 9_200_000_000_000_000_000, flow.Citation{SourceID: julyReport, Quote: wifiQuote}))
		}},
		{"a correction to £92 quadrillion", "UpdateFlow", "amount", func() error {
			_, err := svc.CorrectFlow(ctx, "newsdesk", provider, flow.GBP(9_200_000_000_000_000_000), nil, "typo")
			return err
		}},
		{"a correction citing a quote the source lacks", "UpdateFlow", "quote", func() error {
			_, err := svc.CorrectFlow(ctx, "newsdesk", provider, flow.GBP(8_000_000_000),
				[]flow.Citation{{SourceID: julyReport, Quote: "DHSC confirmed £80m was diverted."}}, "headline")
			return err
		}},
		{"a source published in 2030", "SaveNode", "published", func() error {
			return svc.UpdateNode(ctx, "newsdesk", &flow.Source{ID: januaryReport, Title: "T", Publisher: "HSJ", Published: "2030"}, "redated")
		}},
		{"a new source published tomorrow", "SaveNode", "published", func() error {
			return svc.CreateNode(ctx, "newsdesk", &flow.Source{ID: "hsj-tomorrow", Title: "T", Publisher: "HSJ", Published: "2026-11-24"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp.reset()
			wantProblem(t, tc.call(), flow.EINVALID, tc.field)
			if n := sp.calls[tc.write]; n != 0 {
				t.Errorf("an invalid write reached %s: %v", tc.write, sp.calls)
			}
		})
	}
}

// TestPublishedByToday: a source dated today, or only by this month or
// year, is not in the future; the service's clock says what today is
// (2026-11-23 here).
func TestPublishedByToday(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	for i, published := range []string{"2026", "2026-11", "2026-11-23"} {
		src := &flow.Source{ID: "today-" + string(rune('a'+i)), Title: "Today", Publisher: "HSJ", Published: published}
		if err := svc.CreateNode(ctx, "newsdesk", src); err != nil {
			t.Errorf("published %s: %v", published, err)
		}
	}
	err := svc.CreateNode(ctx, "newsdesk", &flow.Source{ID: "next-month", Title: "T", Publisher: "HSJ", Published: "2026-12"})
	wantProblem(t, err, flow.EINVALID, "published")
}

// TestRetractedFlowsRefuseCorrections: once retracted, a flow cannot be
// corrected; the refusal names the flow and changes nothing.
func TestRetractedFlowsRefuseCorrections(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	id := "wifi-to-cyber-security-2017-18"
	if _, err := svc.RetractFlow(ctx, "newsdesk", id, "misread the spokesman"); err != nil {
		t.Fatal(err)
	}
	_, err := svc.CorrectFlow(ctx, "newsdesk", id, flow.GBP(1_300_000_000), nil, "a second look")
	wantProblem(t, err, flow.EINVALID, "id")
	if fe := err.(*flow.Error); fe.Problems[0].Value != id {
		t.Errorf("problem: got %+v, want it to name %s", fe.Problems[0], id)
	}
	h, err := svc.History(ctx, []string{id})
	if err != nil || len(h[id]) != 1 || h[id][0].Action != flow.Retraction {
		t.Errorf("history: got %+v, %v; want only the retraction", h[id], err)
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}, Statuses: []flow.Status{flow.Retracted}}})
	if err != nil || len(page.Items) != 1 || page.Items[0].Amount.High == nil || *page.Items[0].Amount.High != 1_370_000_000 {
		t.Errorf("the retracted flow: got %v, %v; want its £13.7m unchanged", page, err)
	}
}

// TestUpdatesKeepWhatTheyOmitAndRecordWhatTheyChange: an update keeps the
// fields its writer left out, replaces those given (an empty list clears),
// and its revision lists each field it changed with the value it replaced.
func TestUpdatesKeepWhatTheyOmitAndRecordWhatTheyChange(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	loaded := fund(t, svc, "phc-2020")
	aliases := `["Paperless 2020","Paperless 2020 programme","paperless fund","existing technology fund","digital transformation fund"]`

	// Renamed, aliases left out: they stay, and search still finds them.
	renamed := &flow.Fund{ID: "phc-2020", Name: "Personalised Health and Care 2020", Description: loaded.Description}
	if err := svc.UpdateNode(ctx, "newsdesk", renamed, "the fund's own name", "aliases"); err != nil {
		t.Fatal(err)
	}
	if got := fund(t, svc, "phc-2020"); !reflect.DeepEqual(got.Aliases, loaded.Aliases) || got.Name != renamed.Name {
		t.Errorf("after a rename: got %+v, want the aliases kept", got)
	}
	if !reflect.DeepEqual(renamed.Aliases, loaded.Aliases) {
		t.Errorf("the node written is completed in place: got aliases %v", renamed.Aliases)
	}
	found, err := svc.Search(ctx, flow.SearchQuery{Text: "Paperless 2020"})
	if err != nil || len(found.Items) == 0 || found.Items[0].ID != "phc-2020" {
		t.Errorf(`search("Paperless 2020") after the rename: got %v, %v`, found, err)
	}

	// Aliases given empty: cleared, and the revision keeps them.
	cleared := &flow.Fund{ID: "phc-2020", Name: renamed.Name, Aliases: []string{}, Description: loaded.Description}
	if err := svc.UpdateNode(ctx, "newsdesk", cleared, "aliases moved to the programmes"); err != nil {
		t.Fatal(err)
	}
	if got := fund(t, svc, "phc-2020"); len(got.Aliases) != 0 {
		t.Errorf("after clearing: got aliases %v", got.Aliases)
	}
	h, err := svc.History(ctx, []string{"phc-2020"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]flow.Change{
		{{Field: "name", Previous: "Personalised Health and Care 2020 fund", Value: "Personalised Health and Care 2020"}},
		{{Field: "aliases", Previous: aliases, Value: "[]"}},
	}
	if len(h["phc-2020"]) != 2 || !reflect.DeepEqual(h["phc-2020"][0].Changes, want[0]) || !reflect.DeepEqual(h["phc-2020"][1].Changes, want[1]) {
		t.Errorf("history: got %+v, want changes %+v", h["phc-2020"], want)
	}
}

// TestCorrectionsAndRetractionsRecordTheirChanges: a correction lists the
// amount and the citations it replaced, a retraction the status.
func TestCorrectionsAndRetractionsRecordTheirChanges(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	id := "wifi-to-cyber-security-2017-18"
	headline := "Majority of money shifted to pay for £63m boost for cyber security"
	if _, err := svc.CorrectFlow(ctx, "newsdesk", id, flow.Money{Amount: new(flow.Pence(1_300_000_000)), Qualifier: flow.MajorityOf},
		[]flow.Citation{{SourceID: julyReport, Quote: headline}}, "a second reading"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RetractFlow(ctx, "newsdesk", id, "misread the spokesman"); err != nil {
		t.Fatal(err)
	}
	h, err := svc.History(ctx, []string{id})
	if err != nil || len(h[id]) != 2 {
		t.Fatalf("history: got %+v, %v", h[id], err)
	}
	correction, retraction := h[id][0].Changes, h[id][1].Changes
	if len(correction) != 2 || correction[0] != (flow.Change{Field: "amount", Previous: "most of the £13.7m underspend (MAJORITY_OF; £6.85m–£13.7m)", Value: "£13m (MAJORITY_OF; £6.5m–£13m)"}) ||
		correction[1].Field != "citations" || !strings.Contains(correction[1].Value, headline) || strings.Contains(correction[1].Previous, headline) {
		t.Errorf("correction's changes: got %+v", correction)
	}
	if !reflect.DeepEqual(retraction, []flow.Change{{Field: "status", Previous: "CONFIRMED", Value: "RETRACTED"}}) {
		t.Errorf("retraction's changes: got %+v", retraction)
	}
}

// TestUnverifiedSources: a source created without its text is unverified,
// and quotes citing it are accepted unchecked; given a text, a source's
// quotes are checked against it.
func TestUnverifiedSources(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	bare := &flow.Source{ID: "dhsc-2018-annual-report", Title: "DHSC annual report 2017-18", Publisher: "DHSC", Published: "2018-07"}
	if err := svc.CreateNode(ctx, "newsdesk", bare); err != nil {
		t.Fatal(err)
	}
	if nodes, err := svc.Nodes(ctx, []string{bare.ID}); err != nil || nodes[bare.ID].(*flow.Source).Verified() {
		t.Fatalf("a source without a text: got %+v, %v; want it unverified", nodes[bare.ID], err)
	}
	unchecked := flow.Citation{SourceID: bare.ID, Quote: "Local infrastructure to address key cyber weaknesses."}
	f := payment(flow.Reported, 2_100_000_000, unchecked)
	if err := svc.RecordFlow(ctx, "newsdesk", f); err != nil {
		t.Fatalf("a quote of an unverified source: %v", err)
	}

	// With its text, the source is verified, and only its sentences check.
	text := "According to DHSC’s 2017-18 annual report, the diverted cyber security funding has gone to help “local infrastructure address key cyber weaknesses”."
	withText := &flow.Source{ID: bare.ID, Title: bare.Title, Publisher: bare.Publisher, Published: bare.Published, Text: text}
	if err := svc.UpdateNode(ctx, "newsdesk", withText, "the text, from the report"); err != nil {
		t.Fatal(err)
	}
	src := source(t, svc, bare.ID)
	if !src.Verified() || src.Quotes(unchecked.Quote) || !src.Quotes("the diverted cyber security\n  funding has gone") {
		t.Errorf("the source with its text: verified %v; quotes the earlier quote %v", src.Verified(), src.Quotes(unchecked.Quote))
	}
	second := payment(flow.Reported, 2_100_000_000, unchecked)
	second.ID = "cyber-security-to-nhs-trusts-2018-19-b"
	wantProblem(t, svc.RecordFlow(ctx, "newsdesk", second), flow.EINVALID, "quote")
	second.Citations = []flow.Citation{{SourceID: bare.ID, Quote: "the diverted cyber security funding has gone to help"}}
	if err := svc.RecordFlow(ctx, "newsdesk", second); err != nil {
		t.Errorf("a quote in the source's text: %v", err)
	}
	// The text left out of a later update stays.
	redated := &flow.Source{ID: bare.ID, Title: bare.Title, Publisher: bare.Publisher, Published: "2018-07-19"}
	if err := svc.UpdateNode(ctx, "newsdesk", redated, "the day it was laid before Parliament", "text", "dateNote", "url", "notes"); err != nil {
		t.Fatal(err)
	}
	if src := source(t, svc, bare.ID); src.Text != text || src.Published != "2018-07-19" {
		t.Errorf("after redating: got %+v, want the text kept", src)
	}
	h, err := svc.History(ctx, []string{bare.ID})
	if err != nil || len(h[bare.ID]) != 3 || !reflect.DeepEqual(h[bare.ID][1].Changes, []flow.Change{{Field: "text", Previous: "", Value: text}}) ||
		!reflect.DeepEqual(h[bare.ID][2].Changes, []flow.Change{{Field: "published", Previous: "2018-07", Value: "2018-07-19"}}) {
		t.Errorf("history: got %+v, %v", h[bare.ID], err)
	}
}

// TestCheckRefusesFutureDates: a dataset's source dated after the day it
// is checked on is a problem naming the field, without any store.
func TestCheckRefusesFutureDates(t *testing.T) {
	ds := nhs(t).Data()
	ds.Sources[1].Published = "2026-12"
	checked, ps := ledger.Check(ds, today)
	if checked != nil || len(ps) != 1 || ps[0].ID != ds.Sources[1].ID || ps[0].Field != "published" || ps[0].Value != "2026-12" {
		t.Fatalf("got %v, %v; want one problem on the source's published", checked, ps)
	}
	// A day later, the same date is fine.
	if _, ps := ledger.Check(nhs(t).Data(), "2026-12-01"); len(ps) != 0 {
		t.Errorf("the bundled data on 2026-12-01: %v", ps)
	}
}

func fund(t *testing.T, svc *ledger.Service, id string) *flow.Fund {
	t.Helper()
	nodes, err := svc.Nodes(context.Background(), []string{id})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := nodes[id].(*flow.Fund)
	if !ok {
		t.Fatalf("%s: got %#v, want a fund", id, nodes[id])
	}
	return f
}

func source(t *testing.T, svc *ledger.Service, id string) *flow.Source {
	t.Helper()
	nodes, err := svc.Nodes(context.Background(), []string{id})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := nodes[id].(*flow.Source)
	if !ok {
		t.Fatalf("%s: got %#v, want a source", id, nodes[id])
	}
	return s
}
