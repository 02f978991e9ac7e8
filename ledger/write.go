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

// lookup is what a write's references name in the store: each id's kind,
// and for each cited source the last day it may have been published and
// its text, when it has one.
type lookup struct {
	kinds map[string]flow.RecordKind
	dates map[string]flow.Date
	texts map[string]string
}

// known looks up the records a write refers to, in one store call.
func (s *Service) known(ctx context.Context, ids []string) (lookup, error) {
	nodes, err := s.store.Nodes(ctx, dedupe(ids))
	if err != nil {
		return lookup{}, err
	}
	r := lookup{kinds: map[string]flow.RecordKind{}, dates: map[string]flow.Date{}, texts: map[string]string{}}
	for id, n := range nodes {
		r.kinds[id] = flow.KindOf(n)
		if src, ok := n.(*flow.Source); ok {
			r.dates[id] = flow.LatestDay(src.Published)
			if src.Verified() {
				r.texts[id] = src.Text
			}
		}
	}
	return r, nil
}

// today is the day, by the service's clock, that no date may lie after.
func (s *Service) today() flow.Date { return flow.Today(s.now()) }

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
	return s.saveNode(ctx, by, n, flow.Created, "", nil)
}

// UpdateNode rewrites an existing node, keeping it in its dataset; the id
// must already name a node of the same kind. keep names the fields the
// writer left out, by their API names ("aliases", "description", "text",
// ...): each keeps its stored value, where a field given, even empty,
// replaces it. The revision lists every field the update changed, with
// the value it replaced. n is completed in place, as it is stored.
func (s *Service) UpdateNode(ctx context.Context, by string, n flow.Node, reason string, keep ...string) error {
	return s.saveNode(ctx, by, n, flow.Updated, reason, keep)
}

func (s *Service) saveNode(ctx context.Context, by string, n flow.Node, a flow.Action, reason string, keep []string) error {
	var ids []string
	if p, ok := n.(*flow.Programme); ok && p.FundID != "" {
		ids = append(ids, p.FundID)
	}
	known, err := s.known(ctx, ids)
	if err != nil {
		return err
	}
	if err := flow.Invalid(n.NodeID(), flow.CheckNode(n, known.kinds, s.today())); err != nil {
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
		if cur.Node != nil {
			// What is kept was checked when it was stored.
			flow.Keep(n, cur.Node, keep)
		}
		setDataset(n, dataset)
		rev.Changes = flow.NodeChanges(cur.Node, n)
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
	known, err := s.known(ctx, refs)
	if err != nil {
		return err
	}
	f.Amount = f.Amount.Normalized()
	f.Measure = flow.MeasureOf(f.Kind, f.Status)
	f.Citations = dated(f.Citations, known.dates)
	f.KnownFrom = flow.Earliest(f.Citations)
	f.Dataset = flow.APIDataset
	if err := flow.Invalid(f.ID, flow.CheckFlow(f, known.kinds, known.texts)); err != nil {
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
// revision keeps the amount it replaced and lists every field it changed.
// A retracted flow is withdrawn and refuses corrections.
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
	known, err := s.known(ctx, refs)
	if err != nil {
		return nil, err
	}
	cites = dated(cites, known.dates)
	if err := flow.Invalid(id, flow.CheckCitations(id, cites, known.kinds, known.texts)); err != nil {
		return nil, err
	}
	rev := s.revision(id, flow.Corrected, by, reason)
	return s.store.UpdateFlow(ctx, id, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
		switch {
		case cur == nil:
			return nil, rev, flow.Errorf(flow.ENOTFOUND, "no flow has id %s", id)
		case cur.Status == flow.Retracted:
			return nil, rev, flow.Invalid(id, []flow.Problem{{ID: id, Field: "id", Value: id,
				Message: "the flow is retracted, and a retracted flow cannot be corrected; record a new flow instead"}})
		}
		prev := cur.Amount
		next := *cur
		next.Amount = amount
		next.Citations = append(append([]flow.Citation(nil), cur.Citations...), cites...)
		next.KnownFrom = flow.Earliest(next.Citations)
		rev.Previous, rev.Amount, rev.PreviousStatus, rev.Status = &prev, &next.Amount, cur.Status, cur.Status
		rev.Changes = flow.FlowChanges(cur, &next)
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
		rev.Changes = flow.FlowChanges(cur, &next)
		return &next, rev, nil
	})
}
