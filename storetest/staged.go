package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// testLoadReloadKeepsAPIFlowOnItsNodes: a flow recorded through the API
// between two of a dataset's nodes belongs to the API's dataset, not to
// the loaded one. Reloading the dataset (which on Neo4j replaces every one
// of its nodes with a staged copy) keeps that flow as it was, between the
// same ends, and the flows from its source still list it.
func testLoadReloadKeepsAPIFlowOnItsNodes(t *testing.T, open Opener) {
	ctx := context.Background()
	_, svc := loaded(t, open)
	f := newPayment(t)
	if err := svc.RecordFlow(ctx, writer, f); err != nil {
		t.Fatal(err)
	}
	before := flowAs(t, svc, f.ID)
	if _, err := svc.Load(ctx, Checked(t, NHS(t))); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if after := flowAs(t, svc, f.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("after the reload:\n got %#v\nwant %#v", after, before)
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{FromIDs: []string{f.FromID}, Statuses: flow.Statuses}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range page.Items {
		found = found || g.ID == f.ID
	}
	if !found {
		t.Errorf("flows from %s after the reload: %d flows, none of them %s", f.FromID, len(page.Items), f.ID)
	}
}
