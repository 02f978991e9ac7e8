package neo4j

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/storetest"
)

// recorder is a runner that records the calls a unit of work sends, in
// order, checking each call's parameters, and answers the few whose rows
// the work reads. It fails the call to failAt with failErr.
type recorder struct {
	t       *testing.T
	calls   []call
	failAt  string
	failErr error
	// held is an id the file holds, which each removal also reports, as
	// when a record changes kind: it is written anew, not removed.
	held string
}

func (r *recorder) run(_ context.Context, c call) ([]*driver.Record, error) {
	r.t.Helper()
	checkCall(r.t, c)
	r.calls = append(r.calls, c)
	if c.stmt.Name == r.failAt {
		return nil, r.failErr
	}
	switch {
	case c.stmt == revisionSeqsStatement:
		return []*driver.Record{{Keys: []string{"seq"}, Values: []any{int64(100)}}}, nil
	case strings.Contains(c.stmt.Cypher, "AS removed"):
		return []*driver.Record{{Keys: []string{"removed"}, Values: []any{[]any{"gone-" + c.stmt.Name, r.held}}}}, nil
	}
	return nil, nil
}

// names lists the statements of the recorded calls.
func (r *recorder) names() []string {
	out := make([]string, len(r.calls))
	for i, c := range r.calls {
		out[i] = c.stmt.Name
	}
	return out
}

var loadAt = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)

// TestLoadWorkSequence shows what one load sends, in order: the lock
// before anything, the reads of its state, then, once decide has planned
// it, the dataset, the removals, the writes in batches of at most the
// batch size and the revisions.
func TestLoadWorkSequence(t *testing.T) {
	ds := storetest.NHS(t)
	const batch = 4
	rec := &recorder{t: t, held: ds.IDs()[0]}
	decided := 0
	revs := []flow.Revision{{RecordID: "dhsc", Action: flow.Kept, At: storetest.RevisionAt, By: flow.LoadWriter, Reason: "kept"}}
	removed, err := loadWork(context.Background(), rec, ds, func(st flow.LoadState) (flow.LoadPlan, error) {
		decided = len(rec.calls)
		return flow.LoadPlan{Revisions: revs}, nil
	}, loadAt, batch)
	if err != nil {
		t.Fatal(err)
	}
	names := rec.names()
	if want := []string{"load-lock", "load-owners", "load-stale-ids", "load-revisions"}; strings.Join(names[:decided], " ") != strings.Join(want, " ") {
		t.Errorf("before decide: got %v, want %v", names[:decided], want)
	}
	if names[decided] != "load-dataset" {
		t.Errorf("first write: got %s, want load-dataset", names[decided])
	}
	p := loadPlan(ds, batch, loadAt, nil)
	if removed != len(p.stale) {
		t.Errorf("removed: got %d, want one per removal call, %d, and none the file holds", removed, len(p.stale))
	}
	rows := 0
	for _, c := range rec.calls {
		if r, ok := c.params["rows"].([]any); ok {
			if len(r) == 0 || len(r) > batch {
				t.Errorf("%s writes %d rows, want 1 to %d", c.stmt.Name, len(r), batch)
			}
			if c.stmt != loadRevisionsStatement {
				rows += len(r)
			}
		}
	}
	if want := rowCount(p.writes); rows != want || want < 4*batch {
		t.Errorf("rows written: got %d, want the plan's %d (several batches)", rows, want)
	}
	if got := names[len(names)-2:]; got[0] != "load-revision-seqs" || got[1] != "load-write-revisions" {
		t.Errorf("last: got %v, want the revisions", got)
	}
}

// TestLoadWorkStops checks that nothing is written when decide refuses,
// and that nothing is sent after a failed call: the driver then rolls the
// transaction back, and a memory error becomes a final TOO_LARGE, which
// the driver does not retry.
func TestLoadWorkStops(t *testing.T) {
	ds := storetest.NHS(t)
	rec := &recorder{t: t, held: ds.IDs()[0]}
	refused := flow.Errorf(flow.ECONFLICT, "dataset %s: 1 id belongs to another dataset", ds.ID)
	_, err := loadWork(context.Background(), rec, ds, func(flow.LoadState) (flow.LoadPlan, error) { return flow.LoadPlan{}, refused }, loadAt, 4)
	if err != refused {
		t.Errorf("got %v, want decide's refusal", err)
	}
	for _, c := range rec.calls {
		if c.stmt != lockStatement && !strings.HasPrefix(strings.TrimPrefix(c.stmt.Cypher, cypherVersion+"\n"), "MATCH") {
			t.Errorf("a refused load sent %s", c.stmt.Name)
		}
	}

	oom := &driver.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "threshold reached"}
	rec = &recorder{t: t, held: ds.IDs()[0], failAt: "load-" + flowTypes[flow.Payment], failErr: oom}
	_, err = loadWork(context.Background(), rec, ds, func(flow.LoadState) (flow.LoadPlan, error) { return flow.LoadPlan{}, nil }, loadAt, 4)
	if !errors.Is(err, oom) {
		t.Fatalf("got %v, want the memory error", err)
	}
	if last := rec.calls[len(rec.calls)-1]; last.stmt.Name != rec.failAt {
		t.Errorf("sent %s after the failed call", last.stmt.Name)
	}
	if got := mapError(notRetried(err)); flow.ErrorCode(got) != flow.ETOOLARGE || driver.IsRetryable(notRetried(err)) {
		t.Errorf("got %v (%s), want a final LIMIT_EXCEEDED", got, flow.ErrorCode(got))
	}
}
