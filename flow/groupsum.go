package flow

import "sort"

// TotalsQuery is a checked totals request as a store sums it: the flows
// that match Filter (its measures resolved), grouped by GroupBy, in order,
// and by measure.
type TotalsQuery struct {
	Filter  FlowFilter
	GroupBy []TotalsDimension
}

// MaxLinkedClaims bounds the flows that links name which one totals
// request sums in the service: those are summed row by row, the rest in
// the store. Links are curated, a few per programme and year: the
// generated million-flow dataset's 14,286 links name about 28,600 of its
// flows (each an allocation and the budget figure that plans it), which
// 20,000 refused, so totals over everything failed at that size.
const MaxLinkedClaims = 50_000

// The bounds on a total's movements listed at once: a group may hold a
// million claims, so they are read only when asked for, a page at a time.
const (
	DefaultMovements = 100
	MaxMovements     = 500
)

// GroupSum is one group's sum over the matching flows that no link names,
// as a store computes it: each such flow is a movement of its own, so the
// sum is plain interval arithmetic, which Amount turns into Money exactly
// as Money.Add would.
type GroupSum struct {
	// Key holds one value per dimension, as Total.Key does.
	Key     []string
	Measure Measure
	// Count is the number of flows summed.
	Count int
	// Point, Low and High sum the flows' figures and bounds, each nil where
	// any flow lacks it.
	Point, Low, High *Pence
	// Qualifiers, Kinds and Statuses are the distinct values the flows
	// hold; Currencies holds one currency when every flow is in it, more
	// otherwise.
	Qualifiers []Qualifier
	Currencies []string
	Kinds      []FlowKind
	Statuses   []Status
}

// GroupKey names one group of a TotalsQuery: its key and measure.
type GroupKey struct {
	Key     []string
	Measure Measure
}

// FlowSums is a store's answer to a TotalsQuery: the sums of the flows
// that no link names, and the matching flows that some link names, which
// the service sums with their links.
type FlowSums struct {
	Groups []GroupSum
	// Linked holds the matching flows that a link names (as a claim or as
	// the whole), in id order, with their citations as Flows gives them,
	// at most the limit asked for plus one.
	Linked []*Flow
}

// Amount is the sum of the group's flows as adding them one by one with
// Money.Add gives: the figure itself for one flow; for more, EXACT only
// when every flow is, otherwise a RANGE, with a point and bounds only
// where every flow has them.
func (g GroupSum) Amount() (Money, error) {
	if len(g.Currencies) != 1 {
		return Money{}, Errorf(EINVALID, "cannot add amounts in %d currencies %v", len(g.Currencies), g.Currencies)
	}
	m := Money{Amount: g.Point, Low: g.Low, High: g.High, Currency: g.Currencies[0], Qualifier: Range}
	switch {
	case g.Count == 1 && len(g.Qualifiers) == 1:
		m.Qualifier = g.Qualifiers[0]
	case len(g.Qualifiers) == 1 && g.Qualifiers[0] == Exact && g.Point != nil:
		m.Qualifier = Exact
	}
	return m, nil
}

// CheckGroupBy refuses a grouping without a dimension, with an unknown
// one, or with one given twice.
func CheckGroupBy(groupBy []TotalsDimension) error {
	if len(groupBy) == 0 {
		return Errorf(EINVALID, "groupBy needs at least one dimension")
	}
	seen := map[TotalsDimension]bool{}
	for _, d := range groupBy {
		if !oneOf(d, TotalsDimensions) {
			return Errorf(EINVALID, "groupBy: unknown dimension %q", d)
		}
		if seen[d] {
			return Errorf(EINVALID, "groupBy: %s given twice", d)
		}
		seen[d] = true
	}
	return nil
}

// MergeTotals adds a store's group sums, over the flows no link names, to
// the totals of the linked flows (Totals over them alone, with their
// links): the result is what Totals gives over every flow, except that
// each total's Movements holds only the linked flows' movements, while
// MovementCount counts all of them. Every flow the store summed is a
// movement of its own, so the sums add as movements do.
func MergeTotals(sums []GroupSum, linked []Total) ([]Total, error) {
	byKey := make(map[string]int, len(linked))
	out := make([]Total, 0, len(sums)+len(linked))
	for _, t := range linked {
		byKey[joinKey(append(append([]string{}, t.Key...), string(t.Measure)))] = len(out)
		out = append(out, t)
	}
	for _, g := range sums {
		a, err := g.Amount()
		if err != nil {
			return nil, err
		}
		i, ok := byKey[joinKey(append(append([]string{}, g.Key...), string(g.Measure)))]
		if !ok {
			out = append(out, Total{Key: g.Key, Measure: g.Measure, Count: g.Count, MovementCount: g.Count,
				Amount: settle(a, true), Kinds: sortedKinds(g.Kinds), Statuses: sortedStatuses(g.Statuses)})
			continue
		}
		t := &out[i]
		if t.Amount.Currency == "" { // the linked claims left nothing to add
			t.Amount = a
		} else if t.Amount, err = t.Amount.Add(a); err != nil {
			return nil, err
		}
		t.Amount = settle(t.Amount, true)
		t.Count += g.Count
		t.MovementCount += g.Count
		t.Kinds = sortedKinds(append(t.Kinds, g.Kinds...))
		t.Statuses = sortedStatuses(append(t.Statuses, g.Statuses...))
	}
	sortTotals(out)
	return out, nil
}

// settle finishes a sum: it keeps no phrase (a sum is no source's
// words), and an EXACT sum whose bounds are not its point is a RANGE.
func settle(m Money, some bool) Money {
	m.Phrase = ""
	if m.Qualifier == Exact && some && (m.Amount == nil || m.Low == nil || *m.Low != *m.Amount) {
		m.Qualifier = Range
	}
	return m
}

// sortedKinds returns the distinct kinds, in schema order.
func sortedKinds(ks []FlowKind) []FlowKind {
	var out []FlowKind
	for _, k := range ks {
		if !oneOf(k, out) {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return indexOf(out[i], FlowKinds) < indexOf(out[j], FlowKinds) })
	return out
}

// sortedStatuses returns the distinct statuses, in schema order.
func sortedStatuses(ss []Status) []Status {
	var out []Status
	for _, s := range ss {
		if !oneOf(s, out) {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return indexOf(out[i], Statuses) < indexOf(out[j], Statuses) })
	return out
}

// sortTotals puts totals in key order, with "" last, then by measure.
func sortTotals(out []Total) {
	sort.Slice(out, func(i, j int) bool {
		if !equalKey(out[i].Key, out[j].Key) {
			return lessKey(out[i].Key, out[j].Key)
		}
		return indexOf(out[i].Measure, Measures) < indexOf(out[j].Measure, Measures)
	})
}
