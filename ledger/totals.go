package ledger

import (
	"context"
	"sort"

	"github.com/fundflow/fundflow/flow"
)

// Totals groups the flows that match f by the dimensions and by measure,
// and sums each group's movements: linked claims count once and parts
// never add beyond their whole. Unless f names them (by measure, kind or
// status), figures that are not money planned, spent or moved (announced,
// proposed, requested, needed) are left out. It also returns the nodes at
// the flows' ends and in the groups' keys, which it looked up to group by
// entity, so that the caller can label the groups without a second lookup.
//
// The store sums the flows no link names, each a movement of its own,
// and returns only the groups and the few flows that links name, which are
// summed here with their links (flow.Totals), and the two are added
// (flow.MergeTotals): the answer is what flow.Totals gives over every
// matching flow, figure for figure. Each total's Movements holds only the
// linked claims' movements; TotalMovements lists them all, page by page.
func (s *Service) Totals(ctx context.Context, groupBy []flow.TotalsDimension, f flow.FlowFilter) ([]flow.Total, map[string]flow.Node, error) {
	f.Measures = totalMeasures(f)
	q := flow.FlowQuery{Filter: f}
	if err := q.Filter.Check(); err != nil {
		return nil, nil, err
	}
	if err := flow.CheckGroupBy(groupBy); err != nil {
		return nil, nil, err
	}
	if err := s.exist(ctx, flowRefs(q)); err != nil {
		return nil, nil, err
	}
	tq := &flow.TotalsQuery{Filter: f, GroupBy: groupBy}
	sums, err := s.store.SumFlows(ctx, *tq, flow.MaxLinkedClaims)
	if err != nil {
		return nil, nil, err
	}
	if len(sums.Linked) > flow.MaxLinkedClaims {
		return nil, nil, flow.Errorf(flow.ETOOLARGE, "totals: more than %d of the flows summed are named by links; narrow the filter", flow.MaxLinkedClaims)
	}
	linked := sums.Linked
	ends := entityKeys(groupBy, sums.Groups)
	figures := make([]string, 0, len(linked))
	for _, fl := range linked {
		ends, figures = append(ends, fl.FromID, fl.ToID), append(figures, fl.ID)
	}
	nodes, err := s.store.NodesBrief(ctx, dedupe(ends))
	if err != nil {
		return nil, nil, err
	}
	var links []*flow.Link
	if len(figures) > 0 {
		if links, err = s.store.Links(ctx, figures); err != nil {
			return nil, nil, err
		}
	}
	wholes, err := s.wholes(ctx, links, figures)
	if err != nil {
		return nil, nil, err
	}
	sumsOfLinked, err := flow.Totals(linked, nodes, links, wholes, groupBy)
	if err != nil {
		return nil, nil, err
	}
	totals, err := flow.MergeTotals(sums.Groups, sumsOfLinked)
	if err != nil {
		return nil, nil, err
	}
	for i := range totals {
		totals[i].Query = tq
	}
	return totals, nodes, nil
}

// entityKeys lists the entity ids in the groups' keys, to label them.
func entityKeys(groupBy []flow.TotalsDimension, groups []flow.GroupSum) []string {
	var ids []string
	for i, d := range groupBy {
		if !d.Entity() {
			continue
		}
		for _, g := range groups {
			if g.Key[i] != "" {
				ids = append(ids, g.Key[i])
			}
		}
	}
	return ids
}

// TotalMovements lists the first movements of a total that Totals
// returned, in the order flow.Totals gives them (by their first claim's
// id): its linked claims' movements, which it holds, and its other claims,
// each a movement of its own, read from the store unless ListMovements
// read them ahead. first must lie within 1..flow.MaxMovements.
func (s *Service) TotalMovements(ctx context.Context, t *flow.Total, first int) ([]flow.Movement, error) {
	if err := checkFirst("movements", first); err != nil {
		return nil, err
	}
	if t.Brief {
		return nil, errBrief
	}
	if t.Listed != nil && first <= t.ListedFirst {
		return t.Listed[:min(first, len(t.Listed))], nil
	}
	if t.Query == nil || t.MovementCount == len(t.Movements) {
		return movementsOf(t, nil, first), nil
	}
	claims, err := s.store.GroupFlows(ctx, *t.Query, []flow.GroupKey{{Key: t.Key, Measure: t.Measure}}, first)
	if err != nil {
		return nil, err
	}
	return movementsOf(t, claims[0], first), nil
}

// ListMovements reads ahead the first movements of every total of one
// Totals answer, with one store call for them all rather than one per
// group, for a request that asks for every total's movements; each
// total's Listed then holds them. first must lie within
// 1..flow.MaxMovements.
func (s *Service) ListMovements(ctx context.Context, totals []*flow.Total, first int) error {
	if err := checkFirst("movements", first); err != nil {
		return err
	}
	var (
		q      *flow.TotalsQuery
		groups []flow.GroupKey
		asked  []*flow.Total
	)
	for _, t := range totals {
		switch {
		case t.Brief:
			return errBrief
		case t.Query == nil || t.MovementCount == len(t.Movements):
			t.Listed, t.ListedFirst = movementsOf(t, nil, first), first
		case q != nil && t.Query != q:
			return flow.Errorf(flow.EINTERNAL, "list movements: totals of different requests")
		default:
			q = t.Query
			groups = append(groups, flow.GroupKey{Key: t.Key, Measure: t.Measure})
			asked = append(asked, t)
		}
	}
	if len(asked) == 0 {
		return nil
	}
	claims, err := s.store.GroupFlows(ctx, *q, groups, first)
	if err != nil {
		return err
	}
	for i, t := range asked {
		t.Listed, t.ListedFirst = movementsOf(t, claims[i], first), first
	}
	return nil
}

// movementsOf merges a total's linked movements with the first of its
// other claims, each a movement of its own, and keeps the first.
func movementsOf(t *flow.Total, claims []*flow.Flow, first int) []flow.Movement {
	out := append(make([]flow.Movement, 0, len(t.Movements)+len(claims)), t.Movements...)
	for _, c := range claims {
		a := c.Amount
		a.Phrase = ""
		out = append(out, flow.Movement{Claims: []*flow.Flow{c}, Amount: a})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	if len(out) > first {
		out = out[:first]
	}
	return out
}

// errBrief refuses the movements or links of a total TotalSums returned,
// which holds neither: the caller should have asked Totals.
var errBrief = flow.Errorf(flow.EINTERNAL, "totals: the movements and links of brief totals were not kept; ask Totals for them")

// CheckTotalsPage refuses a page of a total's movements or links outside
// 1..flow.MaxMovements, so that a totals request asking for one is refused
// once, before it is summed.
func CheckTotalsPage(first int) error { return checkFirst("movements and links", first) }

// checkFirst refuses a page of a total's movements or links outside
// 1..flow.MaxMovements: over it, as a page over its maximum is refused.
func checkFirst(what string, first int) error {
	switch {
	case first < 1:
		return flow.Errorf(flow.EINVALID, "%s: first must be at least 1, got %d", what, first)
	case first > flow.MaxMovements:
		return flow.Errorf(flow.ETOOLARGE, "%s: first may be at most %d, got %d", what, flow.MaxMovements, first)
	}
	return nil
}

// totalMeasures is the measures a totals request sums: those it names, or
// the money measures plus any other that its kinds or statuses ask for.
func totalMeasures(f flow.FlowFilter) []flow.Measure {
	if len(f.Measures) > 0 {
		return f.Measures
	}
	ms := append([]flow.Measure(nil), flow.MoneyMeasures...)
	for _, k := range f.Kinds {
		switch k {
		case flow.Request:
			ms = append(ms, flow.MeasureRequested)
		case flow.Requirement:
			ms = append(ms, flow.MeasureNeeded)
		}
	}
	for _, st := range f.Statuses {
		switch st {
		case flow.Proposed:
			ms = append(ms, flow.MeasureProposed)
		case flow.Announced:
			ms = append(ms, flow.MeasureAnnounced)
		case flow.Requested:
			ms = append(ms, flow.MeasureRequested)
		case flow.Estimated:
			ms = append(ms, flow.MeasureNeeded)
		}
	}
	return ms
}

// wholes looks up the figure of every PART_OF link's whole that is not
// one of the figures summed: a budget line's figure, or a flow.
func (s *Service) wholes(ctx context.Context, links []*flow.Link, summed []string) (map[string]flow.Money, error) {
	have := map[string]bool{}
	for _, id := range summed {
		have[id] = true
	}
	want := map[string][]string{} // record -> figure suffixes ("" for a flow)
	for _, l := range links {
		if l.Kind == flow.PartOf && !have[l.Whole] {
			id, suffix := flow.SplitFigure(l.Whole)
			want[id] = append(want[id], suffix)
		}
	}
	out := map[string]flow.Money{}
	if len(want) == 0 {
		return out, nil
	}
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	lines, err := s.store.BudgetLines(ctx, flow.BudgetLineFilter{IDs: ids}, flow.Window{Limit: len(ids), NoCount: true})
	if err != nil {
		return nil, err
	}
	for _, b := range lines.Items {
		for _, suffix := range want[b.ID] {
			if m := b.Figure(suffix); m != nil {
				out[b.ID+":"+suffix] = *m
			}
		}
	}
	flows, err := s.store.Flows(ctx, flow.FlowFilter{IDs: ids}, flow.Window{Limit: len(ids), NoCount: true})
	if err != nil {
		return nil, err
	}
	for _, f := range flows.Items {
		out[f.ID] = f.Amount
	}
	return out, nil
}

// TotalLinks returns the first links of a total, by id: those that joined
// its claims or bounded its parts. first must lie within
// 1..flow.MaxMovements.
func (s *Service) TotalLinks(t *flow.Total, first int) ([]*flow.Link, error) {
	if err := checkFirst("links", first); err != nil {
		return nil, err
	}
	if t.Brief {
		return nil, errBrief
	}
	if len(t.Links) > first {
		return t.Links[:first], nil
	}
	return t.Links, nil
}
