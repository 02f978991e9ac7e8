package flow

// Scope narrows a list to ids the request names outside its filter: a
// shorthand argument (diversions(from:), budgetLines(programme:),
// programmes(fund:)) or the parents of a child list (a fund's outflows).
// Each list it gives, when not nil, is intersected with the filter's list
// of the same field, so a scope only ever narrows the answer: where the two
// share no id, nothing matches. The service checks that the ids of both
// name records before it narrows. A query uses only the lists of its own
// fields: a flow query FromIDs and ToIDs, a budget line query
// ProgrammeIDs, a node query FundIDs.
type Scope struct {
	FromIDs, ToIDs []string
	ProgrammeIDs   []string
	FundIDs        []string
	// Parents says the ids are a child list's parents, read from the store
	// for this very request: only the filter's ids need checking, which
	// spares every nested list a round trip.
	Parents bool
}

// Within returns f narrowed to s, and false when nothing can match.
func (f FlowFilter) Within(s Scope) (FlowFilter, bool) {
	var okFrom, okTo bool
	f.FromIDs, okFrom = narrow(f.FromIDs, s.FromIDs)
	f.ToIDs, okTo = narrow(f.ToIDs, s.ToIDs)
	return f, okFrom && okTo
}

// Within returns f narrowed to s, and false when nothing can match.
func (f BudgetLineFilter) Within(s Scope) (BudgetLineFilter, bool) {
	var ok bool
	f.ProgrammeIDs, ok = narrow(f.ProgrammeIDs, s.ProgrammeIDs)
	return f, ok
}

// Within returns f narrowed to s, and false when nothing can match.
func (f NodeFilter) Within(s Scope) (NodeFilter, bool) {
	var ok bool
	f.FundIDs, ok = narrow(f.FundIDs, s.FundIDs)
	return f, ok
}

// narrow intersects a filter list with a scope list. A nil list is no
// filter, so the scope is the answer; an empty result, which a store would
// read as no filter at all, reports that nothing matches instead.
func narrow(list, scope []string) ([]string, bool) {
	switch {
	case scope == nil:
		return list, true
	case list == nil:
		return scope, len(scope) > 0
	}
	var out []string
	for _, id := range list {
		if oneOf(id, scope) && !oneOf(id, out) {
			out = append(out, id)
		}
	}
	return out, len(out) > 0
}

// End names the end of a flow that is its parent in a child list: a
// node's outflows are the flows from it, its inflows those to it.
type End int

// The ends of a flow.
const (
	FromEnd End = iota
	ToEnd
)
