package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/metrics"
	"github.com/fundflow/fundflow/sqlite"
)

// servedStore opens an empty embedded store in a temporary directory, with
// the service and metrics the server puts in front of it and a discarding
// logger; the store closes when the test ends.
func servedStore(tb testing.TB) (*ledger.Service, *metrics.Metrics, zerolog.Logger) {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	log := zerolog.New(io.Discard)
	m := metrics.New()
	return ledger.New(metrics.Store(st, m), log, time.Now), m, log
}
