package flow_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// sumsOf is what a store computes for the flows of one group: counts,
// sums where every flow has the figure, and the values present.
func sumsOf(tb testing.TB, fs []*flow.Flow) flow.GroupSum {
	tb.Helper()
	g := flow.GroupSum{Key: []string{string(fs[0].Year)}, Measure: fs[0].Measure, Count: len(fs)}
	var point, low, high flow.Pence
	all := [3]bool{true, true, true}
	seen := map[string]bool{}
	for _, f := range fs {
		for i, v := range []*flow.Pence{f.Amount.Amount, f.Amount.Low, f.Amount.High} {
			if v == nil {
				all[i] = false
				continue
			}
			*[]*flow.Pence{&point, &low, &high}[i] += *v
		}
		for _, s := range []string{"q" + string(f.Amount.Qualifier), "c" + f.Amount.Currency, "k" + string(f.Kind), "s" + string(f.Status)} {
			if seen[s] {
				continue
			}
			seen[s] = true
			switch s[0] {
			case 'q':
				g.Qualifiers = append(g.Qualifiers, flow.Qualifier(s[1:]))
			case 'c':
				g.Currencies = append(g.Currencies, s[1:])
			case 'k':
				g.Kinds = append(g.Kinds, flow.FlowKind(s[1:]))
			case 's':
				g.Statuses = append(g.Statuses, flow.Status(s[1:]))
			}
		}
	}
	for i, dst := range []**flow.Pence{&g.Point, &g.Low, &g.High} {
		if all[i] {
			*dst = p([]flow.Pence{point, low, high}[i])
		}
	}
	return g
}

func claim(id string, m flow.Money, st flow.Status) *flow.Flow {
	return &flow.Flow{ID: id, Kind: flow.Diversion, FromID: "a", ToID: "b", Year: "2017-18",
		Measure: flow.MeasureMoved, Status: st, Amount: m}
}

// TestMergeTotalsIsTotals: the store's sums of the unlinked claims added
// to flow.Totals over the linked ones give flow.Totals over all of them,
// whatever mix of exact, uncertain and pointless figures a group holds.
func TestMergeTotalsIsTotals(t *testing.T) {
	exact := flow.GBP(20_260_000_000)
	about := flow.Money{Amount: p(25_000_000_000), Low: p(22_500_000_000), High: p(27_500_000_000), Currency: "GBP", Qualifier: flow.About}
	atLeast := flow.Money{Amount: p(8_100_000_000), Low: p(8_100_000_000), Currency: "GBP", Qualifier: flow.AtLeast}
	phrase := flow.Money{Low: p(10_000_000_000), High: p(100_000_000_000), Currency: "GBP", Qualifier: flow.Range, Phrase: "hundreds of millions"}
	same := &flow.Link{ID: "same", Kind: flow.Same, Claims: []string{"l1", "l2"}}
	for _, tc := range []struct {
		name     string
		unlinked []flow.Money
	}{
		{"one exact", []flow.Money{exact}},
		{"one about", []flow.Money{about}},
		{"two exact", []flow.Money{exact, exact}},
		{"exact and about", []flow.Money{exact, about}},
		{"at least", []flow.Money{exact, atLeast}},
		{"no point", []flow.Money{phrase, exact}},
	} {
		var unlinked []*flow.Flow
		for i, m := range tc.unlinked {
			unlinked = append(unlinked, claim(fmt.Sprintf("u%d", i), m, flow.Reported))
		}
		linked := []*flow.Flow{claim("l1", about, flow.Confirmed), claim("l2", exact, flow.Reported)}
		for _, withLinked := range []bool{false, true} {
			all, links := unlinked, []*flow.Link(nil)
			var part []flow.Total
			if withLinked {
				all, links = append(append([]*flow.Flow{}, unlinked...), linked...), []*flow.Link{same}
				var err error
				if part, err = flow.Totals(linked, nil, links, nil, []flow.TotalsDimension{flow.ByYear}); err != nil {
					t.Fatal(err)
				}
			}
			want, err := flow.Totals(all, nil, links, nil, []flow.TotalsDimension{flow.ByYear})
			if err != nil {
				t.Fatal(err)
			}
			got, err := flow.MergeTotals([]flow.GroupSum{sumsOf(t, unlinked)}, part)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || len(want) != 1 {
				t.Fatalf("%s: %d totals, want 1 and %d", tc.name, len(got), len(want))
			}
			g, w := got[0], want[0]
			g.Movements, w.Movements = nil, nil
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s (linked %v):\n got %+v %s\nwant %+v %s", tc.name, withLinked, g, g.Amount, w, w.Amount)
			}
		}
	}
}

// TestGroupSumMixedCurrencies: a group in two currencies cannot be added.
func TestGroupSumMixedCurrencies(t *testing.T) {
	_, err := flow.GroupSum{Count: 2, Currencies: []string{"GBP", "EUR"}, Qualifiers: []flow.Qualifier{flow.Exact}}.Amount()
	if flow.ErrorCode(err) != flow.EINVALID {
		t.Errorf("got %v, want INVALID", err)
	}
}
