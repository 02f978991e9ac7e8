package graph_test

import (
	"io"
	"reflect"
	"testing"

	"github.com/rs/zerolog"
)

// TestTotalMovementsFirst: a total's movements come a page at a time, by
// their first claim's id, whatever page each selection asks for, while
// movementCount counts them all; first over 500 is refused like a page's.
func TestTotalMovementsFirst(t *testing.T) {
	var resp struct {
		Totals []struct {
			Key           []*string
			Measure       string
			MovementCount int
			One, All      []struct{ ID string }
			Links         []struct{ ID string }
		}
	}
	newClient(t).MustPost(`{ totals(groupBy: [YEAR], where: { measure: [PLANNED, ACTUAL, MOVED] }) {
		key measure movementCount
		one: movements(first: 1) { id }
		all: movements(first: 500) { id }
		links(first: 1) { id }
	} }`, &resp)
	if len(resp.Totals) == 0 {
		t.Fatal("no totals")
	}
	several := false
	for _, tt := range resp.Totals {
		if len(tt.All) != tt.MovementCount || len(tt.One) != 1 || tt.One[0] != tt.All[0] || len(tt.Links) > 1 {
			t.Errorf("%v %s: %d movements, first 1 gave %v and all %v, %d links; want all %d, the first of them, at most 1 link",
				tt.Key, tt.Measure, len(tt.All), tt.One, tt.All, len(tt.Links), tt.MovementCount)
		}
		for i := 1; i < len(tt.All); i++ {
			if tt.All[i-1].ID >= tt.All[i].ID {
				t.Errorf("%v %s: movements out of order: %v", tt.Key, tt.Measure, tt.All)
			}
		}
		several = several || tt.MovementCount > 1
	}
	if !several {
		t.Error("no total has more than one movement: first is not tested")
	}

	h := newHandler(openStore(t), zerolog.New(io.Discard))
	_, errResp := post(t, h, `{ totals(groupBy: [YEAR]) { movements(first: 501) { id } } }`)
	wantCode(t, errResp, "LIMIT_EXCEEDED", "first may be at most 500")
	_, errResp = post(t, h, `{ totals(groupBy: [YEAR]) { links(first: 0) { id } } }`)
	wantCode(t, errResp, "INVALID", "first must be at least 1")
}

// TestTotalsKeptAnswerTheSame: totals asked for without movements or links
// are kept between requests (ledger.TotalSums) and agree, total for total,
// with the same totals asked for with them, which are summed afresh; a
// fragment or an alias asking for movements is seen as asking.
func TestTotalsKeptAnswerTheSame(t *testing.T) {
	type total struct {
		Key                  []*string
		Measure              string
		Count, MovementCount int
		Amount               struct{ Amount, Low, High, Qualifier string }
		Kinds, Statuses      []string
		Conflicting          bool
		Moves                []struct{ ID string }
	}
	var kept, again, summed struct{ Totals []total }
	c := newClient(t)
	const figures = `key measure count movementCount amount { amount low high qualifier } kinds statuses conflicting`
	c.MustPost(`{ totals(groupBy: [YEAR]) { `+figures+` } }`, &kept)
	c.MustPost(`{ totals(groupBy: [YEAR]) { `+figures+` } }`, &again)
	c.MustPost(`{ totals(groupBy: [YEAR]) { `+figures+` ...moves } } fragment moves on Total { moves: movements(first: 1) { id } }`, &summed)
	if len(kept.Totals) == 0 || len(kept.Totals) != len(summed.Totals) || len(again.Totals) != len(kept.Totals) {
		t.Fatalf("%d kept totals, %d asked again, %d summed with movements", len(kept.Totals), len(again.Totals), len(summed.Totals))
	}
	for i, s := range summed.Totals {
		if len(s.Moves) != 1 {
			t.Errorf("%v %s: %d movements through a fragment, want 1", s.Key, s.Measure, len(s.Moves))
		}
		s.Moves = nil
		if !reflect.DeepEqual(kept.Totals[i], s) || !reflect.DeepEqual(again.Totals[i], s) {
			t.Errorf("total %d: kept %+v, again %+v, summed %+v", i, kept.Totals[i], again.Totals[i], s)
		}
	}
}
