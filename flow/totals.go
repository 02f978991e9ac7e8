package flow

import "sort"

// TotalsDimension is what totals can be grouped by.
type TotalsDimension string

// The dimensions. For PROGRAMME, FUND and ORGANISATION a flow counts
// towards each entity of that type at either of its ends, so a diversion
// from one programme to another appears under both.
const (
	ByYear         TotalsDimension = "YEAR"
	ByProgramme    TotalsDimension = "PROGRAMME"
	ByFund         TotalsDimension = "FUND"
	ByOrganisation TotalsDimension = "ORGANISATION"
	ByKind         TotalsDimension = "KIND"
	ByStatus       TotalsDimension = "STATUS"
)

// Entity reports whether d groups by an entity at either end of a flow
// (a programme, fund or organisation), whose key is a node's id.
func (d TotalsDimension) Entity() bool {
	return d == ByProgramme || d == ByFund || d == ByOrganisation
}

// TotalsDimensions lists every dimension in schema order.
var TotalsDimensions = []TotalsDimension{ByYear, ByProgramme, ByFund, ByOrganisation, ByKind, ByStatus}

// Total is the sum of the movements of money in one group, in one
// measure: figures of different measures are never added together.
type Total struct {
	// Key holds one value per groupBy dimension, in order: a year, an
	// entity id, a kind or a status; "" where a flow has none (no year, or
	// no programme at either end).
	Key     []string
	Measure Measure
	// Count is the number of claims (flows) summed.
	Count int
	// Amount sums the movements: each adds the interval its claims jointly
	// support, parts never add beyond their whole, and the point is known
	// only where every movement states one. It is EXACT only if every
	// movement is.
	Amount Money
	// MovementCount is the number of movements the claims describe.
	MovementCount int
	// Movements are what was summed, each with its claims: every one from
	// Totals; from MergeTotals only the movements of claims that links
	// name (the others, one claim each, are listed from the store).
	Movements []Movement
	// Links are the links that joined claims or bounded parts.
	Links []*Link
	// Kinds and Statuses are those of the claims summed.
	Kinds    []FlowKind
	Statuses []Status
	// Query is the request the total answers, set by the service, so that
	// its movements can be listed page by page; nil from Totals.
	Query *TotalsQuery
	// Listed holds the first ListedFirst movements (all of them, when
	// fewer), when the service read them ahead for a request that asked for
	// the movements of every total at once.
	Listed      []Movement
	ListedFirst int
	// Brief reports that Movements, Links and Listed were left out (the
	// service's TotalSums), so that listing them is refused rather than
	// answered with none.
	Brief bool
	// Conflicting reports that some movement's claims cannot all be true,
	// or that parts exceed their whole: Amount then spans what the claims
	// say between them rather than picking one.
	Conflicting bool
}

// Movement is one movement of money: the claims that describe it (linked
// by SAME links, or one claim alone) and the amount they jointly support.
type Movement struct {
	Claims      []*Flow
	Amount      Money
	Conflicting bool
}

// ID names the movement by its first claim.
func (m Movement) ID() string { return m.Claims[0].ID }

// Totals groups flows by the dimensions and by measure, and sums each
// group's movements. nodes maps the flows' ends to their nodes, for the
// entity dimensions; links are the links that name any of the flows;
// wholes holds the figure of every PART_OF link's whole that is not itself
// one of the flows. Groups come in key order, with "" last, then by
// measure.
func Totals(flows []*Flow, nodes map[string]Node, links []*Link, wholes map[string]Money, groupBy []TotalsDimension) ([]Total, error) {
	if err := CheckGroupBy(groupBy); err != nil {
		return nil, err
	}
	type group struct {
		key    []string
		claims []*Flow
	}
	groups := map[string]*group{}
	for _, f := range flows {
		for _, key := range keys(f, nodes, groupBy) {
			key = append(key, string(f.Measure))
			id := joinKey(key)
			g, ok := groups[id]
			if !ok {
				g = &group{key: key}
				groups[id] = g
			}
			g.claims = append(g.claims, f)
		}
	}
	out := make([]Total, 0, len(groups))
	for _, g := range groups {
		t, err := sumGroup(g.claims, links, wholes)
		if err != nil {
			return nil, err
		}
		t.Key, t.Measure = g.key[:len(g.key)-1], Measure(g.key[len(g.key)-1])
		out = append(out, t)
	}
	sortTotals(out)
	return out, nil
}

// sumGroup sums one group's claims: SAME links join claims into movements,
// PART_OF links bound parts by their whole, and the movements are added.
func sumGroup(claims []*Flow, links []*Link, wholes map[string]Money) (Total, error) {
	sort.Slice(claims, func(i, j int) bool { return claims[i].ID < claims[j].ID })
	t := Total{Count: len(claims)}
	index := map[string]int{} // claim id -> position in claims
	for i, c := range claims {
		index[c.ID] = i
	}
	// Union-find over SAME links restricted to this group's claims.
	parent := make([]int, len(claims))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	used := map[*Link]bool{}
	for _, l := range links {
		if l.Kind != Same {
			continue
		}
		first := -1
		for _, id := range l.Claims {
			i, ok := index[id]
			if !ok {
				continue
			}
			if first < 0 {
				first = i
				continue
			}
			parent[find(i)] = find(first)
			used[l] = true
		}
	}
	byRoot := map[int]*Movement{}
	var movements []*Movement
	for i, c := range claims {
		r := find(i)
		m, ok := byRoot[r]
		if !ok {
			m = &Movement{Amount: c.Amount}
			byRoot[r] = m
			movements = append(movements, m)
		} else if !m.Conflicting {
			if joint, ok := m.Amount.Intersect(c.Amount); ok {
				m.Amount = joint
			} else {
				m.Conflicting = true
			}
		}
		m.Claims = append(m.Claims, c)
	}
	for _, m := range movements {
		if m.Conflicting {
			m.Amount = m.Claims[0].Amount
			for _, c := range m.Claims[1:] {
				m.Amount = m.Amount.Hull(c.Amount)
			}
		}
		m.Amount.Phrase = ""
		t.Movements = append(t.Movements, *m)
	}
	movementOf := func(figure string) *Movement {
		if i, ok := index[figure]; ok {
			return byRoot[find(i)]
		}
		return nil
	}
	// PART_OF links: the parts add up to no more than their whole.
	items := map[*Movement]Money{}
	for _, m := range movements {
		items[m] = m.Amount
	}
	for _, l := range links {
		if l.Kind != PartOf {
			continue
		}
		var parts []*Movement
		for _, id := range l.Claims {
			if m := movementOf(id); m != nil && !containsMovement(parts, m) {
				if _, live := items[m]; live {
					parts = append(parts, m)
				}
			}
		}
		if len(parts) == 0 {
			continue
		}
		whole := movementOf(l.Whole)
		if _, live := items[whole]; whole != nil && !live {
			whole = nil // consumed by an earlier link: bound by its figure
		}
		var sum Money
		for i, p := range parts {
			if p == whole {
				continue
			}
			if i == 0 || sum.Currency == "" {
				sum = items[p]
				continue
			}
			var err error
			if sum, err = sum.Add(items[p]); err != nil {
				return t, err
			}
		}
		if sum.Currency == "" {
			continue
		}
		used[l] = true
		for _, p := range parts {
			if p != whole {
				delete(items, p)
			}
		}
		if whole != nil {
			// The whole is summed already and holds its parts: they add
			// nothing, but they tell the whole's lower bound.
			w := items[whole]
			if sum.Low != nil && (w.Low == nil || *sum.Low > *w.Low) {
				w.Low = sum.Low
				w.Qualifier = Range
			}
			if w.Low != nil && w.High != nil && *w.Low > *w.High {
				t.Conflicting = true
			}
			items[whole] = w
			continue
		}
		wm, ok := wholes[l.Whole]
		if !ok {
			items[parts[0]] = sum // the whole is unknown: the parts stand alone
			continue
		}
		if wm.High != nil && (sum.High == nil || *sum.High > *wm.High) {
			sum.High = wm.High
			sum.Qualifier = Range
		}
		if sum.Low != nil && sum.High != nil && *sum.Low > *sum.High {
			t.Conflicting = true
		}
		if sum.Amount != nil && sum.High != nil && *sum.Amount > *sum.High {
			sum.Amount = nil
		}
		items[parts[0]] = sum
	}
	first := true
	for _, m := range movements {
		a, ok := items[m]
		if !ok {
			continue
		}
		if m.Conflicting {
			t.Conflicting = true
		}
		if first {
			t.Amount, first = a, false
			continue
		}
		var err error
		if t.Amount, err = t.Amount.Add(a); err != nil {
			return t, err
		}
	}
	t.Amount = settle(t.Amount, len(items) > 0)
	t.MovementCount = len(t.Movements)
	for _, c := range claims {
		t.Kinds = append(t.Kinds, c.Kind)
		t.Statuses = append(t.Statuses, c.Status)
	}
	t.Kinds, t.Statuses = sortedKinds(t.Kinds), sortedStatuses(t.Statuses)
	for _, l := range links {
		if used[l] {
			t.Links = append(t.Links, l)
		}
	}
	return t, nil
}

func containsMovement(ms []*Movement, m *Movement) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

func indexOf[T comparable](v T, all []T) int {
	for i, a := range all {
		if a == v {
			return i
		}
	}
	return len(all)
}

func equalKey(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// keys returns every group key a flow belongs to: the cross product of its
// values in each dimension.
func keys(f *Flow, nodes map[string]Node, groupBy []TotalsDimension) [][]string {
	out := [][]string{{}}
	for _, d := range groupBy {
		vals := values(f, nodes, d)
		var next [][]string
		for _, k := range out {
			for _, v := range vals {
				next = append(next, append(append([]string{}, k...), v))
			}
		}
		out = next
	}
	return out
}

func values(f *Flow, nodes map[string]Node, d TotalsDimension) []string {
	switch d {
	case ByYear:
		return []string{string(f.Year)}
	case ByKind:
		return []string{string(f.Kind)}
	case ByStatus:
		return []string{string(f.Status)}
	}
	var vals []string
	for _, id := range []string{f.FromID, f.ToID} {
		var ok bool
		switch nodes[id].(type) {
		case *Programme:
			ok = d == ByProgramme
		case *Fund:
			ok = d == ByFund
		case *Organisation:
			ok = d == ByOrganisation
		}
		if ok && !oneOf(id, vals) {
			vals = append(vals, id)
		}
	}
	if len(vals) == 0 {
		return []string{""}
	}
	return vals
}

func joinKey(k []string) string {
	s := ""
	for _, v := range k {
		s += v + "\x00"
	}
	return s
}

// lessKey orders keys value by value, with "" (none) after everything.
func lessKey(a, b []string) bool {
	for i := range a {
		switch {
		case a[i] == b[i]:
			continue
		case a[i] == "":
			return false
		case b[i] == "":
			return true
		}
		return a[i] < b[i]
	}
	return false
}
