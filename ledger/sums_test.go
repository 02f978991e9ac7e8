package ledger_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// byYear is the grouping a dashboard asks most.
var byYear = []flow.TotalsDimension{flow.ByYear}

// sumsOf renders totals' figures, movements and links left out.
func sumsOf(ts []flow.Total) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = fmt.Sprintf("%q %s count=%d movements=%d amount=%s kinds=%v statuses=%v conflicting=%v",
			t.Key, t.Measure, t.Count, t.MovementCount, t.Amount.String(), t.Kinds, t.Statuses, t.Conflicting)
	}
	return out
}

// pointOf returns the point of the total for key and measure, 0 if none.
func pointOf(tb testing.TB, ts []flow.Total, key string, m flow.Measure) flow.Pence {
	tb.Helper()
	for _, t := range ts {
		if t.Key[0] == key && t.Measure == m {
			if t.Amount.Amount == nil {
				tb.Fatalf("total %s %s has no point: %s", key, m, t.Amount.String())
			}
			return *t.Amount.Amount
		}
	}
	return 0
}

// TestTotalSumsAreKeptUntilAWrite: TotalSums gives Totals' figures; asked
// again it reaches no sum in the store, until a write, after which it sums
// again and counts the write's £21m.
func TestTotalSumsAreKeptUntilAWrite(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	full, _, err := svc.Totals(ctx, byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sp.reset()
	for range 3 {
		got, _, err := svc.TotalSums(ctx, byYear, flow.FlowFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sumsOf(got), sumsOf(full)) {
			t.Fatalf("total sums:\n%v\nwant Totals' figures\n%v", sumsOf(got), sumsOf(full))
		}
		for _, tot := range got {
			if !tot.Brief || tot.Movements != nil || tot.Links != nil {
				t.Fatalf("total %v %s holds its movements or links", tot.Key, tot.Measure)
			}
		}
	}
	if n := sp.count("SumFlows"); n != 1 {
		t.Errorf("three total sums summed %d times in the store, want once", n)
	}
	_, err = svc.TotalMovements(ctx, &full[0], 1)
	if err != nil {
		t.Fatalf("movements of a full total: %v", err)
	}
	brief, _, _ := svc.TotalSums(ctx, byYear, flow.FlowFilter{})
	_, err = svc.TotalMovements(ctx, &brief[0], 1)
	wantCode(t, err, flow.EINTERNAL)

	paid := &flow.Flow{ID: "cyber-security-to-nhs-trusts-2018-19", Kind: flow.Payment, FromID: "cyber-security", ToID: "nhs-trusts",
		Year: "2018-19", Amount: flow.GBP(21_000_000_00), Status: flow.Reported,
		Citations: []flow.Citation{{SourceID: "hsj-2018-07-provider-digitisation",
			Quote: "NHS England has not responded to HSJ’s requests for a full breakdown of which trusts have received additional cyber security spending."}}}
	if err := svc.RecordFlow(ctx, "newsdesk", paid); err != nil {
		t.Fatal(err)
	}
	recorded, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{paid.ID}}})
	if err != nil || len(recorded.Items) != 1 {
		t.Fatalf("recorded flow: %v %v", recorded, err)
	}
	m := recorded.Items[0].Measure
	after, _, err := svc.TotalSums(ctx, byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n := sp.count("SumFlows"); n != 2 {
		t.Errorf("total sums after a write: %d sums in the store, want 2", n)
	}
	if got, was := pointOf(t, after, "2018-19", m), pointOf(t, full, "2018-19", m); got-was != 21_000_000_00 {
		t.Errorf("2018-19 %s after recording £21m: %d pence, was %d", m, got, was)
	}
	fresh, _, err := svc.Totals(ctx, byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sumsOf(after), sumsOf(fresh)) {
		t.Errorf("total sums after a write:\n%v\nwant\n%v", sumsOf(after), sumsOf(fresh))
	}
}

// TestTotalSumsAskedAtOnceAreSummedOnce: requests for the same totals at
// the same time wait for one sum rather than each summing.
func TestTotalSumsAskedAtOnceAreSummedOnce(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	byProgramme := []flow.TotalsDimension{flow.ByProgramme}
	var wg sync.WaitGroup
	answers := make([][]string, 8)
	for i := range answers {
		wg.Go(func() {
			got, _, err := svc.TotalSums(ctx, byProgramme, flow.FlowFilter{})
			if err != nil {
				t.Error(err)
			}
			answers[i] = sumsOf(got)
		})
	}
	wg.Wait()
	if n := sp.count("SumFlows"); n != 1 {
		t.Errorf("8 requests at once summed %d times in the store, want once", n)
	}
	for i := range answers {
		if len(answers[i]) == 0 || !reflect.DeepEqual(answers[i], answers[0]) {
			t.Errorf("answer %d differs: %v", i, answers[i])
		}
	}
}

// TestTotalSumsGoOnAfterTheirRequest: a request that ends while its totals
// are summed is answered UNAVAILABLE, but the sum goes on and is kept, so
// the next request gets the answer without summing again.
func TestTotalSumsGoOnAfterTheirRequest(t *testing.T) {
	svc, sp := newService(t)
	ctx, cancel := context.WithCancel(context.Background())
	returned := make(chan struct{})
	sp.sumHook = func() { cancel(); <-returned } // the request ends mid-sum
	_, _, err := svc.TotalSums(ctx, byYear, flow.FlowFilter{})
	close(returned)
	wantCode(t, err, flow.EUNAVAILABLE)
	got, _, err := svc.TotalSums(context.Background(), byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := svc.Totals(context.Background(), byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sumsOf(got), sumsOf(want)) {
		t.Errorf("totals after the first request ended:\n%v\nwant\n%v", sumsOf(got), sumsOf(want))
	}
	// One sum for the two requests, and one for Totals.
	if n := sp.count("SumFlows"); n != 2 {
		t.Errorf("%d sums in the store, want 2: the ended request's, kept, and Totals'", n)
	}
}
