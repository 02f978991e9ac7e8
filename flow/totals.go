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

// TotalsDimensions lists every dimension in schema order.
var TotalsDimensions = []TotalsDimension{ByYear, ByProgramme, ByFund, ByOrganisation, ByKind, ByStatus}

// Total is the sum of the flows in one group.
type Total struct {
	// Key holds one value per groupBy dimension, in order: a year, an
	// entity id, a kind or a status; "" where a flow has none (no year, or
	// no programme at either end).
	Key   []string
	Count int
	// Amount sums the stated amounts, and its bounds sum the bounds, so the
	// uncertainty of what was summed survives: it is EXACT only if every
	// amount was.
	Amount Money
}

// Totals groups flows by the dimensions and sums each group. nodes maps the
// flows' ends to their nodes, for the entity dimensions. Groups come in key
// order, with "" last.
func Totals(flows []*Flow, nodes map[string]Node, groupBy []TotalsDimension) ([]Total, error) {
	if len(groupBy) == 0 {
		return nil, Errorf(EINVALID, "groupBy needs at least one dimension")
	}
	seen := map[TotalsDimension]bool{}
	for _, d := range groupBy {
		if !oneOf(d, TotalsDimensions) {
			return nil, Errorf(EINVALID, "groupBy: unknown dimension %q", d)
		}
		if seen[d] {
			return nil, Errorf(EINVALID, "groupBy: %s given twice", d)
		}
		seen[d] = true
	}
	groups := map[string]*Total{}
	for _, f := range flows {
		for _, key := range keys(f, nodes, groupBy) {
			id := joinKey(key)
			g, ok := groups[id]
			if !ok {
				groups[id] = &Total{Key: key, Count: 1, Amount: f.Amount}
				continue
			}
			sum, err := g.Amount.Add(f.Amount)
			if err != nil {
				return nil, err
			}
			g.Count, g.Amount = g.Count+1, sum
		}
	}
	out := make([]Total, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return lessKey(out[i].Key, out[j].Key) })
	return out, nil
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
