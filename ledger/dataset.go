package ledger

import (
	"context"
	"fmt"
	"sort"

	"github.com/fundflow/fundflow/flow"
)

// Dataset is a dataset that has passed every rule: the only form Load
// takes, so that a dataset is validated exactly once per load.
type Dataset struct{ ds *flow.Dataset }

// Data returns the checked dataset's records, for reading.
func (d *Dataset) Data() *flow.Dataset { return d.ds }

// Check normalizes ds in place (defaults, bounds, dates, each source's
// text) so that what is validated is exactly what is stored, then
// validates it, with no date after today (flow.Today of the clock of
// whoever loads it). It needs no store, so that a dataset can be checked
// without loading it. It returns the checked dataset, or every problem
// found, in document order.
func Check(ds *flow.Dataset, today flow.Date) (*Dataset, []flow.Problem) {
	ds.Normalize()
	if ps := ds.Validate(today); len(ps) > 0 {
		return nil, ps
	}
	return &Dataset{ds: ds}, nil
}

// Load writes a checked dataset atomically. It refuses, writing nothing, a
// dataset that claims ids another dataset owns (ECONFLICT, one problem per
// id): ids are global, and one dataset must not silently rewrite another.
func (s *Service) Load(ctx context.Context, d *Dataset) (*flow.LoadReport, error) {
	ds := d.ds
	rep, err := s.store.Load(ctx, ds, func(claimed []flow.Claimed) error { return ownedElsewhere(ds.ID, claimed) })
	if err != nil {
		return nil, fmt.Errorf("load dataset %s: %w", ds.ID, err)
	}
	s.log.Debug().Str("dataset", rep.Dataset).Int("records", rep.Counts.Total()).Int("removed", rep.Removed).Msg("dataset loaded")
	return rep, nil
}

// ownedElsewhere turns the ids other datasets own into ECONFLICT.
func ownedElsewhere(dataset string, claimed []flow.Claimed) error {
	if len(claimed) == 0 {
		return nil
	}
	ps := make([]flow.Problem, len(claimed))
	for i, c := range claimed {
		ps[i] = flow.Problem{ID: c.ID, Field: "id", Value: c.ID, Message: "id already belongs to dataset " + c.Dataset}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	return &flow.Error{Code: flow.ECONFLICT, Message: fmt.Sprintf("dataset %s: %d ids belong to another dataset; nothing was written", dataset, len(ps)), Problems: ps}
}
