package ledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestUnknownIDsAreNotFound: every query that takes a node id answers an
// id that names nothing with NOT_FOUND naming the id and its field, never
// with an empty list that reads as "no money", and asks the store one
// NodesBrief call to find out, before any list.
func TestUnknownIDsAreNotFound(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	for _, tc := range []struct {
		name, field, id string
		call            func() error
	}{
		{"budgetLines(programme:)", "programme", "cyber", func() error {
			_, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Scope: flow.Scope{ProgrammeIDs: []string{"cyber"}}})
			return err
		}},
		{"budget lines where programme", "programme", "cyber", func() error {
			_, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{ProgrammeIDs: []string{"cyber-security", "cyber"}}})
			return err
		}},
		{"trace(from:)", "from", "nope", func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{From: "nope"})
			return err
		}},
		{"trace(to:)", "to", "nope", func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", To: "nope"})
			return err
		}},
		{"diversions(from:)", "from", "nope", func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{Kinds: []flow.FlowKind{flow.Diversion}}, Scope: flow.Scope{FromIDs: []string{"nope"}}})
			return err
		}},
		{"diversions(to:)", "to", "nope", func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Scope: flow.Scope{ToIDs: []string{"nope"}}})
			return err
		}},
		{"flows where from", "from", "nope", func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{FromIDs: []string{"nope"}}})
			return err
		}},
		{"flows where to", "to", "nope", func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"nope"}}})
			return err
		}},
		{"flows where programme", "programme", "cyber", func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{ProgrammeIDs: []string{"cyber"}}})
			return err
		}},
		{"flows where fund", "fund", "paperless-2020", func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{FundIDs: []string{"paperless-2020"}}})
			return err
		}},
		{"flows where organisation", "organisation", "kings-fund-2", func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{OrganisationIDs: []string{"kings-fund-2"}}})
			return err
		}},
		{"totals where to", "to", "nope", func() error {
			_, _, err := svc.Totals(ctx, []flow.TotalsDimension{flow.ByYear}, flow.FlowFilter{ToIDs: []string{"nope"}})
			return err
		}},
		{"programmes(fund:)", "fund", "paperless-2020", func() error {
			_, err := svc.Programmes(ctx, flow.NodeQuery{Scope: flow.Scope{FundIDs: []string{"paperless-2020"}}})
			return err
		}},
		{"programmes where fund", "fund", "paperless-2020", func() error {
			_, err := svc.Programmes(ctx, flow.NodeQuery{Filter: flow.NodeFilter{FundIDs: []string{"paperless-2020"}}})
			return err
		}},
		{"funds where ids", "ids", "paperless-2020", func() error {
			_, err := svc.Funds(ctx, flow.NodeQuery{Filter: flow.NodeFilter{IDs: []string{"phc-2020", "paperless-2020"}}})
			return err
		}},
		{"sources where ids", "ids", "hsj-2030", func() error {
			_, err := svc.Sources(ctx, flow.NodeQuery{Filter: flow.NodeFilter{IDs: []string{"hsj-2030"}}})
			return err
		}},
		{"disagreements(entity:)", "entity", "nope", func() error {
			_, err := svc.Disagreements(ctx, "2017-18", "nope", "", false)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp.reset()
			err := tc.call()
			wantCode(t, err, flow.ENOTFOUND)
			fe := err.(*flow.Error)
			if !strings.Contains(fe.Message, tc.field+": ") || !strings.Contains(fe.Message, `"`+tc.id+`"`) {
				t.Errorf("message %q does not name field %s and id %q", fe.Message, tc.field, tc.id)
			}
			if len(fe.Problems) != 1 || fe.Problems[0].Field != tc.field || fe.Problems[0].Value != tc.id {
				t.Errorf("problems: got %+v, want one naming %s %q", fe.Problems, tc.field, tc.id)
			}
			if sp.calls["NodesBrief"] != 1 || sp.total() != 1 {
				t.Errorf("store calls: got %v, want the one NodesBrief call that found the id missing", sp.calls)
			}
		})
	}
}

// TestIDsOfAnotherKindAreInvalid: an id that names a record of the wrong
// kind for its field is INVALID, saying what it names.
func TestIDsOfAnotherKindAreInvalid(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	_, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Scope: flow.Scope{ProgrammeIDs: []string{"phc-2020"}}})
	wantCode(t, err, flow.EINVALID)
	if msg := flow.ErrorMessage(err); msg != `programme: "phc-2020" is a fund, not a programme` {
		t.Errorf("got %q", msg)
	}
	_, err = svc.Trace(ctx, flow.TraceQuery{From: "hsj-2018-01-wannacry-review"})
	wantCode(t, err, flow.EINVALID)
	if msg := flow.ErrorMessage(err); msg != `from: "hsj-2018-01-wannacry-review" is a source, not a fund, programme or organisation` {
		t.Errorf("got %q", msg)
	}
	_, err = svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{OrganisationIDs: []string{"wifi"}}})
	wantCode(t, err, flow.EINVALID)
	if msg := flow.ErrorMessage(err); msg != `organisation: "wifi" is a programme, not an organisation` {
		t.Errorf("got %q", msg)
	}
	// Missing ids come first: NOT_FOUND names every one, in the request's
	// order, field by field.
	_, err = svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{FromIDs: []string{"nope", "wifi"}, ToIDs: []string{"hsj", "gone"}}})
	wantCode(t, err, flow.ENOTFOUND)
	if msg := flow.ErrorMessage(err); msg != `from: no fund, programme or organisation has id "nope"; to: no fund, programme or organisation has id "gone"` {
		t.Errorf("got %q", msg)
	}
}

// TestKnownIDsCostOneLookup: ids that exist cost one Nodes call for the
// whole query, a query without node ids none, and a child list's parents
// (read by the same request) none either.
func TestKnownIDsCostOneLookup(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{FromIDs: []string{"wifi", "provider-digitisation"}, ProgrammeIDs: []string{"cyber-security"}},
		Scope: flow.Scope{ToIDs: []string{"cyber-security"}}})
	if err != nil || sp.calls["NodesBrief"] != 1 || sp.calls["Flows"] != 1 {
		t.Fatalf("got %v, store calls %v; want one NodesBrief and one Flows call", err, sp.calls)
	}
	if page.TotalCount != 2 {
		t.Errorf("diversions to cyber security from Wi-Fi and provider digitisation: got %d, want 2", page.TotalCount)
	}
	sp.reset()
	if _, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{Year: "2017-18"}}); err != nil || sp.calls["NodesBrief"] != 0 {
		t.Errorf("a query without node ids: %v, store calls %v; want no NodesBrief call", err, sp.calls)
	}
	sp.reset()
	parents := flow.Scope{ProgrammeIDs: []string{"cyber-security", "wifi"}, Parents: true}
	lines, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Scope: parents})
	if err != nil || sp.calls["NodesBrief"] != 0 || lines.TotalCount != 4 {
		t.Errorf("a child list's parents: %v, %d lines, store calls %v; want 4 lines and no Nodes call", err, lines.TotalCount, sp.calls)
	}
}

// TestScopeOnlyNarrows: a shorthand argument and a where list that share
// no id match nothing, never everything.
func TestScopeOnlyNarrows(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{FromIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion}},
		Scope: flow.Scope{FromIDs: []string{"wifi"}}})
	if err != nil || page.TotalCount != 0 || len(page.Items) != 0 {
		t.Errorf("diversions from Wi-Fi and from cyber security at once: got %v, %v; want none", page, err)
	}
	if sp.calls["Flows"] != 0 {
		t.Errorf("a query that can match nothing reached the store's list: %v", sp.calls)
	}
	page, err = svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{FromIDs: []string{"wifi", "provider-digitisation"}, Kinds: []flow.FlowKind{flow.Diversion}},
		Scope: flow.Scope{FromIDs: []string{"wifi"}}})
	if err != nil || page.TotalCount != 1 || page.Items[0].ID != "wifi-to-cyber-security-2017-18" {
		t.Errorf("diversions from Wi-Fi, among Wi-Fi's and provider digitisation's: got %v, %v; want Wi-Fi's one", page, err)
	}
}
