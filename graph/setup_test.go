package graph_test

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/go-viper/mapstructure/v2"
	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
	"github.com/fundflow/fundflow/web"
)

// openStore returns an embedded store holding the bundled dataset.
func openStore(tb testing.TB) flow.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ds, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ledger.New(st, zerolog.Nop(), time.Now).Load(ctx, ds); err != nil {
		tb.Fatal(err)
	}
	return st
}

// newHandler serves the GraphQL endpoint over st the way the server does,
// logging to log.
func newHandler(st flow.Store, log zerolog.Logger) http.Handler {
	return handlerWith(st, log, time.Now, graph.DefaultOptions())
}

// batchedHandler serves the endpoint over st with a generous batch window,
// for tests that count store calls: on a busy machine a batch that fires
// while a page is still queueing its ids would split in two.
func batchedHandler(st flow.Store) http.Handler {
	log := zerolog.New(io.Discard)
	r := &graph.Resolver{Ledger: ledger.New(st, log, time.Now), Logger: log, BatchWait: 250 * time.Millisecond}
	return web.Logged(log, time.Now, nil, graph.NewHandler(r, graph.DefaultOptions()))
}

// handlerWith serves the endpoint over st with a clock and options.
func handlerWith(st flow.Store, log zerolog.Logger, now func() time.Time, opts graph.Options) http.Handler {
	r := &graph.Resolver{Ledger: ledger.New(st, log, now), Logger: log}
	return web.Logged(log, time.Now, nil, graph.NewHandler(r, opts))
}

// newClient returns a gqlgen test client for the bundled dataset.
func newClient(tb testing.TB) *client.Client {
	tb.Helper()
	c := client.New(newHandler(openStore(tb), zerolog.New(io.Discard)))
	// The examples ask for more than each test asserts on.
	c.SetCustomDecodeConfig(&mapstructure.DecoderConfig{TagName: "json", ZeroFields: true})
	return c
}

// countingStore counts the calls a request makes to the store, to prove
// that references are batch-loaded rather than fetched per row.
type countingStore struct {
	flow.Store
	nodes atomic.Int64 // lookups of either kind
	texts atomic.Int64 // lookups reading sources' texts
}

func (s *countingStore) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	s.nodes.Add(1)
	s.texts.Add(1)
	return s.Store.Nodes(ctx, ids)
}

func (s *countingStore) NodesBrief(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	s.nodes.Add(1)
	return s.Store.NodesBrief(ctx, ids)
}

// failingStore fails every list call the way a broken database would.
type failingStore struct{ flow.Store }

func (failingStore) Flows(context.Context, flow.FlowFilter, flow.Window) (*flow.Page[*flow.Flow], error) {
	return nil, flow.Internal("list flows", errSQL)
}

var errSQL = sqlError("SQL logic error: no such column: secret_column (1)")

type sqlError string

func (e sqlError) Error() string { return string(e) }
