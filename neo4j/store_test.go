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
