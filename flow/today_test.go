package flow_test

import (
	"testing"
	"time"

	"github.com/fundflow/fundflow/flow"
)

func TestTodayAndEarliestDay(t *testing.T) {
	// 00:30 in Paris on 24 November is still 23 November in UTC.
	if got := flow.Today(time.Date(2026, 11, 24, 0, 30, 0, 0, time.FixedZone("CET", 3600))); got != "2026-11-23" {
		t.Errorf("Today: got %s, want 2026-11-23", got)
	}
	for published, want := range map[string]flow.Date{"2018": "2018-01-01", "2018-07": "2018-07-01", "2018-01-24": "2018-01-24"} {
		if got := flow.EarliestDay(published); got != want {
			t.Errorf("EarliestDay(%s): got %s, want %s", published, got, want)
		}
	}
}
