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

func (s *store) Load(ctx context.Context, ds *flow.Dataset) (*flow.LoadReport, error) {
	rep, err := observe(s.m, "Load", func() (*flow.LoadReport, error) { return s.next.Load(ctx, ds) })
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

func (s *store) Funds(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Fund], error) {
	return observe(s.m, "Funds", func() (*flow.Page[*flow.Fund], error) { return s.next.Funds(ctx, q) })
}

func (s *store) Programmes(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Programme], error) {
	return observe(s.m, "Programmes", func() (*flow.Page[*flow.Programme], error) { return s.next.Programmes(ctx, q) })
}

func (s *store) Organisations(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Organisation], error) {
	return observe(s.m, "Organisations", func() (*flow.Page[*flow.Organisation], error) { return s.next.Organisations(ctx, q) })
}

func (s *store) Sources(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Source], error) {
	return observe(s.m, "Sources", func() (*flow.Page[*flow.Source], error) { return s.next.Sources(ctx, q) })
}

func (s *store) BudgetLines(ctx context.Context, q flow.BudgetLineQuery) (*flow.Page[*flow.BudgetLine], error) {
	return observe(s.m, "BudgetLines", func() (*flow.Page[*flow.BudgetLine], error) { return s.next.BudgetLines(ctx, q) })
}

func (s *store) Flows(ctx context.Context, q flow.FlowQuery) (*flow.Page[*flow.Flow], error) {
	return observe(s.m, "Flows", func() (*flow.Page[*flow.Flow], error) { return s.next.Flows(ctx, q) })
}

func (s *store) Trace(ctx context.Context, q flow.TraceQuery) (*flow.TraceResult, error) {
	return observe(s.m, "Trace", func() (*flow.TraceResult, error) { return s.next.Trace(ctx, q) })
}

func (s *store) Search(ctx context.Context, q flow.SearchQuery) (*flow.Page[flow.Node], error) {
	return observe(s.m, "Search", func() (*flow.Page[flow.Node], error) { return s.next.Search(ctx, q) })
}

func (s *store) Ping(ctx context.Context) error {
	_, err := observe(s.m, "Ping", func() (struct{}, error) { return struct{}{}, s.next.Ping(ctx) })
	return err
}

func (s *store) Close() error { return s.next.Close() }

func (s *store) SaveNode(ctx context.Context, n flow.Node, rev flow.Revision) error {
	_, err := observe(s.m, "SaveNode", func() (struct{}, error) { return struct{}{}, s.next.SaveNode(ctx, n, rev) })
	return err
}

func (s *store) RecordFlow(ctx context.Context, f *flow.Flow, rev flow.Revision) error {
	_, err := observe(s.m, "RecordFlow", func() (struct{}, error) { return struct{}{}, s.next.RecordFlow(ctx, f, rev) })
	return err
}

func (s *store) CorrectFlow(ctx context.Context, id string, amount flow.Money, cites []flow.Citation, rev flow.Revision) (*flow.Flow, error) {
	return observe(s.m, "CorrectFlow", func() (*flow.Flow, error) { return s.next.CorrectFlow(ctx, id, amount, cites, rev) })
}

func (s *store) RetractFlow(ctx context.Context, id string, rev flow.Revision) (*flow.Flow, error) {
	return observe(s.m, "RetractFlow", func() (*flow.Flow, error) { return s.next.RetractFlow(ctx, id, rev) })
}

func (s *store) History(ctx context.Context, ids []string) (map[string][]flow.Revision, error) {
	return observe(s.m, "History", func() (map[string][]flow.Revision, error) { return s.next.History(ctx, ids) })
}
