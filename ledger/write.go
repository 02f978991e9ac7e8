package ledger

import (
	"context"
	"strings"
	"time"

	"github.com/fundflow/fundflow/flow"
)

// revision starts the record of a change by the named writer, stamped by
// the service's clock.
func (s *Service) revision(id string, a flow.Action, by, reason string) flow.Revision {
	return flow.Revision{RecordID: id, Action: a, At: s.now().UTC().Format(time.RFC3339), By: by, Reason: strings.TrimSpace(reason)}
}

// known looks up the kinds of the ids a write refers to, and the day each
// cited source was published by.
func (s *Service) known(ctx context.Context, ids []string) (map[string]flow.RecordKind, map[string]flow.Date, error) {
	nodes, err := s.store.Nodes(ctx, dedupe(ids))
	if err != nil {
		return nil, nil, err
	}
	kinds, dates := map[string]flow.RecordKind{}, map[string]flow.Date{}
	for id, n := range nodes {
		kinds[id] = flow.KindOf(n)
		if src, ok := n.(*flow.Source); ok {
			dates[id] = flow.LatestDay(src.Published)
		}
	}
	return kinds, dates, nil
}

// dated gives citations the publication day of their sources and trims
// their quotes, as a load does.
func dated(cs []flow.Citation, dates map[string]flow.Date) []flow.Citation {
	out := make([]flow.Citation, len(cs))
	for i, c := range cs {
		out[i] = flow.Citation{SourceID: c.SourceID, Quote: strings.TrimSpace(c.Quote), Published: dates[c.SourceID]}
	}
	return out
}

// CreateNode writes a new fund, programme, organisation or source by the
// named writer, in the API's own dataset (so that reloading a curated file
// never removes it).
func (s *Service) CreateNode(ctx context.Context, by string, n flow.Node) error {
	return s.saveNode(ctx, by, n, flow.Created, "")
}

// UpdateNode rewrites an existing node, keeping it in its dataset; the id
// must already name a node of the same kind.
func (s *Service) UpdateNode(ctx context.Context, by string, n flow.Node, reason string) error {
	return s.saveNode(ctx, by, n, flow.Updated, reason)
}

func (s *Service) saveNode(ctx context.Context, by string, n flow.Node, a flow.Action, reason string) error {
	var refs []string
	if p, ok := n.(*flow.Programme); ok && p.FundID != "" {
		refs = append(refs, p.FundID)
	}
	kinds, _, err := s.known(ctx, refs)
	if err != nil {
		return err
	}
	if err := flow.Invalid(n.NodeID(), flow.CheckNode(n, kinds)); err != nil {
		return err
	}
	rev := s.revision(n.NodeID(), a, by, reason)
	return s.store.SaveNode(ctx, n.NodeID(), func(cur flow.Current) (flow.Node, flow.Revision, error) {
		if err := flow.CheckSave(n, a, cur); err != nil {
			return nil, rev, err
		}
		dataset := cur.Dataset
		if !cur.Exists() {
			dataset = flow.APIDataset
		}
		setDataset(n, dataset)
		return n, rev, nil
	})
}

// setDataset places a node in a dataset.
func setDataset(n flow.Node, dataset string) {
	switch n := n.(type) {
	case *flow.Fund:
		n.Dataset = dataset
	case *flow.Programme:
		n.Dataset = dataset
	case *flow.Organisation:
		n.Dataset = dataset
	case *flow.Source:
		n.Dataset = dataset
	}
}

// RecordFlow writes a new flow by the named writer, in the API's dataset,
// checked with the rules a load applies. f is completed in place, as it is
// stored: its amount normalized, its citations dated from their sources,
// known from the earliest of them, and in the API's dataset.
func (s *Service) RecordFlow(ctx context.Context, by string, f *flow.Flow) error {
	refs := []string{f.FromID, f.ToID}
	for _, c := range f.Citations {
		refs = append(refs, c.SourceID)
	}
	kinds, dates, err := s.known(ctx, refs)
	if err != nil {
		return err
	}
	f.Amount = f.Amount.Normalized()
	f.Measure = flow.MeasureOf(f.Kind, f.Status)
	f.Citations = dated(f.Citations, dates)
	f.KnownFrom = flow.Earliest(f.Citations)
	f.Dataset = flow.APIDataset
	if err := flow.Invalid(f.ID, flow.CheckFlow(f, kinds)); err != nil {
		return err
	}
	rev := s.revision(f.ID, flow.Created, by, "")
	rev.Amount, rev.Status = &f.Amount, f.Status
	return s.store.RecordFlow(ctx, f.ID, func(cur flow.Current) (*flow.Flow, flow.Revision, error) {
		if cur.Exists() {
			return nil, rev, flow.Errorf(flow.ECONFLICT, "id %s is already in use by a %s", f.ID, cur.Kind)
		}
		return f, rev, nil
	})
}

// CorrectFlow replaces a flow's amount, adding the citations given for the
// correction. Nothing is overwritten that History cannot show: the
// revision keeps the amount it replaced.
func (s *Service) CorrectFlow(ctx context.Context, by, id string, amount flow.Money, cites []flow.Citation, reason string) (*flow.Flow, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, flow.Invalid(id, []flow.Problem{{ID: id, Field: "reason", Message: "a correction needs a reason"}})
	}
	amount = amount.Normalized()
	if err := flow.Invalid("amount", amount.Check("amount", false)); err != nil {
		return nil, err
	}
	var refs []string
	for _, c := range cites {
		refs = append(refs, c.SourceID)
	}
	kinds, dates, err := s.known(ctx, refs)
	if err != nil {
		return nil, err
	}
	cites = dated(cites, dates)
	if err := flow.Invalid(id, flow.CheckCitations(id, cites, kinds)); err != nil {
		return nil, err
	}
	rev := s.revision(id, flow.Corrected, by, reason)
	return s.store.UpdateFlow(ctx, id, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
		if cur == nil {
			return nil, rev, flow.Errorf(flow.ENOTFOUND, "no flow has id %s", id)
		}
		prev := cur.Amount
		next := *cur
		next.Amount = amount
		next.Citations = append(append([]flow.Citation(nil), cur.Citations...), cites...)
		next.KnownFrom = flow.Earliest(next.Citations)
		rev.Previous, rev.Amount, rev.PreviousStatus, rev.Status = &prev, &next.Amount, cur.Status, cur.Status
		return &next, rev, nil
	})
}

// RetractFlow withdraws a flow: its status becomes RETRACTED, it keeps its
// history, and lists, totals and traces leave it out unless asked for.
func (s *Service) RetractFlow(ctx context.Context, by, id, reason string) (*flow.Flow, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, flow.Invalid(id, []flow.Problem{{ID: id, Field: "reason", Message: "a retraction needs a reason"}})
	}
	rev := s.revision(id, flow.Retraction, by, reason)
	return s.store.UpdateFlow(ctx, id, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
		switch {
		case cur == nil:
			return nil, rev, flow.Errorf(flow.ENOTFOUND, "no flow has id %s", id)
		case cur.Status == flow.Retracted:
			return nil, rev, flow.Errorf(flow.ECONFLICT, "flow %s is already retracted", id)
		}
		next := *cur
		next.Status = flow.Retracted
		rev.PreviousStatus, rev.Status, rev.Previous, rev.Amount = cur.Status, flow.Retracted, &cur.Amount, &next.Amount
		return &next, rev, nil
	})
}
