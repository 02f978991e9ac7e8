package graph_test

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/neo4j"
)

// TestNeo4jAnswersLikeEmbedded loads the bundled dataset into a real Neo4j
// (NEO4J_TEST_URI, NEO4J_TEST_PASSWORD...) and checks that every question
// of docs/questions.md gets byte-for-byte the answer the embedded store gives: the API
// cannot tell the backends apart.
func TestNeo4jAnswersLikeEmbedded(t *testing.T) {
	cfg, ok := neo4j.TestConfig(os.Getenv)
	if !ok {
		t.Skip("set NEO4J_TEST_URI (and NEO4J_TEST_PASSWORD) to compare the backends on a real Neo4j")
	}
	ctx := context.Background()
	neo, err := neo4j.Open(ctx, cfg, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer neo.Close()
	const dataset = "nhs-tech-2016-18"
	if _, err := neo.DeleteDataset(ctx, dataset); err != nil {
		t.Fatal(err)
	}
	if c, err := neo.Counts(ctx); err != nil || c.Total() != 0 {
		t.Skipf("the database holds other data (%+v, %v); this test needs one that holds only its own", c, err)
	}
	defer neo.DeleteDataset(ctx, dataset)
	ds, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.New(neo, zerolog.Nop(), time.Now).Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	log := zerolog.New(io.Discard)
	embedded, graph := newHandler(openStore(t), log), newHandler(neo, log)
	for _, ex := range examples.All() {
		want, _ := post(t, embedded, ex.Query)
		got, _ := post(t, graph, ex.Query)
		if got.Body.String() != want.Body.String() {
			t.Errorf("%s differs:\nneo4j:    %s\nembedded: %s", ex.Name, got.Body.String(), want.Body.String())
		}
	}
}
