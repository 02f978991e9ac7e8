package neo4j_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/neo4j"
	"github.com/fundflow/fundflow/storetest"
)

// suiteDatasets are the datasets the contract suite creates; it deletes
// them, and nothing else, before each subtest.
var suiteDatasets = []string{"nhs-tech-2016-18", "other", "api"}

// testConfig returns the Neo4j the tests may use, or skips.
func testConfig(t *testing.T) neo4j.Config {
	t.Helper()
	cfg, ok := neo4j.TestConfig(os.Getenv)
	if !ok {
		t.Skip("set NEO4J_TEST_URI (and NEO4J_TEST_PASSWORD) to run the contract suite against a real Neo4j")
	}
	cfg.BatchSize = 5 // exercise batching
	return cfg
}

// TestContract runs the behavioural contract against a real Neo4j. The
// suite asserts totals, so the database must hold nothing but the suite's
// own datasets.
func TestContract(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	open := func(tb testing.TB) flow.Store {
		tb.Helper()
		st, err := neo4j.Open(ctx, cfg, time.Now)
		if err != nil {
			tb.Fatalf("open: %v", err)
		}
		for _, ds := range suiteDatasets {
			if _, err := st.DeleteDataset(ctx, ds); err != nil {
				tb.Fatalf("clear dataset %s: %v", ds, err)
			}
		}
		c, err := st.Counts(ctx)
		if err != nil {
			tb.Fatal(err)
		}
		if c.Total() != 0 {
			st.Close()
			tb.Skipf("the database at %s holds other data (%+v); the contract suite needs one that holds only its own", cfg.URI, c)
		}
		return st
	}
	storetest.Run(t, open)
	st := open(t) // leave nothing behind
	st.Close()
}
