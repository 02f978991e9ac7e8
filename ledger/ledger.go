// Package ledger is fundflow's service layer: it owns every rule a load, a
// write or a query obeys, and is the only thing the API and the dataset
// loader call. It validates datasets (once per load) and writes, builds
// revisions, applies the correction and retraction rules, keeps an id from
// ever changing kind, and normalises queries (years, orderings, page sizes,
// cursors, trace bounds, and the ids they name, which must exist) before a
// backend sees them.
//
// Beneath it, a flow.Store persists and queries what it is given. Where a
// rule needs what the store holds at the moment of a write (who owns an id,
// the flow being corrected), the store reads it inside its transaction and
// calls back into the rule written here, so that no backend repeats it.
package ledger

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
)

// Service applies fundflow's rules over a store.
type Service struct {
	store flow.Store
	log   zerolog.Logger
	now   func() time.Time
	// sums keeps TotalSums' answers while the store is unchanged.
	sums sumsMemo
}

// New returns the service over st. now stamps revisions; log reports loads.
func New(st flow.Store, log zerolog.Logger, now func() time.Time) *Service {
	return &Service{store: st, log: log, now: now, sums: sumsMemo{detached: make(chan struct{}, 1)}}
}

// Counts returns how many records of each kind the store holds.
func (s *Service) Counts(ctx context.Context) (flow.Counts, error) { return s.store.Counts(ctx) }

// Ping reports whether the store is reachable.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Nodes returns the nodes with the given ids; unknown ids are absent.
func (s *Service) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	return s.store.Nodes(ctx, ids)
}

// NodesBrief returns the nodes with the given ids as Nodes does, sources
// without their texts: what showing them needs.
func (s *Service) NodesBrief(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	return s.store.NodesBrief(ctx, ids)
}

// History returns the revisions of the given records, oldest first.
func (s *Service) History(ctx context.Context, ids []string) (map[string][]flow.Revision, error) {
	return s.store.History(ctx, ids)
}
