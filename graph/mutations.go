package graph

import (
	"context"
	"strings"
	"time"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// writer returns the name of the token allowed to write, or the error a
// client without one gets.
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

// revision starts the revision of a write by the caller.
func (r *Resolver) revision(ctx context.Context, id string, a flow.Action, reason *string) (flow.Revision, error) {
	by, err := r.writer(ctx)
	if err != nil {
		return flow.Revision{}, err
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	return flow.Revision{RecordID: id, Action: a, At: now().UTC().Format(time.RFC3339), By: by, Reason: strings.TrimSpace(str(reason))}, nil
}

// known looks up the record types of the ids a write refers to, with the
// day each source was published by.
func (r *Resolver) known(ctx context.Context, ids []string) (map[string]string, map[string]flow.Date, error) {
	nodes, err := r.Store.Nodes(ctx, dedupe(ids))
	if err != nil {
		return nil, nil, err
	}
	kinds, dates := map[string]string{}, map[string]flow.Date{}
	for id, n := range nodes {
		switch n := n.(type) {
		case *flow.Fund:
			kinds[id] = "fund"
		case *flow.Programme:
			kinds[id] = "programme"
		case *flow.Organisation:
			kinds[id] = "organisation"
		case *flow.Source:
			kinds[id], dates[id] = "source", flow.LatestDay(n.Published)
		}
	}
	return kinds, dates, nil
}

// saveNode checks and writes a node created or updated through the API.
func (r *Resolver) saveNode(ctx context.Context, n flow.Node, refs []string, a flow.Action, reason *string) error {
	rev, err := r.revision(ctx, n.NodeID(), a, reason)
	if err != nil {
		return err
	}
	kinds, _, err := r.known(ctx, refs)
	if err != nil {
		return err
	}
	if err := flow.Invalid(n.NodeID(), flow.CheckNode(n, kinds)); err != nil {
		return err
	}
	return r.Store.SaveNode(ctx, n, rev)
}

// money converts an amount input, reporting a bad one as EINVALID.
func money(in model.MoneyInput) (flow.Money, error) {
	m := flow.Money{Amount: in.Amount, Low: in.Low, High: in.High, Qualifier: flow.Exact, Currency: flow.CurrencyGBP}
	if in.Qualifier != nil {
		m.Qualifier = *in.Qualifier
	}
	if in.Currency != nil {
		m.Currency = *in.Currency
	}
	m = m.Normalized()
	return m, flow.Invalid("amount", m.Check("amount", false))
}

// citations converts citation inputs, dated from their sources.
func citations(in []*model.CitationInput, dates map[string]flow.Date) []flow.Citation {
	out := make([]flow.Citation, len(in))
	for i, c := range in {
		out[i] = flow.Citation{SourceID: c.Source, Quote: strings.TrimSpace(c.Quote), Published: dates[c.Source]}
	}
	return out
}

// recordFlow checks and writes a new flow.
func (r *Resolver) recordFlow(ctx context.Context, in model.FlowInput) (*flow.Flow, error) {
	rev, err := r.revision(ctx, in.ID, flow.Created, nil)
	if err != nil {
		return nil, err
	}
	refs := []string{in.From, in.To}
	for _, c := range in.Citations {
		refs = append(refs, c.Source)
	}
	kinds, dates, err := r.known(ctx, refs)
	if err != nil {
		return nil, err
	}
	f := &flow.Flow{ID: in.ID, Kind: in.Kind, FromID: in.From, ToID: in.To, Year: flow.FinancialYear(str(in.Year)),
		Amount: flow.Money{Amount: in.Amount.Amount, Low: in.Amount.Low, High: in.Amount.High, Qualifier: flow.Exact, Currency: flow.CurrencyGBP},
		Status: in.Status, Note: str(in.Note), Citations: citations(in.Citations, dates), Dataset: flow.APIDataset}
	if in.Amount.Qualifier != nil {
		f.Amount.Qualifier = *in.Amount.Qualifier
	}
	if in.Amount.Currency != nil {
		f.Amount.Currency = *in.Amount.Currency
	}
	for _, c := range f.Citations {
		if c.Published != "" && (f.KnownFrom == "" || c.Published < f.KnownFrom) {
			f.KnownFrom = c.Published
		}
	}
	if err := flow.Invalid(in.ID, flow.CheckFlow(f, kinds)); err != nil {
		return nil, err
	}
	rev.Amount, rev.Status = &f.Amount, f.Status
	if err := r.Store.RecordFlow(ctx, f, rev); err != nil {
		return nil, err
	}
	return f, nil
}

// correctFlow checks and applies a correction.
func (r *Resolver) correctFlow(ctx context.Context, id string, amount model.MoneyInput, reason string, cites []*model.CitationInput) (*flow.Flow, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, flow.Invalid(id, []flow.Problem{{ID: id, Field: "reason", Message: "a correction needs a reason"}})
	}
	rev, err := r.revision(ctx, id, flow.Corrected, &reason)
	if err != nil {
		return nil, err
	}
	m, err := money(amount)
	if err != nil {
		return nil, err
	}
	var refs []string
	for _, c := range cites {
		refs = append(refs, c.Source)
	}
	kinds, dates, err := r.known(ctx, refs)
	if err != nil {
		return nil, err
	}
	var ps []flow.Problem
	for _, c := range cites {
		if kinds[c.Source] != "source" {
			ps = append(ps, flow.Problem{ID: id, Field: "citations.source", Value: c.Source, Message: "no source has this id"})
		}
		if strings.TrimSpace(c.Quote) == "" {
			ps = append(ps, flow.Problem{ID: id, Field: "citations.quote", Message: "quote is required"})
		}
	}
	if err := flow.Invalid(id, ps); err != nil {
		return nil, err
	}
	return r.Store.CorrectFlow(ctx, id, m, citations(cites, dates), rev)
}

// retractFlow withdraws a flow.
func (r *Resolver) retractFlow(ctx context.Context, id, reason string) (*flow.Flow, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, flow.Invalid(id, []flow.Problem{{ID: id, Field: "reason", Message: "a retraction needs a reason"}})
	}
	rev, err := r.revision(ctx, id, flow.Retraction, &reason)
	if err != nil {
		return nil, err
	}
	return r.Store.RetractFlow(ctx, id, rev)
}
