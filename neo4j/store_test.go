package neo4j

import (
	"context"
	"testing"
	"time"
)

// TestTxTimeout checks the timeout the driver sends with each transaction:
// what is left of the request's deadline, or the configured default.
func TestTxTimeout(t *testing.T) {
	now := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	if got := txTimeout(context.Background(), 7*time.Second, now); got != 7*time.Second {
		t.Errorf("no deadline: got %v, want the default 7s", got)
	}
	for _, tc := range []struct {
		left, want time.Duration
	}{
		{15 * time.Second, 15 * time.Second},
		{1500*time.Millisecond + 1, 1501 * time.Millisecond}, // rounded up, never below what is left
		{0, time.Millisecond},                                // past: the least, never 0, which is no timeout
		{-time.Second, time.Millisecond},
	} {
		ctx, cancel := context.WithDeadline(context.Background(), now.Add(tc.left))
		if got := txTimeout(ctx, 7*time.Second, now); got != tc.want {
			t.Errorf("%v left: got %v, want %v", tc.left, got, tc.want)
		}
		cancel()
	}
}

// TestBoundedTimeout: each transaction of a load, and each write, is sent
// NEO4J_TX_TIMEOUT at most, or what is left of the deadline if sooner.
func TestBoundedTimeout(t *testing.T) {
	now := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	const limit = 10 * time.Minute
	if got := boundedTimeout(context.Background(), limit, now); got != limit {
		t.Errorf("no deadline: got %v, want the limit %v", got, limit)
	}
	for _, tc := range []struct{ left, want time.Duration }{
		{time.Hour, limit},
		{3 * time.Second, 3 * time.Second},
	} {
		ctx, cancel := context.WithDeadline(context.Background(), now.Add(tc.left))
		if got := boundedTimeout(ctx, limit, now); got != tc.want {
			t.Errorf("%v left: got %v, want %v", tc.left, got, tc.want)
		}
		cancel()
	}
}
