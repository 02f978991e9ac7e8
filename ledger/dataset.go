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
// Records the API changed since the last load are kept as the API left
// them where the file differs, and reported (see LoadWith).
func (s *Service) Load(ctx context.Context, d *Dataset) (*flow.LoadReport, error) {
	return s.LoadWith(ctx, d, LoadOptions{})
}

// LoadWith is Load with options: how the load treats the records the API
// changed since the dataset was last loaded (the rules are in reload.go).
// The report lists every conflict between the file and such a record,
// field by field, and the revision the load wrote for each record.
func (s *Service) LoadWith(ctx context.Context, d *Dataset, o LoadOptions) (*flow.LoadReport, error) {
	ds := d.ds
	var r reconciliation
	rep, err := s.store.Load(ctx, ds, func(st flow.LoadState) (flow.LoadPlan, error) {
		if err := ownedElsewhere(ds.ID, st.Claimed); err != nil {
			return flow.LoadPlan{}, err
		}
		var err error
		// Assigned, not appended: a store may run its transaction, and so
		// this, more than once.
		r, err = s.reconcile(ds, st, o)
		return r.plan, err
	})
	if err != nil {
		return nil, fmt.Errorf("load dataset %s: %w", ds.ID, err)
	}
	rep.Conflicts, rep.Revisions = r.conflicts, r.plan.Revisions
	s.log.Debug().Str("dataset", rep.Dataset).Int("records", rep.Counts.Total()).Int("removed", rep.Removed).
		Int("conflicts", len(rep.Conflicts)).Int("kept", len(r.plan.Keep)).Msg("dataset loaded")
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
