package ledger

import (
	"fmt"
	"sort"

	"github.com/fundflow/fundflow/flow"
)

// dangling refuses a plan that keeps a record referring to one the load
// removes, or that removes a record another dataset's record refers to: on
// the embedded store the reference would break a foreign key, and on Neo4j
// the removal would silently take a flow with it.
func dangling(dataset string, kept []flow.Revised, st flow.LoadState, keep []string) error {
	gone := map[string]bool{}
	for _, id := range st.Stale {
		gone[id] = true
	}
	for _, id := range keep {
		delete(gone, id)
	}
	var ps []flow.Problem
	for _, rec := range kept {
		for _, ref := range references(rec) {
			if gone[ref.id] {
				ps = append(ps, flow.Problem{ID: rec.ID(), Field: ref.field, Value: ref.id,
					Message: fmt.Sprintf("kept as the API left it, it refers to %s, which the file no longer holds: put %s back in the file, or take the file's version", ref.id, ref.id)})
			}
		}
	}
	for _, ref := range st.Dependents {
		if gone[ref.Target] {
			ps = append(ps, flow.Problem{ID: ref.RecordID, Field: ref.Field, Value: ref.Target,
				Message: fmt.Sprintf("a record of dataset %s, it refers to %s, which the file no longer holds: put %s back in the file, or change %s through the API first", ref.Dataset, ref.Target, ref.Target, ref.RecordID)})
		}
	}
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	return &flow.Error{Code: flow.ECONFLICT, Message: fmt.Sprintf("dataset %s: %d %s to records the file removes; nothing was written",
		dataset, len(ps), map[bool]string{true: "reference of another record points", false: "references of other records point"}[len(ps) == 1]), Problems: ps}
}

// reference is one id a record refers to, and the field that holds it.
type reference struct{ field, id string }

// references lists the ids a stored record refers to.
func references(rec flow.Revised) []reference {
	var out []reference
	switch {
	case rec.Flow != nil:
		out = append(out, reference{"from", rec.Flow.FromID}, reference{"to", rec.Flow.ToID})
		for _, c := range rec.Flow.Citations {
			out = append(out, reference{"citations.source", c.SourceID})
		}
	default:
		if p, ok := rec.Node.(*flow.Programme); ok && p.FundID != "" {
			out = append(out, reference{"fund", p.FundID})
		}
	}
	return out
}
