package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
)

// counting is a store that counts the list calls the exports make and,
// when failOn is set, fails that call: a store that breaks mid-export.
type counting struct {
	flow.Store
	mu     sync.Mutex
	calls  int
	failOn int
	// before is called with the call's number before it runs.
	before func(n int)
}

// reset starts counting afresh, failing call failOn (0 for none) and
// calling before ahead of each call.
func (c *counting) reset(failOn int, before func(n int)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls, c.failOn, c.before = 0, failOn, before
}

func (c *counting) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	c.mu.Lock()
	c.calls++
	n, before, fail := c.calls, c.before, c.calls == c.failOn
	c.mu.Unlock()
	if before != nil {
		before(n)
	}
	if fail {
		return nil, flow.Internal("list flows", context.DeadlineExceeded)
	}
	return c.Store.Flows(ctx, f, w)
}

// bundled returns a service over an embedded store holding the bundled
// dataset, and the counting store beneath it.
func bundled(tb testing.TB) (*ledger.Service, *counting) {
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
	c := &counting{Store: st}
	svc := ledger.New(c, zerolog.Nop(), time.Now)
	if _, err := svc.Load(ctx, ds); err != nil {
		tb.Fatal(err)
	}
	return svc, c
}

// exported parses the query, writes the export and reads it back with
// encoding/csv: the header and the rows.
func exported(tb testing.TB, svc *ledger.Service, list, query string, o Options) ([]string, [][]string) {
	tb.Helper()
	req, err := ParseQuery(list, query)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := req.Write(context.Background(), svc, &buf, o); err != nil {
		tb.Fatal(err)
	}
	return readCSV(tb, buf.Bytes())
}

// readCSV reads a whole file with encoding/csv, which checks RFC 4180
// quoting and that every row has the header's width.
func readCSV(tb testing.TB, b []byte) ([]string, [][]string) {
	tb.Helper()
	all, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		tb.Fatalf("not CSV: %v\n%s", err, b)
	}
	if len(all) == 0 {
		tb.Fatal("no header row")
	}
	return all[0], all[1:]
}

// column returns the index of the named column, failing if absent.
func column(tb testing.TB, header []string, name string) int {
	tb.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	tb.Fatalf("no column %q in %v", name, header)
	return -1
}
