package storetest

import (
	"context"
	"errors"
	"io/fs"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
)

// A store keeps each source's text, so that quotes written later are
// checked against the document, and each revision's changes, so that
// history shows every value a write replaced.

func testNodesSourceTextsStored(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	// Every loaded source comes back with its bundled file's text from a
	// lookup; a brief lookup and a list give the same source without it,
	// saying it has one.
	page, err := svc.Sources(ctx, flow.NodeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range NHS(t).Sources {
		want, err := fs.ReadFile(data.FS, src.File)
		if err != nil {
			t.Fatal(err)
		}
		nodes, err := svc.Nodes(ctx, []string{src.ID})
		if err != nil {
			t.Fatal(err)
		}
		full := nodes[src.ID].(*flow.Source)
		if full.Text != string(want) || full.HasText {
			t.Errorf("%s: Nodes gave a text of %d bytes (HasText %v), want the %d of %s", src.ID, len(full.Text), full.HasText, len(want), src.File)
		}
		brief, err := svc.NodesBrief(ctx, []string{src.ID})
		if err != nil {
			t.Fatal(err)
		}
		short := *full
		short.Text, short.HasText = "", true
		if got := brief[src.ID]; !reflect.DeepEqual(got, &short) {
			t.Errorf("%s: NodesBrief gave %#v, want %#v", src.ID, got, &short)
		}
		if got := find(page.Items, src.ID); !reflect.DeepEqual(got, &short) {
			t.Errorf("%s: the list gave %#v, want %#v", src.ID, got, &short)
		}
	}
	// A text written through SaveNode comes back byte for byte; written
	// again without one, the source has none, and a brief lookup says so.
	text := "Line one: “£63.7m” — quoted.\n\n\tLine two, after a tab.\n"
	src := &flow.Source{ID: "dhsc-annual-report", Title: "DHSC annual report", Publisher: "DHSC", Published: "2018-07",
		Text: text, Dataset: flow.APIDataset}
	for _, want := range []string{text, ""} {
		src.Text = want
		if err := st.SaveNode(ctx, src.ID, func(flow.Current) (flow.Node, flow.Revision, error) {
			return src, storeRevision(src.ID, flow.Updated), nil
		}); err != nil {
			t.Fatal(err)
		}
		nodes, err := svc.Nodes(ctx, []string{src.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got := nodes[src.ID].(*flow.Source); got.Text != want || got.Verified() != (want != "") {
			t.Errorf("saved with text %q: read back %q", want, got.Text)
		}
		brief, err := svc.NodesBrief(ctx, []string{src.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got := brief[src.ID].(*flow.Source); got.Text != "" || got.HasText != (want != "") || got.Verified() != (want != "") {
			t.Errorf("saved with text %q: NodesBrief gave text %q, HasText %v", want, got.Text, got.HasText)
		}
	}
}

func testDecideSaveNodeSeesTheNodeAsWritten(t *testing.T, open Opener) {
	// What one write stored is what the next write's decide is handed:
	// every field, a source's text included.
	ctx := context.Background()
	st, _ := loaded(t, open)
	for _, n := range []flow.Node{
		&flow.Source{ID: "dhsc-annual-report", Title: "DHSC annual report", Publisher: "DHSC", Published: "2018-07-19",
			DateNote: "Laid before Parliament.", URL: "https://example.org/ar", Notes: []string{"b", "a"}, Text: "Full text.\n", Dataset: flow.APIDataset},
		&flow.Programme{ID: "wifi", Name: "Wi-Fi", Aliases: []string{"Wifi in primary care and hospitals"}, Description: "Moved.",
			FundID: "phc-2020", Dataset: nhsID},
	} {
		if err := st.SaveNode(ctx, n.NodeID(), func(flow.Current) (flow.Node, flow.Revision, error) {
			return n, storeRevision(n.NodeID(), flow.Updated), nil
		}); err != nil {
			t.Fatal(err)
		}
		var got flow.Current
		err := st.SaveNode(ctx, n.NodeID(), func(cur flow.Current) (flow.Node, flow.Revision, error) {
			got = cur
			return nil, flow.Revision{}, errRefused
		})
		if !errors.Is(err, errRefused) {
			t.Errorf("%s: got %v, want decide's error", n.NodeID(), err)
		}
		if want := (flow.Current{Kind: flow.KindOf(n), Dataset: datasetOf(n), Node: n}); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decide got\n %+v (node %#v)\nwant %+v (node %#v)", n.NodeID(), got, got.Node, want, want.Node)
		}
	}
}

func testWritesRevisionsKeepTheirChanges(t *testing.T, open Opener) {
	// Each write's revision comes back with exactly the changes it was
	// written with, for nodes and flows alike; a revision without changes
	// has none.
	ctx := context.Background()
	st, svc := loaded(t, open)
	fund := &flow.Fund{ID: "phc-2020", Name: "Personalised Health and Care 2020", Dataset: nhsID}
	renamed := storeRevision(fund.ID, flow.Updated)
	renamed.Changes = []flow.Change{
		{Field: "name", Previous: "Personalised Health and Care 2020 fund", Value: "Personalised Health and Care 2020"},
		{Field: "aliases", Previous: `["Paperless 2020","paperless fund"]`, Value: "[]"},
		{Field: "description", Previous: "The £4.2bn “paperless” fund.\nTwo lines.", Value: ""},
	}
	plain := storeRevision(fund.ID, flow.Updated)
	for _, rev := range []flow.Revision{renamed, plain} {
		if err := st.SaveNode(ctx, fund.ID, func(flow.Current) (flow.Node, flow.Revision, error) { return fund, rev, nil }); err != nil {
			t.Fatal(err)
		}
	}
	id := "wifi-to-cyber-security-2017-18"
	corrected := storeRevision(id, flow.Corrected)
	corrected.Changes = []flow.Change{{Field: "amount", Previous: "£13.7m (MAJORITY_OF; £6.85m–£13.7m)", Value: "£13m"}}
	if _, err := st.UpdateFlow(ctx, id, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
		next := *cur
		next.Amount = flow.GBP(1_300_000_000)
		corrected.Previous, corrected.Amount, corrected.PreviousStatus, corrected.Status = &cur.Amount, &next.Amount, cur.Status, cur.Status
		return &next, corrected, nil
	}); err != nil {
		t.Fatal(err)
	}
	h, err := svc.History(ctx, []string{fund.ID, id})
	if err != nil {
		t.Fatal(err)
	}
	if want := []flow.Revision{renamed, plain}; !reflect.DeepEqual(h[fund.ID], want) {
		t.Errorf("fund history:\n got %+v\nwant %+v", h[fund.ID], want)
	}
	if want := []flow.Revision{corrected}; !reflect.DeepEqual(h[id], want) {
		t.Errorf("flow history:\n got %+v\nwant %+v", h[id], want)
	}
}

// datasetOf returns the dataset a node is in.
func datasetOf(n flow.Node) string {
	switch n := n.(type) {
	case *flow.Fund:
		return n.Dataset
	case *flow.Programme:
		return n.Dataset
	case *flow.Organisation:
		return n.Dataset
	case *flow.Source:
		return n.Dataset
	}
	return ""
}
