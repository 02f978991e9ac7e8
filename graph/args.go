package graph

import (
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// pageArgs converts GraphQL's optional first, after, last and before. An
// explicit size below 1 is an error rather than a silent default.
func pageArgs(first *int, after *string, last *int, before *string) (flow.PageArgs, error) {
	var p flow.PageArgs
	for name, n := range map[string]*int{"first": first, "last": last} {
		if n != nil && *n < 1 {
			return p, flow.Errorf(flow.EINVALID, "%s must be at least 1, got %d", name, *n)
		}
	}
	if first != nil {
		p.First = *first
	}
	if last != nil {
		p.Last = *last
	}
	if after != nil {
		p.After = *after
	}
	if before != nil {
		p.Before = *before
	}
	return p, nil
}

// yearArg validates an optional financial year argument.
func yearArg(s *string) (flow.FinancialYear, error) {
	if s == nil || *s == "" {
		return "", nil
	}
	fy, err := flow.ParseFinancialYear(*s)
	if err != nil {
		return "", flow.Errorf(flow.EINVALID, "year: %v", err)
	}
	return fy, nil
}

func ids(id *string) []string {
	if id == nil {
		return nil
	}
	return []string{*id}
}

func derefs[T any](xs []*T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = *x
	}
	return out
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// flowFilter returns where (or nothing) with asOf applied.
func flowFilter(where *flow.FlowFilter, asOf *flow.Date) flow.FlowFilter {
	var f flow.FlowFilter
	if where != nil {
		f = *where
	}
	if asOf != nil {
		f.AsOf = *asOf
	}
	return f
}

// budgetFilter returns where (or nothing) with asOf applied.
func budgetFilter(where *flow.BudgetLineFilter, asOf *flow.Date) flow.BudgetLineFilter {
	var f flow.BudgetLineFilter
	if where != nil {
		f = *where
	}
	if asOf != nil {
		f.AsOf = *asOf
	}
	return f
}

// intersect narrows a filter list to the allowed values: nil means no
// filter yet, so the allowed values are the list.
func intersect(filter, allowed []string) []string {
	if filter == nil {
		return allowed
	}
	out := []string{}
	for _, f := range filter {
		for _, a := range allowed {
			if f == a {
				out = append(out, f)
			}
		}
	}
	return out
}

func nodeFilterOf(ids []string, name *string) flow.NodeFilter {
	return flow.NodeFilter{IDs: ids, NameContains: str(name)}
}

func fundFilter(w *model.FundFilter) flow.NodeFilter {
	if w == nil {
		return flow.NodeFilter{}
	}
	return nodeFilterOf(w.Ids, w.NameContains)
}

func programmeFilter(w *model.ProgrammeFilter) flow.NodeFilter {
	if w == nil {
		return flow.NodeFilter{}
	}
	f := nodeFilterOf(w.Ids, w.NameContains)
	f.FundIDs = w.Fund
	return f
}

func organisationFilter(w *model.OrganisationFilter) flow.NodeFilter {
	if w == nil {
		return flow.NodeFilter{}
	}
	f := nodeFilterOf(w.Ids, w.NameContains)
	f.Kinds = w.Kind
	return f
}

func sourceFilter(w *model.SourceFilter) flow.NodeFilter {
	if w == nil {
		return flow.NodeFilter{}
	}
	return nodeFilterOf(w.Ids, w.NameContains)
}
