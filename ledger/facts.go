package ledger

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// People lists the people the sources name, by name unless ordered
// otherwise.
func (s *Service) People(ctx context.Context, q flow.PersonQuery) (*flow.Page[*flow.Person], error) {
	o, err := flow.PersonOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	w, err := sortkey.Window(q.Page, o)
	if err != nil {
		return nil, err
	}
	page, err := s.store.People(ctx, q.Filter, w)
	if err != nil {
		return nil, err
	}
	return page, whole(q.Page, page, "people")
}

// Facts lists the counts the sources give, by subject unless ordered
// otherwise.
func (s *Service) Facts(ctx context.Context, q flow.FactQuery) (*flow.Page[*flow.Fact], error) {
	o, err := flow.FactOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	w, err := sortkey.Window(q.Page, o)
	if err != nil {
		return nil, err
	}
	page, err := s.store.Facts(ctx, q.Filter, w)
	if err != nil {
		return nil, err
	}
	return page, whole(q.Page, page, "facts")
}

// Statements lists what people said, in the order they said it unless
// ordered otherwise.
func (s *Service) Statements(ctx context.Context, q flow.StatementQuery) (*flow.Page[*flow.Statement], error) {
	o, err := flow.StatementOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	w, err := sortkey.Window(q.Page, o)
	if err != nil {
		return nil, err
	}
	page, err := s.store.Statements(ctx, q.Filter, w)
	if err != nil {
		return nil, err
	}
	return page, whole(q.Page, page, "statements")
}
