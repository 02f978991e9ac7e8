package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

func rev(id string, a flow.Action, reason string) flow.Revision {
	return flow.Revision{RecordID: id, Action: a, At: "2026-11-23T09:00:00Z", By: "newsdesk", Reason: reason}
}

func testWrites(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("SaveNode", func(t *testing.T) {
		st := Loaded(t, open)
		org := &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital", Kind: "arm's-length body"}
		if err := st.SaveNode(ctx, org, rev(org.ID, flow.Created, "")); err != nil {
			t.Fatal(err)
		}
		nodes, err := st.Nodes(ctx, []string{"nhs-digital"})
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := nodes["nhs-digital"].(*flow.Organisation); !ok || got.Name != "NHS Digital" || got.Dataset != flow.APIDataset {
			t.Errorf("created organisation: got %#v", nodes["nhs-digital"])
		}
		before := Snapshot(t, st)
		err = st.SaveNode(ctx, &flow.Fund{ID: "dhsc", Name: "Not a fund"}, rev("dhsc", flow.Created, ""))
		WantCode(t, err, flow.ECONFLICT)
		err = st.SaveNode(ctx, &flow.Fund{ID: "no-such-fund", Name: "X"}, rev("no-such-fund", flow.Updated, ""))
		WantCode(t, err, flow.ENOTFOUND)
		// An id never changes kind through the API.
		err = st.SaveNode(ctx, &flow.Fund{ID: "dhsc", Name: "X"}, rev("dhsc", flow.Updated, ""))
		WantCode(t, err, flow.ECONFLICT)
		err = st.SaveNode(ctx, &flow.Fund{ID: "wifi-2017-18", Name: "X"}, rev("wifi-2017-18", flow.Updated, ""))
		WantCode(t, err, flow.ECONFLICT)
		if after := Snapshot(t, st); after != before {
			t.Errorf("refused writes changed the store")
		}
		// An update keeps the record's dataset, and search sees the new name.
		renamed := &flow.Organisation{ID: "dhsc", Name: "Department of Health and Social Care (DHSC)", Kind: "government department"}
		if err := st.SaveNode(ctx, renamed, rev("dhsc", flow.Updated, "full name")); err != nil {
			t.Fatal(err)
		}
		page, err := st.Search(ctx, flow.SearchQuery{Text: "(dhsc)"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].(*flow.Organisation).Dataset != "nhs-tech-2016-18" {
			t.Errorf("renamed organisation: got %v", page.Items)
		}
		h, err := st.History(ctx, []string{"nhs-digital", "dhsc"})
		if err != nil {
			t.Fatal(err)
		}
		if len(h["nhs-digital"]) != 1 || h["nhs-digital"][0].Action != flow.Created || h["dhsc"][0].Reason != "full name" {
			t.Errorf("history: got %+v", h)
		}
	})

	t.Run("RecordFlow", func(t *testing.T) {
		st := Loaded(t, open)
		f := &flow.Flow{ID: "cyber-security-to-nhs-trusts-2018-19", Kind: flow.Payment, FromID: "cyber-security", ToID: "nhs-trusts",
			Year: "2018-19", Amount: flow.GBP(gbp(t, "£21m")), Status: flow.Reported,
			Citations: []flow.Citation{{SourceID: "hsj-2018-07-provider-digitisation", Quote: "A quote.", Published: "2018-07-31"}}, KnownFrom: "2018-07-31"}
		if err := st.RecordFlow(ctx, f, rev(f.ID, flow.Created, "")); err != nil {
			t.Fatal(err)
		}
		page, err := st.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"nhs-trusts"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].Amount.Amount != gbp(t, "£21m") || page.Items[0].Dataset != flow.APIDataset ||
			len(page.Items[0].Citations) != 1 {
			t.Errorf("recorded flow: got %+v", page.Items)
		}
		WantCode(t, st.RecordFlow(ctx, f, rev(f.ID, flow.Created, "")), flow.ECONFLICT)
	})

	t.Run("CorrectFlowKeepsTheEarlierValue", func(t *testing.T) {
		st := Loaded(t, open)
		id := "provider-digitisation-to-cyber-security-2017-18"
		amount := flow.Money{Amount: gbp(t, "£80m"), Qualifier: flow.MajorityOf}.Normalized()
		cite := flow.Citation{SourceID: "hsj-2018-07-provider-digitisation", Quote: "DHSC figures show £80m less spent than planned.", Published: "2018-07-31"}
		f, err := st.CorrectFlow(ctx, id, amount, []flow.Citation{cite}, rev(id, flow.Corrected, "headline figure"))
		if err != nil {
			t.Fatal(err)
		}
		if f.Amount.Amount != gbp(t, "£80m") || len(f.Citations) != 5 {
			t.Errorf("corrected flow: got %v with %d citations", f.Amount, len(f.Citations))
		}
		page, err := st.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := page.Items[0]; got.Amount.Amount != gbp(t, "£80m") || got.Citations[4].Quote != cite.Quote {
			t.Errorf("stored correction: got %v, citations %v", got.Amount, got.Citations)
		}
		h, err := st.History(ctx, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		want := flow.Money{Amount: gbp(t, "£81m"), Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£40.5m")), High: ptr(gbp(t, "£81m"))}
		if len(h[id]) != 1 || h[id][0].Previous == nil || !reflect.DeepEqual(*h[id][0].Previous, want) ||
			h[id][0].By != "newsdesk" || h[id][0].Reason != "headline figure" || h[id][0].Amount.Amount != gbp(t, "£80m") {
			t.Errorf("history: got %+v, want the previous £81m kept", h[id])
		}
		_, err = st.CorrectFlow(ctx, "no-such-flow", amount, nil, rev("no-such-flow", flow.Corrected, "x"))
		WantCode(t, err, flow.ENOTFOUND)
	})

	t.Run("RetractFlow", func(t *testing.T) {
		st := Loaded(t, open)
		id := "wifi-to-cyber-security-2017-18"
		f, err := st.RetractFlow(ctx, id, rev(id, flow.Retraction, "misread the spokesman"))
		if err != nil {
			t.Fatal(err)
		}
		if f.Status != flow.Retracted {
			t.Errorf("status: got %s", f.Status)
		}
		page, err := st.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}}})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("a retracted flow is left out by default: got %v, %v", page, err)
		}
		page, err = st.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}, Statuses: []flow.Status{flow.Retracted}}})
		if err != nil || len(page.Items) != 1 {
			t.Errorf("asked for, it is there: got %v, %v", page, err)
		}
		res, err := st.Trace(ctx, flow.TraceQuery{From: "wifi", To: "cyber-security"})
		if err != nil || len(res.Paths) != 0 {
			t.Errorf("traces skip retracted flows: got %v, %v", res, err)
		}
		h, err := st.History(ctx, []string{id})
		if err != nil || len(h[id]) != 1 || h[id][0].PreviousStatus != flow.Confirmed || h[id][0].Status != flow.Retracted {
			t.Errorf("history: got %+v, %v", h, err)
		}
		_, err = st.RetractFlow(ctx, id, rev(id, flow.Retraction, "again"))
		WantCode(t, err, flow.ECONFLICT)
	})
}
