package neo4j

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

var (
	// lockStatement takes the Lock node, which every API write takes too,
	// raises the generation (see generationStatement) and returns the last
	// revision number handed out: every API write raises it, so an
	// unchanged number says nothing was written since.
	lockStatement = statement("load-lock", `
MERGE (l:Lock {id: 'load'})
SET l.loadedAt = $loadedAt, l.generation = coalesce(l.generation, 0) + 1
RETURN coalesce(l.revisionSeq, 0) AS seq`,
		map[string]any{"loadedAt": ""})

	ownersStatement = statement("load-owners", `
MATCH (n:Node) WHERE n.id IN $ids AND n.dataset <> $dataset
RETURN n.id AS id, n.dataset AS owner
UNION ALL
MATCH (b:BudgetLine) WHERE b.id IN $ids AND b.dataset <> $dataset
RETURN b.id AS id, b.dataset AS owner
UNION ALL
MATCH (:Node)-[r:`+flowPattern+`]->(:Node) WHERE r.id IN $ids AND r.dataset <> $dataset
RETURN r.id AS id, r.dataset AS owner
UNION ALL
MATCH (l:Link) WHERE l.id IN $ids AND l.dataset <> $dataset
RETURN l.id AS id, l.dataset AS owner
UNION ALL
MATCH (f:Fact) WHERE f.id IN $ids AND f.dataset <> $dataset
RETURN f.id AS id, f.dataset AS owner
UNION ALL
MATCH (s:Statement) WHERE s.id IN $ids AND s.dataset <> $dataset
RETURN s.id AS id, s.dataset AS owner`,
		map[string]any{"ids": []string{}, "dataset": ""})

	datasetStatement = statement("load-dataset", `
MERGE (d:Dataset {id: $dataset})
SET d.title = $title, d.loadedAt = $loadedAt, d.formatVersion = $formatVersion`,
		map[string]any{"dataset": "", "title": "", "loadedAt": "", "formatVersion": int64(0)})
)

// lockCall takes the load lock.
func lockCall(loadedAt time.Time) call {
	return call{lockStatement, map[string]any{"loadedAt": loadedAt.UTC().Format(time.RFC3339)}}
}

// datasetCall writes the dataset's own node.
func datasetCall(ds *flow.Dataset, loadedAt time.Time) call {
	return call{datasetStatement, map[string]any{"dataset": ds.ID, "title": ds.Title,
		"loadedAt": loadedAt.UTC().Format(time.RFC3339), "formatVersion": int64(FormatVersion)}}
}

// Load writes ds as a stage that no reader sees, in transactions of at
// most BatchSize rows, then makes it live in one switch transaction, and
// last deletes the version it replaced, a batch at a time: a reader sees
// the old version of the dataset or the new one, never a mix, and no
// transaction holds the whole dataset. A load that fails or is cancelled
// deletes its stage; one that crashes leaves it to the next load (see
// stagelock.go). Each transaction may be retried by the driver, which is
// safe because each is whole or nothing; a memory error is not retried
// (notRetried) but reported as too large.
func (s *Store) Load(ctx context.Context, ds *flow.Dataset, decide func(flow.LoadState) (flow.LoadPlan, error)) (*flow.LoadReport, error) {
	token, err := newToken()
	if err != nil {
		return nil, flow.Internal("load "+ds.ID, err)
	}
	removed, err := runLoad(ctx, storeTxs{s}, ds, decide, loadRun{at: s.now(), now: s.now, batch: s.cfg.BatchSize,
		token: token, staleAfter: 2 * s.cfg.TxTimeout})
	if err != nil {
		return nil, mapError(err)
	}
	return &flow.LoadReport{Dataset: ds.ID, Counts: ds.Counts(), Removed: removed}, nil
}

// newToken names one load, so that its transactions can tell whether it
// still holds the stage.
func newToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read a load token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// transactor runs each unit of work in a write transaction of its own:
// the store's, or in tests a recorder, which shows what each transaction
// of a load sends, in order, without a server.
type transactor interface {
	inTx(ctx context.Context, work func(tx runner) error) error
}

// storeTxs runs the transactions of a load, each with the load's
// server-side timeout (NEO4J_TX_TIMEOUT), or what is left of ctx's
// deadline if that is sooner.
type storeTxs struct{ s *Store }

func (t storeTxs) inTx(ctx context.Context, work func(tx runner) error) error {
	return t.s.writeWithin(ctx, t.s.cfg.TxTimeout, func(tx driver.ManagedTransaction) error { return work(managed{tx}) })
}

// loadRun is what one load runs with.
type loadRun struct {
	at         time.Time        // the load's time: the dataset's loadedAt
	now        func() time.Time // the clock the stage's beats read
	batch      int              // rows per transaction
	token      string           // the load's, on the Stage node while it holds the stage
	staleAfter time.Duration    // how long a holder may be silent before it is taken for crashed
}

// runLoad is the work of one load, one transaction after another: claim
// the stage, read the state under the lock and decide (a refusal rolls
// this first transaction back, so nothing is written); delete what an
// interrupted load left; write the stage, a batch per transaction; switch;
// delete the retired version; release the stage. It returns how many
// records the load removed. After the claim, any failure deletes the
// stage and releases it.
func runLoad(ctx context.Context, txs transactor, ds *flow.Dataset, decide func(flow.LoadState) (flow.LoadPlan, error), o loadRun) (int, error) {
	var (
		state   flow.LoadState
		decided flow.LoadPlan
		seq     int64
	)
	err := txs.inTx(ctx, func(tx runner) error {
		recs, err := tx.run(ctx, claimCall(o.token, ds.ID, o.now(), o.staleAfter))
		if err != nil {
			return err
		}
		if len(recs) != 1 {
			return fmt.Errorf("%s returned %d rows, want 1", claimStageStatement.Name, len(recs))
		}
		claim, err := readClaim(recs[0].AsMap())
		if err != nil {
			return err
		}
		if !claim.free {
			return claim.busy(o.staleAfter)
		}
		if seq, err = lock(ctx, tx, o.at); err != nil {
			return err
		}
		if state, err = loadState(ctx, tx, ds); err != nil {
			return err
		}
		decided, err = decide(state)
		return err
	})
	if err != nil {
		return 0, err
	}

	// What an interrupted load left, whether it held the stage before or
	// crashed while deleting a retired version, goes first: the stage
	// must hold this load's records only. Both deletes cost next to
	// nothing when there is nothing to delete.
	for _, label := range []string{labelStaged, labelRetired} {
		if err := cleanup(ctx, txs, label, o.batch); err != nil {
			return 0, o.abandon(ctx, txs, err)
		}
	}
	for _, c := range stagePlan(ds, o.batch, decided.Keep) {
		err := txs.inTx(ctx, func(tx runner) error {
			if err := o.beat(ctx, tx); err != nil {
				return err
			}
			_, err := tx.run(ctx, c)
			return err
		})
		if err != nil {
			return 0, o.abandon(ctx, txs, err)
		}
	}

	removed := 0
	err = txs.inTx(ctx, func(tx runner) error {
		var err error
		removed, err = switchLive(ctx, tx, ds, decided, state, seq, o)
		return err
	})
	if err != nil {
		return 0, o.abandon(ctx, txs, err)
	}
	// The new version is live, and the load has succeeded whatever
	// follows: if deleting the old version fails, the next load deletes
	// what is left before it stages (above), and if releasing the stage
	// fails, the next load takes it over once it is stale.
	if cleanup(ctx, txs, labelRetired, o.batch) == nil {
		_ = txs.inTx(ctx, func(tx runner) error {
			_, err := tx.run(ctx, releaseCall(o.token))
			return err
		})
	}
	return removed, nil
}

// switchLive is the switch transaction: under the lock, it checks that
// the load still holds the stage and that what decide saw still holds,
// then retires the live version, moves other datasets' relationships,
// publishes the stage and writes the dataset and the revisions. It
// returns how many records the load removed: those retired, or flows no
// longer staged, that the file no longer holds and the plan does not keep.
func switchLive(ctx context.Context, tx runner, ds *flow.Dataset, decided flow.LoadPlan, state flow.LoadState, seq int64, o loadRun) (int, error) {
	now, err := lock(ctx, tx, o.at)
	if err != nil {
		return 0, err
	}
	if err := o.beat(ctx, tx); err != nil {
		return 0, err
	}
	// Every API write raises the lock's number; loads are kept out by the
	// stage. Only if something was written is the state read again, and
	// the load refused if what decide planned from has changed.
	if now != seq {
		again, err := loadState(ctx, tx, ds)
		if err != nil {
			return 0, err
		}
		if !reflect.DeepEqual(again, state) {
			return 0, flow.Errorf(flow.ECONFLICT, "dataset %s: records it holds, or that refer to it, were written through the API while it loaded; load it again", ds.ID)
		}
	}
	sw := switchCalls(ds, datasetCall(ds, o.at))
	gone := map[string]bool{}
	for _, id := range state.Stale {
		gone[id] = true
	}
	for _, c := range sw.retire {
		recs, err := tx.run(ctx, c)
		if err != nil {
			return 0, err
		}
		if len(recs) != 1 {
			return 0, fmt.Errorf("%s returned %d rows, want 1", c.stmt.Name, len(recs))
		}
		ids, err := stringList(recs[0].AsMap(), "retired")
		if err != nil {
			return 0, err
		}
		for _, id := range ids {
			gone[id] = true
		}
	}
	for _, id := range ds.IDs() {
		delete(gone, id)
	}
	for _, id := range decided.Keep {
		delete(gone, id)
	}
	for _, c := range sw.rest {
		if _, err := tx.run(ctx, c); err != nil {
			return 0, err
		}
	}
	return len(gone), writeRevisions(ctx, tx, decided.Revisions, ds.ID, o.batch)
}

// lock takes the load lock and returns its revision number.
func lock(ctx context.Context, tx runner, at time.Time) (int64, error) {
	recs, err := tx.run(ctx, lockCall(at))
	if err != nil {
		return 0, err
	}
	if len(recs) != 1 {
		return 0, fmt.Errorf("%s returned %d rows, want 1", lockStatement.Name, len(recs))
	}
	return value[int64](recs[0].AsMap(), "seq")
}

// beat records that the load is alive, first in each of its transactions,
// and fails if it no longer holds the stage. The beat also locks the Stage
// node until the transaction ends, so no other load can find the stage
// silent, and take it over, while one of this load's transactions runs.
func (o loadRun) beat(ctx context.Context, tx runner) error {
	recs, err := tx.run(ctx, beatCall(o.token, o.now()))
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return fmt.Errorf("%s returned %d rows, want 1", beatStatement.Name, len(recs))
	}
	return checkHeld(recs[0].AsMap())
}

// abandon deletes the stage of a load that failed with cause, and
// releases it, even when ctx was cancelled: a cancelled load must not
// leave its stage behind. A load whose stage was taken over leaves it to
// the load that took it. If the deletion fails too, the next load deletes
// what is left, and the error says so.
func (o loadRun) abandon(ctx context.Context, txs transactor, cause error) error {
	if errors.Is(cause, errStageLost) {
		return cause
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.staleAfter)
	defer cancel()
	err := cleanup(ctx, txs, labelStaged, o.batch)
	if err == nil {
		err = txs.inTx(ctx, func(tx runner) error {
			_, err := tx.run(ctx, releaseCall(o.token))
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("%w (deleting the load's stage failed too, so the next load will: %v)", cause, err)
	}
	return cause
}

// claimedElsewhere reads the owners statement's rows.
func claimedElsewhere(recs []*driver.Record) ([]flow.Claimed, error) {
	out := make([]flow.Claimed, 0, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		id, err := value[string](m, "id")
		if err != nil {
			return nil, err
		}
		owner, err := value[string](m, "owner")
		if err != nil {
			return nil, err
		}
		out = append(out, flow.Claimed{ID: id, Dataset: owner})
	}
	return out, nil
}
