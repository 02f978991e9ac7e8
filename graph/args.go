package graph

import (
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// pageArgs gathers GraphQL's optional first, after, last and before; the
// service checks them.
func pageArgs(first *int, after *string, last *int, before *string) flow.PageArgs {
	return flow.PageArgs{First: first, After: str(after), Last: last, Before: str(before)}
}

// year passes an optional financial year argument on as written; the
// service checks it.
func year(s *string) flow.FinancialYear { return flow.FinancialYear(str(s)) }

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
