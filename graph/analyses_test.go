package graph_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
)

// gatedStore holds every SumFlows until release is closed, counting how
// many run at once.
type gatedStore struct {
	flow.Store
	release     chan struct{}
	entered     chan struct{}
	running, hi atomic.Int64
}

func (s *gatedStore) SumFlows(ctx context.Context, q flow.TotalsQuery, linked int) (*flow.FlowSums, error) {
	n := s.running.Add(1)
	defer s.running.Add(-1)
	for {
		old := s.hi.Load()
		if n <= old || s.hi.CompareAndSwap(old, n) {
			break
		}
	}
	s.entered <- struct{}{}
	<-s.release
	return s.Store.SumFlows(ctx, q, linked)
}

// TestAnalysesTakeTurns: with MaxAnalyses 1, a second totals query waits
// for the first to finish, while a list answers at once; a query still
// waiting when its time limit passes answers TIMEOUT.
func TestAnalysesTakeTurns(t *testing.T) {
	st := &gatedStore{Store: openStore(t), release: make(chan struct{}), entered: make(chan struct{}, 4)}
	opts := graph.DefaultOptions()
	opts.MaxAnalyses = 1
	var logs strings.Builder
	h := handlerWith(st, zerolog.New(&logs), time.Now, opts)
	// Totals asked with their links are summed on every request, in the
	// resolver, which holds its turn until the sum returns; asked for the
	// sums alone, they are kept between requests (ledger.TotalSums).
	const totals = `{ totals(groupBy: [YEAR]) { key count links(first: 1) { id } } }`
	const sums = `{ totals(groupBy: [YEAR]) { key count } }`

	var wg sync.WaitGroup
	answers := make([]gqlResponse, 2)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, answers[i] = post(t, h, totals)
		}()
	}
	<-st.entered // one is summing; the other must be waiting its turn
	if _, resp := post(t, h, `{ flows(first: 1) { totalCount } }`); len(resp.Errors) != 0 {
		t.Errorf("a list while an analysis runs: %+v", resp.Errors)
	}
	select {
	case <-st.entered:
		t.Fatal("two analyses ran at once with MaxAnalyses 1")
	case <-time.After(100 * time.Millisecond):
	}
	close(st.release)
	wg.Wait()
	for i, a := range answers {
		if groups, _ := a.Data["totals"].([]any); len(a.Errors) != 0 || len(groups) == 0 {
			t.Errorf("totals %d: %v %+v", i, a.Data, a.Errors)
		}
	}
	if hi := st.hi.Load(); hi != 1 {
		t.Errorf("at most %d sums ran at once, want 1", hi)
	}

	// A query that cannot get its turn before its deadline says so.
	opts.Timeout = 50 * time.Millisecond
	st2 := &gatedStore{Store: st.Store, release: make(chan struct{}), entered: make(chan struct{}, 4)}
	h = handlerWith(st2, zerolog.New(&logs), time.Now, opts)
	done := make(chan struct{})
	go func() { defer close(done); post(t, h, totals) }()
	<-st2.entered
	_, resp := post(t, h, sums)
	wantCode(t, resp, "TIMEOUT", "time limit")
	if !strings.Contains(logs.String(), "waiting for its turn") {
		t.Errorf("the log does not say the operation waited its turn: %s", logs.String())
	}
	close(st2.release)
	<-done
}
