package ledger

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// People lists the people the sources name, by name unless ordered
// otherwise.
func (s *Service) People(ctx context.Context, q flow.PersonQuery) (*flow.Page[*flow.Person], error) {
	w, err := personWindow(q)
	if err != nil {
		return nil, err
	}
	return s.store.People(ctx, q.Filter, w)
}

// ChildPeople lists one page of people per organisation of
// q.Filter.OrganisationIDs, keyed by organisation, each paged by q.Page.
func (s *Service) ChildPeople(ctx context.Context, q flow.PersonQuery) (map[string]*flow.Page[*flow.Person], error) {
	w, err := personWindow(q)
	if err != nil {
		return nil, err
	}
	return childPages(ctx, q.Filter.OrganisationIDs, q.Filter, w, s.store.ChildPeople)
}

func personWindow(q flow.PersonQuery) (flow.Window, error) {
	o, err := flow.PersonOrdering(q.Order)
	if err != nil {
		return flow.Window{}, err
	}
	return sortkey.Window(q.Page, o)
}

// Facts lists the counts the sources give, by subject unless ordered
// otherwise.
func (s *Service) Facts(ctx context.Context, q flow.FactQuery) (*flow.Page[*flow.Fact], error) {
	w, err := factWindow(q)
	if err != nil {
		return nil, err
	}
	return s.store.Facts(ctx, q.Filter, w)
}

// ChildFacts lists one page of facts per subject of q.Filter.SubjectIDs,
// keyed by subject, each paged by q.Page.
func (s *Service) ChildFacts(ctx context.Context, q flow.FactQuery) (map[string]*flow.Page[*flow.Fact], error) {
	w, err := factWindow(q)
	if err != nil {
		return nil, err
	}
	return childPages(ctx, q.Filter.SubjectIDs, q.Filter, w, s.store.ChildFacts)
}

func factWindow(q flow.FactQuery) (flow.Window, error) {
	o, err := flow.FactOrdering(q.Order)
	if err != nil {
		return flow.Window{}, err
	}
	return sortkey.Window(q.Page, o)
}

// Statements lists what people said, in the order they said it unless
// ordered otherwise.
func (s *Service) Statements(ctx context.Context, q flow.StatementQuery) (*flow.Page[*flow.Statement], error) {
	w, err := statementWindow(q)
	if err != nil {
		return nil, err
	}
	return s.store.Statements(ctx, q.Filter, w)
}

// ChildStatements lists one page of statements per person of
// q.Filter.PersonIDs, keyed by person, each paged by q.Page.
func (s *Service) ChildStatements(ctx context.Context, q flow.StatementQuery) (map[string]*flow.Page[*flow.Statement], error) {
	w, err := statementWindow(q)
	if err != nil {
		return nil, err
	}
	return childPages(ctx, q.Filter.PersonIDs, q.Filter, w, s.store.ChildStatements)
}

func statementWindow(q flow.StatementQuery) (flow.Window, error) {
	o, err := flow.StatementOrdering(q.Order)
	if err != nil {
		return flow.Window{}, err
	}
	return sortkey.Window(q.Page, o)
}

// childPages asks the store for one window per parent, unless there are
// no parents, which the store would read as no filter at all.
func childPages[F, T any](ctx context.Context, parents []string, f F, w flow.Window,
	list func(context.Context, F, flow.Window) (map[string]*flow.Page[T], error)) (map[string]*flow.Page[T], error) {
	if len(parents) == 0 {
		return map[string]*flow.Page[T]{}, nil
	}
	return list(ctx, f, w)
}
