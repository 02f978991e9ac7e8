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

// recorder runs a load's transactions without a server: it records the
// calls each transaction sends, in order, checking each call's parameters,
// and answers the few whose rows the load reads. A transaction whose work
// fails is rolled back (recorded as failed); fail, when set, injects the
// failure of a call.
type recorder struct {
	t      *testing.T
	txs    [][]call
	failed []bool
	// ctxErr is ctx.Err() when each transaction began.
	ctxErr []error
	tx     int // the transaction running
	fail   func(tx int, c call) error
	// held is an id the file holds, which each retirement also reports,
	// as when a record changes kind: it is written anew, not removed.
	held string
	// claim answers the stage's claim; the zero value finds it free.
	claim *stageClaim
	// seqs answer the load lock in turn: the state's number, then the
	// switch's; lost makes every beat find the stage taken over.
	seqs []int64
	lost bool
	// deleted answers each cleanup statement in turn; then 0.
	deleted map[string][]int64
	// stale answers each read of the stale ids in turn; then none.
	stale [][]string
}

func (r *recorder) inTx(ctx context.Context, work func(tx runner) error) error {
	r.t.Helper()
	r.tx = len(r.txs)
	r.txs = append(r.txs, nil)
	r.ctxErr = append(r.ctxErr, ctx.Err())
	err := work(r)
	r.failed = append(r.failed, err != nil)
	return err
}

func (r *recorder) run(_ context.Context, c call) ([]*driver.Record, error) {
	r.t.Helper()
	checkCall(r.t, c)
	r.txs[r.tx] = append(r.txs[r.tx], c)
	if r.fail != nil {
		if err := r.fail(r.tx, c); err != nil {
			return nil, err
		}
	}
	row := func(key string, v any) []*driver.Record {
		return []*driver.Record{{Keys: []string{key}, Values: []any{v}}}
	}
	switch {
	case c.stmt == claimStageStatement:
		cl := stageClaim{free: true}
		if r.claim != nil {
			cl = *r.claim
		}
		var held, heldDataset, beat any
		if cl.held != "" {
			held, heldDataset, beat = cl.held, cl.heldDataset, cl.beatAt
		}
		return []*driver.Record{{Keys: []string{"free", "held", "heldDataset", "beatAt"}, Values: []any{cl.free, held, heldDataset, beat}}}, nil
	case c.stmt == lockStatement:
		seq := int64(7)
		if len(r.seqs) > 0 {
			seq, r.seqs = r.seqs[0], r.seqs[1:]
		}
		return row("seq", seq), nil
	case c.stmt == beatStatement:
		if r.lost {
			return row("held", int64(0)), nil
		}
		return row("held", int64(1)), nil
	case c.stmt == staleIDsStatement:
		var out []*driver.Record
		if len(r.stale) > 0 {
			for _, id := range r.stale[0] {
				out = append(out, row("id", id)...)
			}
			r.stale = r.stale[1:]
		}
		return out, nil
	case c.stmt == revisionSeqsStatement:
		return row("seq", int64(100)), nil
	case strings.HasPrefix(c.stmt.Name, "switch-retire-"):
		return row("retired", []any{"gone-" + c.stmt.Name, r.held}), nil
	case strings.HasPrefix(c.stmt.Name, "cleanup-"):
		n := int64(0)
		if q := r.deleted[c.stmt.Name]; len(q) > 0 {
			n, r.deleted[c.stmt.Name] = q[0], q[1:]
		}
		return row("deleted", n), nil
	}
	return nil, nil
}

// names lists the statements each transaction sent.
func (r *recorder) names() [][]string {
	out := make([][]string, len(r.txs))
	for i, tx := range r.txs {
		for _, c := range tx {
			out[i] = append(out[i], c.stmt.Name)
		}
	}
	return out
}

var loadAt = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)

// testRun is what the tests load with: batches of 4 rows.
func testRun() loadRun {
	return loadRun{at: loadAt, now: func() time.Time { return loadAt }, batch: 4, token: "token-1", staleAfter: 20 * time.Minute}
}

func accept(flow.LoadState) (flow.LoadPlan, error) { return flow.LoadPlan{}, nil }

// TestLoadWorkSequence shows what one load sends, transaction by
// transaction: the claim of the stage with the state read under the lock,
// where decide runs; the deletion of anything an interrupted load left;
// the stage, one batch of at most the batch size per transaction, each
// after a beat; the switch, under the lock, with the revisions; the
// retired records deleted a batch at a time; and the stage released.
func TestLoadWorkSequence(t *testing.T) {
	ds := storetest.NHS(t)
	o := testRun()
	// Ten retired relationships: three deletes of at most 4.
	rec := &recorder{t: t, held: ds.IDs()[0], deleted: map[string][]int64{"cleanup-Retired-relationships": {0, 4, 4, 2}}}
	decidedIn := -1
	revs := []flow.Revision{{RecordID: "dhsc", Action: flow.Kept, At: storetest.RevisionAt, By: flow.LoadWriter, Reason: "kept"}}
	removed, err := runLoad(context.Background(), rec, ds, func(st flow.LoadState) (flow.LoadPlan, error) {
		decidedIn = rec.tx
		return flow.LoadPlan{Revisions: revs}, nil
	}, o)
	if err != nil {
		t.Fatal(err)
	}
	txs := rec.names()
	join := func(xs []string) string { return strings.Join(xs, " ") }
	want := func(i int, names ...string) {
		t.Helper()
		if i >= len(txs) || join(txs[i]) != join(names) {
			t.Errorf("transaction %d: got %v, want %v", i, txs[min(i, len(txs)-1)], names)
		}
	}
	want(0, "stage-claim", "load-lock", "load-owners", "load-stale-ids", "load-revisions")
	if decidedIn != 0 {
		t.Errorf("decide ran in transaction %d, want 0, under the lock", decidedIn)
	}
	want(1, "cleanup-Staged-relationships")
	want(2, "cleanup-Staged-nodes")
	want(3, "cleanup-Retired-relationships")
	want(4, "cleanup-Retired-nodes")

	stage := stagePlan(ds, o.batch, nil)
	rows := 0
	for i, c := range stage {
		tx := rec.txs[5+i]
		if len(tx) != 2 || tx[0].stmt != beatStatement || tx[1].stmt != c.stmt {
			t.Fatalf("stage transaction %d: got %v, want a beat and %s", i, txs[5+i], c.stmt.Name)
		}
		n := len(tx[1].params["rows"].([]any))
		if n == 0 || n > o.batch {
			t.Errorf("%s writes %d rows in one transaction, want 1 to %d", c.stmt.Name, n, o.batch)
		}
		rows += n
	}
	if want := rowCount(stage); rows != want || len(stage) < 20 {
		t.Errorf("rows staged: got %d in %d transactions, want the plan's %d in many", rows, len(stage), want)
	}

	sw := 5 + len(stage)
	got := txs[sw]
	if got[0] != "load-lock" || got[1] != "stage-beat" || got[2] != "switch-retire-"+labelNode {
		t.Errorf("switch starts %v, want the lock, a beat and the retirements", got[:3])
	}
	if got := got[len(got)-3:]; join(got) != "load-dataset load-revision-seqs load-write-revisions" {
		t.Errorf("switch ends %v, want the dataset and the revisions", got)
	}
	if n := len(txs[sw]); n != 2+len(retireStatements)+len(repointStatements)+len(publishStatements)+3 {
		t.Errorf("switch sends %d statements: %v", n, txs[sw])
	}
	// One name per retirement that the file does not hold.
	if removed != len(retireStatements) {
		t.Errorf("removed: got %d, want %d, one per retirement, and none the file holds", removed, len(retireStatements))
	}
	for i, name := range []string{"cleanup-Retired-relationships", "cleanup-Retired-relationships", "cleanup-Retired-relationships",
		"cleanup-Retired-nodes", "stage-release"} {
		want(sw+1+i, name)
	}
	if len(txs) != sw+6 {
		t.Errorf("got %d transactions, want %d: %v", len(txs), sw+6, txs[sw+1:])
	}
	for i, f := range rec.failed {
		if f {
			t.Errorf("transaction %d failed", i)
		}
	}
}

// TestLoadWorkStops shows what a load sends when it cannot go on: a
// refusal, by decide or because another load holds the stage, leaves the
// one transaction rolled back and nothing written; a failure at any later
// transaction runs the stage's deletion and release and nothing else, even
// when the load was cancelled; and a load whose stage was taken over
// stops at once, leaving the stage to the load that took it.
func TestLoadWorkStops(t *testing.T) {
	ds := storetest.NHS(t)

	t.Run("Refused", func(t *testing.T) {
		rec := &recorder{t: t}
		refused := flow.Errorf(flow.ECONFLICT, "dataset %s: 1 id belongs to another dataset", ds.ID)
		_, err := runLoad(context.Background(), rec, ds, func(flow.LoadState) (flow.LoadPlan, error) { return flow.LoadPlan{}, refused }, testRun())
		if err != refused {
			t.Errorf("got %v, want decide's refusal", err)
		}
		if len(rec.txs) != 1 || !rec.failed[0] {
			t.Errorf("got transactions %v (failed %v), want the one, rolled back", rec.names(), rec.failed)
		}
	})

	t.Run("StageHeld", func(t *testing.T) {
		beat := loadAt.Add(-time.Minute).UnixMilli()
		rec := &recorder{t: t, claim: &stageClaim{held: "other", heldDataset: "iati", beatAt: beat}}
		_, err := runLoad(context.Background(), rec, ds, accept, testRun())
		if flow.ErrorCode(err) != flow.ECONFLICT || !strings.Contains(err.Error(), "iati") {
			t.Errorf("got %v, want CONFLICT naming the other load's dataset", err)
		}
		if names := rec.names(); len(names) != 1 || len(names[0]) != 1 || !rec.failed[0] {
			t.Errorf("got %v, want the claim alone, rolled back", names)
		}
	})

	oom := &driver.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "threshold reached"}
	// A failure at each of the stage's transactions, and in the switch.
	stage := len(stagePlan(ds, 4, nil))
	for _, k := range []int{5, 5 + stage/2, 5 + stage - 1, 5 + stage} {
		// The first delete runs before the stage; then seven staged nodes
		// go in two batches.
		rec := &recorder{t: t, deleted: map[string][]int64{"cleanup-Staged-nodes": {0, 4, 3}}}
		rec.fail = func(tx int, c call) error {
			if tx == k && c.stmt != beatStatement {
				return oom
			}
			return nil
		}
		_, err := runLoad(context.Background(), rec, ds, accept, testRun())
		if !errors.Is(err, oom) {
			t.Fatalf("failure at transaction %d: got %v, want the memory error", k, err)
		}
		if !rec.failed[k] {
			t.Errorf("transaction %d was not rolled back", k)
		}
		after := rec.names()[k+1:]
		want := "[[cleanup-Staged-relationships] [cleanup-Staged-nodes] [cleanup-Staged-nodes] [stage-release]]"
		if got := fmtNames(after); got != want {
			t.Errorf("after a failure at transaction %d: got %s, want %s", k, got, want)
		}
	}
	got := mapError(notRetried(oom))
	if flow.ErrorCode(got) != flow.ETOOLARGE || driver.IsRetryable(notRetried(oom)) || !strings.Contains(flow.ErrorMessage(got), "NEO4J_BATCH_SIZE") {
		t.Errorf("got %v (%s), want a final TOO_LARGE naming NEO4J_BATCH_SIZE", got, flow.ErrorCode(got))
	}

	t.Run("Cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		rec := &recorder{t: t}
		k := 7
		rec.fail = func(tx int, c call) error {
			if tx == k {
				cancel()
				return context.Canceled
			}
			return nil
		}
		_, err := runLoad(ctx, rec, ds, accept, testRun())
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want the cancellation", err)
		}
		if n := len(rec.txs); n != k+4 {
			t.Fatalf("got %d transactions, want the stage deleted and released after the cancelled one: %v", n, rec.names()[k:])
		}
		for i := k + 1; i < len(rec.txs); i++ {
			if rec.ctxErr[i] != nil {
				t.Errorf("cleanup transaction %d ran with a cancelled context", i)
			}
		}
	})

	t.Run("WrittenUnderIt", func(t *testing.T) {
		// The lock's number moved, so the switch reads the state again:
		// the same state lets the load go on, decided once; a record of
		// the dataset removed through the API in the meantime refuses it
		// with CONFLICT, and the stage is deleted.
		for _, again := range [][]string{nil, {"wifi"}} {
			rec := &recorder{t: t, seqs: []int64{7, 8}, stale: [][]string{nil, again}}
			decided := 0
			_, err := runLoad(context.Background(), rec, ds, func(st flow.LoadState) (flow.LoadPlan, error) {
				decided++
				return flow.LoadPlan{}, nil
			}, testRun())
			// Three transactions follow the switch: two deletes and the
			// release.
			sw := len(rec.txs) - 4
			switched := rec.names()[sw]
			if decided != 1 || !contains(switched, "load-stale-ids") || switched[0] != "load-lock" {
				t.Errorf("state changed %v: decided %d times, switch sent %v; want one decision and the state read again under the lock", again, decided, switched)
			}
			if again == nil && err != nil {
				t.Errorf("unchanged state: got %v", err)
			}
			if again != nil {
				if flow.ErrorCode(err) != flow.ECONFLICT || !rec.failed[sw] || fmtNames(rec.names()[sw+1:]) != "[[cleanup-Staged-relationships] [cleanup-Staged-nodes] [stage-release]]" {
					t.Errorf("changed state: got %v, then %v; want CONFLICT and the stage deleted", err, rec.names()[sw+1:])
				}
			}
		}
	})

	t.Run("StageLost", func(t *testing.T) {
		rec := &recorder{t: t, lost: true}
		_, err := runLoad(context.Background(), rec, ds, accept, testRun())
		if !errors.Is(err, errStageLost) {
			t.Fatalf("got %v, want the stage lost", err)
		}
		if n := len(rec.txs); n != 6 || !rec.failed[5] {
			t.Errorf("got %v, want nothing after the first stage transaction's failed beat", rec.names()[5:])
		}
	})
}

// fmtNames renders transactions' statement names.
func fmtNames(txs [][]string) string {
	var b strings.Builder
	b.WriteString("[")
	for i, tx := range txs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("[" + strings.Join(tx, " ") + "]")
	}
	b.WriteString("]")
	return b.String()
}
