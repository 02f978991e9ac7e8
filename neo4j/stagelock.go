package neo4j

import (
	"time"

	"github.com/fundflow/fundflow/flow"
)

// One load at a time holds the stage, recorded on the one Stage node (its
// id is unique: constraint-stage): the load's random token, its dataset
// and when it last beat, in milliseconds since the epoch. Every
// transaction of the load beats first, and stops if the token is no
// longer its own. A load that finds the stage held waits for no one: it
// is refused with CONFLICT, unless the holder has not beaten for
// staleAfter, twice the longest a transaction of a load may run on the
// server, in which case the holder crashed and the new load takes the
// stage over and deletes what the old one left. The Stage node is not the
// Lock node, so API writes, which take the Lock, are not held up by a
// load's batches, only by its state read and its switch.
var (
	claimStageStatement = statement("stage-claim", `
MERGE (s:`+labelStage+` {id: 'load'})
WITH s, s.token AS held, s.dataset AS heldDataset, s.beatAt AS beatAt
WITH s, held, heldDataset, beatAt, held IS NULL OR beatAt < $staleBefore AS free
FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END |
  SET s.token = $token, s.dataset = $dataset, s.beatAt = $beatAt)
RETURN free, held, heldDataset, beatAt`,
		map[string]any{"staleBefore": int64(0), "token": "", "dataset": "", "beatAt": int64(0)})

	beatStatement = statement("stage-beat", `
MATCH (s:`+labelStage+` {id: 'load'}) WHERE s.token = $token
SET s.beatAt = $beatAt
RETURN count(s) AS held`,
		map[string]any{"token": "", "beatAt": int64(0)})

	releaseStageStatement = statement("stage-release", `
MATCH (s:`+labelStage+` {id: 'load'}) WHERE s.token = $token
REMOVE s.token, s.dataset, s.beatAt`,
		map[string]any{"token": ""})
)

// stageClaim is what claiming the stage found.
type stageClaim struct {
	free bool
	// held is the token of the load that held the stage before, if any:
	// a load still running when free is false, one that crashed when it
	// is true.
	held, heldDataset string
	beatAt            int64
}

// claimCall claims the stage for the load with token, at now, taking over
// a holder that last beat before now-staleAfter.
func claimCall(token, dataset string, now time.Time, staleAfter time.Duration) call {
	return call{claimStageStatement, map[string]any{"staleBefore": now.Add(-staleAfter).UnixMilli(),
		"token": token, "dataset": dataset, "beatAt": now.UnixMilli()}}
}

func beatCall(token string, now time.Time) call {
	return call{beatStatement, map[string]any{"token": token, "beatAt": now.UnixMilli()}}
}

func releaseCall(token string) call {
	return call{releaseStageStatement, map[string]any{"token": token}}
}

// readClaim reads the claim statement's one row.
func readClaim(m map[string]any) (stageClaim, error) {
	var c stageClaim
	var err error
	if c.free, err = value[bool](m, "free"); err != nil {
		return c, err
	}
	if m["held"] == nil {
		return c, nil
	}
	if c.held, err = value[string](m, "held"); err != nil {
		return c, err
	}
	if c.heldDataset, err = value[string](m, "heldDataset"); err != nil {
		return c, err
	}
	c.beatAt, err = value[int64](m, "beatAt")
	return c, err
}

// busy is the refusal of a load that finds the stage held.
func (c stageClaim) busy(staleAfter time.Duration) error {
	beat := time.UnixMilli(c.beatAt).UTC()
	return flow.Errorf(flow.ECONFLICT, "another load (of dataset %s) is writing its stage, last active at %s; try again once it ends, "+
		"or after %s if it was interrupted (its stage is then cleaned up)", c.heldDataset, beat.Format(time.RFC3339), beat.Add(staleAfter).Format(time.RFC3339))
}

// errStageLost stops a load whose stage another load took over, having
// found it inactive for too long: that load now deletes it, so this one
// must write nothing more, not even its cleanup.
var errStageLost = flow.Errorf(flow.ECONFLICT, "the load was inactive for too long and another load took its stage over; load again")

// checkHeld reads the beat statement's row: whether the load still holds
// the stage.
func checkHeld(m map[string]any) error {
	n, err := value[int64](m, "held")
	if err != nil {
		return err
	}
	if n != 1 {
		return errStageLost
	}
	return nil
}
