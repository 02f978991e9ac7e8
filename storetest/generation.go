package storetest

import (
	"context"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// generationOf reads the store's generation, failing the test on an error.
func generationOf(tb testing.TB, st flow.Store) uint64 {
	tb.Helper()
	g, err := st.Generation(context.Background())
	if err != nil {
		tb.Fatalf("generation: %v", err)
	}
	return g
}

// testGenerationStillWithoutWrites: reads, however many, leave the
// generation as it was.
func testGenerationStillWithoutWrites(t *testing.T, open Opener) {
	st, svc := loaded(t, open)
	before := generationOf(t, st)
	Snapshot(t, svc)
	if _, _, err := svc.Totals(context.Background(), []flow.TotalsDimension{flow.ByYear}, flow.FlowFilter{}); err != nil {
		t.Fatal(err)
	}
	if after := generationOf(t, st); after != before {
		t.Errorf("generation moved from %d to %d with only reads", before, after)
	}
}

// testGenerationMovesWithEveryWrite: a load, a reload, a new node, a
// recorded, a corrected and a retracted flow each give a generation never
// seen before, and a refused write gives none.
func testGenerationMovesWithEveryWrite(t *testing.T, open Opener) {
	ctx := context.Background()
	st := fresh(t, open)
	svc := service(st)
	seen := map[uint64]string{generationOf(t, st): "the empty store"}
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		g := generationOf(t, st)
		if earlier, ok := seen[g]; ok {
			t.Errorf("after %s the generation is %d, as after %s", what, g, earlier)
		}
		seen[g] = what
	}
	_, err := svc.Load(ctx, Checked(t, NHS(t)))
	step("the first load", err)
	ds := NHS(t)
	ds.Flows = ds.Flows[1:]
	_, err = svc.Load(ctx, Checked(t, ds))
	step("a reload that removes a flow", err)
	step("a new fund", svc.CreateNode(ctx, writer, &flow.Fund{ID: "tech-fund-2019", Name: "Technology fund 2019"}))
	step("a recorded flow", svc.RecordFlow(ctx, writer, newPayment(t)))
	_, err = svc.CorrectFlow(ctx, writer, "cyber-security-to-nhs-trusts-2018-19", flow.GBP(gbp(t, "£22m")), nil, "restated")
	step("a correction", err)
	_, err = svc.RetractFlow(ctx, writer, "cyber-security-to-nhs-trusts-2018-19", "withdrawn")
	step("a retraction", err)
	before := generationOf(t, st)
	WantCode(t, svc.RecordFlow(ctx, writer, newPayment(t)), flow.ECONFLICT)
	if after := generationOf(t, st); after != before {
		t.Errorf("a refused write moved the generation from %d to %d", before, after)
	}
}
