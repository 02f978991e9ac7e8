package ledger

import (
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/fundflow/fundflow/flow"
)

// The rules by which a reload meets the changes made through the API.
//
// A record of a dataset is the API's, not the file's, when a revision made
// through the API (an update, a correction, a retraction) follows its
// latest RELOADED revision, or when it has no RELOADED revision at all: the
// API changed it since a load last wrote it from the file. A KEPT revision
// changes nothing: the record stays the API's until a load takes the
// file's version. For each such record the load compares the file's version
// with the stored one, field by field:
//
//   - where they differ, each differing field is a conflict, and the load
//     keeps the record as the API left it (citations and status included)
//     and records KEPT, or, when asked to take the file, writes the file's
//     version (removing the record if the file no longer holds it) and
//     records RELOADED;
//   - where they agree, the file has caught up with the API: the load
//     writes it and records RELOADED, so that the record is the file's
//     again and a later edit of the file is not taken for a conflict.
//
// A record must still make sense after the load: a kept record, or a
// record of another dataset (one written through the API), that refers to
// a record the load removes refuses the whole load (ECONFLICT), since the
// reference would dangle. Taking the file does not lift the second: the
// load cannot remove what the API wrote.

// LoadOptions say how a load treats the records the API changed since the
// dataset was last loaded.
type LoadOptions struct {
	// TakeFile writes the file's version of each such record that the
	// file gives differently, removing it if the file no longer holds it.
	// Without it the load keeps the API's version. Either way the
	// conflicts are reported and a revision records what was done.
	TakeFile bool
}

// reconciliation is a load's plan and the conflicts behind it.
type reconciliation struct {
	plan      flow.LoadPlan
	conflicts []flow.Conflict
}

// reconcile plans the load of ds over what the store holds.
func (s *Service) reconcile(ds *flow.Dataset, st flow.LoadState, o LoadOptions) (reconciliation, error) {
	var r reconciliation
	file := fileRecords(ds, st.Revised)
	at := s.now().UTC().Format(time.RFC3339)
	var kept []flow.Revised
	for _, rec := range st.Revised {
		changes := sinceLastLoad(rec.History)
		if len(changes) == 0 {
			continue
		}
		id, loaded := rec.ID(), file[rec.ID()]
		diffs := differences(loaded, rec)
		rev := flow.Revision{RecordID: id, At: at, By: flow.LoadWriter}
		switch {
		case len(diffs) == 0:
			rev.Action, rev.Reason = flow.Reloaded, "the file now agrees with the changes made through the API"
		case o.TakeFile && loaded == nil:
			rev.Action, rev.Reason = flow.Reloaded, "the file no longer holds this record; the load removed it, as asked, with the changes made through the API"
		case o.TakeFile:
			rev.Action, rev.Reason = flow.Reloaded, "the load wrote the file's "+fieldList(diffs)+", as asked, over the changes made through the API"
		case loaded == nil:
			rev.Action, rev.Reason = flow.Kept, "the load kept this record and the changes made through the API, although the file no longer holds it"
		default:
			rev.Action, rev.Reason = flow.Kept, "the load kept the changes made through the API; the file gives "+fieldList(diffs)+" differently"
		}
		if rev.Action == flow.Kept {
			r.plan.Keep = append(r.plan.Keep, id)
			kept = append(kept, rec)
		}
		figures(&rev, rec, loaded)
		for _, d := range diffs {
			r.conflicts = append(r.conflicts, flow.Conflict{RecordID: id, Kind: kindOfRecord(rec), Field: d.field,
				Loaded: d.loaded, Current: d.current, SetBy: setBy(d.field, changes), Action: rev.Action})
		}
		r.plan.Revisions = append(r.plan.Revisions, rev)
	}
	return r, dangling(ds.ID, kept, st, r.plan.Keep)
}

// sinceLastLoad returns the revisions made through the API after the
// record's latest RELOADED revision, oldest first: none if the record is
// the file's.
func sinceLastLoad(history []flow.Revision) []flow.Revision {
	start := 0
	for i, rev := range history {
		if rev.Action == flow.Reloaded {
			start = i + 1
		}
	}
	var out []flow.Revision
	for _, rev := range history[start:] {
		if rev.Action != flow.Kept {
			out = append(out, rev)
		}
	}
	return out
}

// fileRecords maps the id of each revised record to the file's record of
// that id, if the file holds one: a flow.Node, a *flow.Flow or a
// *flow.BudgetLine. Only the revised ids are mapped, since a map of every
// id of a million-record file would be the biggest thing a reload holds.
func fileRecords(ds *flow.Dataset, revised []flow.Revised) map[string]any {
	m := map[string]any{}
	if len(revised) == 0 {
		return m
	}
	want := make(map[string]bool, len(revised))
	for _, rec := range revised {
		want[rec.ID()] = true
	}
	add := func(id string, rec any) {
		if want[id] {
			m[id] = rec
		}
	}
	for _, f := range ds.Funds {
		add(f.ID, f)
	}
	for _, p := range ds.Programmes {
		add(p.ID, p)
	}
	for _, o := range ds.Organisations {
		add(o.ID, o)
	}
	for _, src := range ds.Sources {
		add(src.ID, src)
	}
	for _, f := range ds.Flows {
		add(f.ID, f)
	}
	for _, b := range ds.BudgetLines {
		add(b.ID, b)
	}
	return m
}

// kindOf names the kind of a record of fileRecords.
func kindOf(rec any) flow.RecordKind {
	switch rec := rec.(type) {
	case *flow.Flow:
		return flow.KindFlow
	case *flow.BudgetLine:
		return flow.KindBudgetLine
	case flow.Node:
		return flow.KindOf(rec)
	}
	return ""
}

// kindOfRecord names the kind of a stored, revised record.
func kindOfRecord(rec flow.Revised) flow.RecordKind {
	if rec.Flow != nil {
		return flow.KindFlow
	}
	return flow.KindOf(rec.Node)
}

// stored returns the revised record itself: a flow.Node or a *flow.Flow.
func stored(rec flow.Revised) any {
	if rec.Flow != nil {
		return rec.Flow
	}
	return rec.Node
}

// diff is one field that the file gives differently from the store.
type diff struct{ field, loaded, current string }

// differences compares the file's version of a record (nil if the file no
// longer holds it) with the stored one.
func differences(loaded any, rec flow.Revised) []diff {
	switch cur := stored(rec); {
	case loaded == nil:
		return []diff{{field: "record", loaded: "absent", current: summarise(rec)}}
	case kindOf(loaded) != kindOfRecord(rec):
		return []diff{{field: "type", loaded: string(kindOf(loaded)), current: string(kindOfRecord(rec))}}
	default:
		return fieldDiffs(loaded, cur)
	}
}

// summarise describes a stored record in a few words: a flow by its
// amount and status, a node by its name.
func summarise(rec flow.Revised) string {
	if f := rec.Flow; f != nil {
		return f.Amount.String() + ", " + string(f.Status)
	}
	return strconv.Quote(rec.Node.NodeName())
}

// fieldList names the fields of diffs: "amount, status and citations".
func fieldList(diffs []diff) string {
	names := make([]string, len(diffs))
	for i, d := range diffs {
		names[i] = d.field
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// figures completes a flow's load revision with the amount and status
// before and after, as every flow revision carries them.
func figures(rev *flow.Revision, rec flow.Revised, loaded any) {
	if rec.Flow == nil {
		return
	}
	cur := rec.Flow
	rev.Previous, rev.PreviousStatus = &cur.Amount, cur.Status
	switch f, ok := loaded.(*flow.Flow); {
	case rev.Action == flow.Kept:
		rev.Amount, rev.Status = &cur.Amount, cur.Status
	case ok:
		rev.Amount, rev.Status = &f.Amount, f.Status
	}
}

// setBy picks, among the API's revisions since the last load, the one that
// set the current value of field: for an amount, the latest that changed
// the amount; for a status, the latest that changed the status; for
// citations, the latest correction (which is what adds them); otherwise,
// and when none matches, the latest of all.
func setBy(field string, changes []flow.Revision) flow.Revision {
	for i := len(changes) - 1; i >= 0; i-- {
		rev := changes[i]
		switch field {
		case "amount":
			if rev.Previous != nil && rev.Amount != nil && !reflect.DeepEqual(*rev.Previous, *rev.Amount) {
				return rev
			}
		case "status":
			if rev.Status != rev.PreviousStatus {
				return rev
			}
		case "citations":
			if rev.Action == flow.Corrected {
				return rev
			}
		default:
			return rev
		}
	}
	return changes[len(changes)-1]
}
