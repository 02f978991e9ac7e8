package graph

import (
	"context"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// writer returns the name of the token allowed to write, or the error a
// client without one gets. Who may write is the API's concern; what a
// write must obey is the service's.
func (r *Resolver) writer(ctx context.Context) (string, error) {
	c := auth.CallerFrom(ctx)
	switch {
	case c.ReadOnly:
		return "", flow.Errorf(flow.EFORBIDDEN, "this server is read-only: no write tokens are configured")
	case c.Name == "":
		return "", flow.Errorf(flow.EUNAUTHENTICATED, "writes need a valid bearer token (Authorization: Bearer ...)")
	}
	return c.Name, nil
}

// omitted says which optional fields of an update's input were left out
// (null), by their API names: the service keeps their stored values.
type omitted map[string]bool

// names lists the fields left out.
func (o omitted) names() []string {
	var out []string
	for f, left := range o {
		if left {
			out = append(out, f)
		}
	}
	return out
}

// saveNode creates or updates a node as the caller; an update keeps the
// fields its input left out.
func (r *Resolver) saveNode(ctx context.Context, n flow.Node, a flow.Action, reason *string, left omitted) error {
	by, err := r.writer(ctx)
	if err != nil {
		return err
	}
	if a == flow.Created {
		return r.Ledger.CreateNode(ctx, by, n)
	}
	return r.Ledger.UpdateNode(ctx, by, n, str(reason), left.names()...)
}

// money converts an amount input; the service checks it.
func money(in model.MoneyInput) flow.Money {
	m := flow.Money{Amount: in.Amount, Low: in.Low, High: in.High, Qualifier: flow.Exact, Currency: flow.CurrencyGBP}
	if in.Qualifier != nil {
		m.Qualifier = *in.Qualifier
	}
	if in.Currency != nil {
		m.Currency = *in.Currency
	}
	return m
}

// citations converts citation inputs; the service dates and checks them.
func citations(in []*model.CitationInput) []flow.Citation {
	out := make([]flow.Citation, len(in))
	for i, c := range in {
		out[i] = flow.Citation{SourceID: c.Source, Quote: c.Quote}
	}
	return out
}

// recordFlow writes a new flow as the caller.
func (r *Resolver) recordFlow(ctx context.Context, in model.FlowInput) (*flow.Flow, error) {
	by, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	f := &flow.Flow{ID: in.ID, Kind: in.Kind, FromID: in.From, ToID: in.To, Year: flow.FinancialYear(str(in.Year)),
		Amount: money(*in.Amount), Status: in.Status, Note: str(in.Note), Citations: citations(in.Citations)}
	if err := r.Ledger.RecordFlow(ctx, by, f); err != nil {
		return nil, err
	}
	return f, nil
}

// correctFlow applies a correction as the caller.
func (r *Resolver) correctFlow(ctx context.Context, id string, amount model.MoneyInput, reason string, cites []*model.CitationInput) (*flow.Flow, error) {
	by, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	return r.Ledger.CorrectFlow(ctx, by, id, money(amount), citations(cites), reason)
}

// retractFlow withdraws a flow as the caller.
func (r *Resolver) retractFlow(ctx context.Context, id, reason string) (*flow.Flow, error) {
	by, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	return r.Ledger.RetractFlow(ctx, by, id, reason)
}
