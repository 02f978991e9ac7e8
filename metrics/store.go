package metrics

import (
	"context"
	"time"

	"github.com/fundflow/fundflow/flow"
)

// Store wraps st so that every call is timed, and every load's rows
// counted.
func Store(st flow.Store, m *Metrics) flow.Store { return &store{next: st, m: m} }

type store struct {
	next flow.Store
	m    *Metrics
}

// observe times one call.
func observe[T any](m *Metrics, method string, call func() (T, error)) (T, error) {
	start := time.Now()
	v, err := call()
	m.StoreCall(method, time.Since(start), err)
	return v, err
}

func (s *store) Load(ctx context.Context, ds *flow.Dataset, decide func(flow.LoadState) (flow.LoadPlan, error)) (*flow.LoadReport, error) {
	rep, err := observe(s.m, "Load", func() (*flow.LoadReport, error) { return s.next.Load(ctx, ds, decide) })
	if err == nil {
		s.m.Loaded(rep.Counts)
	}
	return rep, err
}

func (s *store) Counts(ctx context.Context) (flow.Counts, error) {
	return observe(s.m, "Counts", func() (flow.Counts, error) { return s.next.Counts(ctx) })
}

func (s *store) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	return observe(s.m, "Nodes", func() (map[string]flow.Node, error) { return s.next.Nodes(ctx, ids) })
}

func (s *store) NodesBrief(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	return observe(s.m, "NodesBrief", func() (map[string]flow.Node, error) { return s.next.NodesBrief(ctx, ids) })
}

func (s *store) ListNodes(ctx context.Context, kind flow.RecordKind, f flow.NodeFilter, w flow.Window) (*flow.Page[flow.Node], error) {
	return observe(s.m, "ListNodes", func() (*flow.Page[flow.Node], error) { return s.next.ListNodes(ctx, kind, f, w) })
}

func (s *store) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	return observe(s.m, "BudgetLines", func() (*flow.Page[*flow.BudgetLine], error) { return s.next.BudgetLines(ctx, f, w) })
}

func (s *store) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	return observe(s.m, "Flows", func() (*flow.Page[*flow.Flow], error) { return s.next.Flows(ctx, f, w) })
}

func (s *store) Links(ctx context.Context, figures []string) ([]*flow.Link, error) {
	return observe(s.m, "Links", func() ([]*flow.Link, error) { return s.next.Links(ctx, figures) })
}

func (s *store) Contested(ctx context.Context, year flow.FinancialYear, entity string) (flow.Contested, error) {
	return observe(s.m, "Contested", func() (flow.Contested, error) { return s.next.Contested(ctx, year, entity) })
}

func (s *store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	return observe(s.m, "Trace", func() (*flow.TraceResult, error) { return s.next.Trace(ctx, q) })
}

func (s *store) Search(ctx context.Context, q flow.SearchTerms, w flow.Window) (*flow.Page[flow.SearchHit], error) {
	return observe(s.m, "Search", func() (*flow.Page[flow.SearchHit], error) { return s.next.Search(ctx, q, w) })
}

func (s *store) SaveNode(ctx context.Context, id string, decide func(flow.Current) (flow.Node, flow.Revision, error)) error {
	_, err := observe(s.m, "SaveNode", func() (struct{}, error) { return struct{}{}, s.next.SaveNode(ctx, id, decide) })
	return err
}

func (s *store) RecordFlow(ctx context.Context, id string, decide func(flow.Current) (*flow.Flow, flow.Revision, error)) error {
	_, err := observe(s.m, "RecordFlow", func() (struct{}, error) { return struct{}{}, s.next.RecordFlow(ctx, id, decide) })
	return err
}

func (s *store) UpdateFlow(ctx context.Context, id string, decide func(*flow.Flow) (*flow.Flow, flow.Revision, error)) (*flow.Flow, error) {
	return observe(s.m, "UpdateFlow", func() (*flow.Flow, error) { return s.next.UpdateFlow(ctx, id, decide) })
}

func (s *store) History(ctx context.Context, ids []string) (map[string][]flow.Revision, error) {
	return observe(s.m, "History", func() (map[string][]flow.Revision, error) { return s.next.History(ctx, ids) })
}

func (s *store) Generation(ctx context.Context) (uint64, error) {
	return observe(s.m, "Generation", func() (uint64, error) { return s.next.Generation(ctx) })
}

func (s *store) Ping(ctx context.Context) error {
	_, err := observe(s.m, "Ping", func() (struct{}, error) { return struct{}{}, s.next.Ping(ctx) })
	return err
}

func (s *store) Close() error { return s.next.Close() }
