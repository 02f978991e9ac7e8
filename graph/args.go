package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// pageArgs gathers GraphQL's optional first, after, last and before; the
// service checks them.
func pageArgs(first *int, after *string, last *int, before *string) flow.PageArgs {
	return flow.PageArgs{First: first, After: str(after), Last: last, Before: str(before)}
}

// countWhenAsked lets the store skip counting a list whose totalCount the
// query does not select, since counting reads every matching row. (A
// nested list's batch is keyed by its page arguments, NoCount included, so
// a parent that selects totalCount is never answered by a batch that did
// not count.)
func countWhenAsked(ctx context.Context, p flow.PageArgs) flow.PageArgs {
	p.NoCount = !selects(ctx, "totalCount")
	return p
}

// selects reports whether the field being resolved selects a field of
// name, directly or in any fragment. It errs towards true: a field under
// @skip, or in a fragment of another type, still counts as selected, and so
// does anything resolved outside a GraphQL operation.
func selects(ctx context.Context, name string) bool {
	if !graphql.HasOperationContext(ctx) {
		return true
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return true
	}
	return inSelection(graphql.GetOperationContext(ctx).Doc, fc.Field.Selections, name, map[string]bool{})
}

func inSelection(doc *ast.QueryDocument, set ast.SelectionSet, name string, seen map[string]bool) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == name {
				return true
			}
		case *ast.InlineFragment:
			if inSelection(doc, s.SelectionSet, name, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if doc == nil {
				return true
			}
			if f := doc.Fragments.ForName(s.Name); f == nil || inSelection(doc, f.SelectionSet, name, seen) {
				return true
			}
		}
	}
	return false
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
