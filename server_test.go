package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/metrics"
	"github.com/fundflow/fundflow/sqlite"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestLoadCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "fundflow.db")

	t.Run("DryRunWritesNothing", func(t *testing.T) {
		var out bytes.Buffer
		if err := run(ctx, []string{"load", "--dry-run", "data/nhs-tech-2016-18.yaml"}, env("FUNDFLOW_DB", db), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		want := "data/nhs-tech-2016-18.yaml is valid: dataset nhs-tech-2016-18 with 1 fund, 6 programmes, 14 organisations, 2 sources, 15 flows, 7 budget lines, 40 citations (dry run: nothing written)\n"
		if out.String() != want {
			t.Errorf("got %q, want %q", out.String(), want)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("a dry run created the database: %v", err)
		}
	})

	t.Run("OK", func(t *testing.T) {
		for i := 0; i < 2; i++ { // twice: the second load changes nothing
			var out bytes.Buffer
			if err := run(ctx, []string{"load", "--db", db, "data/nhs-tech-2016-18.yaml"}, env(), &out, io.Discard); err != nil {
				t.Fatal(err)
			}
			want := "loaded dataset nhs-tech-2016-18 from data/nhs-tech-2016-18.yaml into " + db +
				": 1 fund, 6 programmes, 14 organisations, 2 sources, 15 flows, 7 budget lines, 40 citations; removed 0 stale records\n"
			if out.String() != want {
				t.Errorf("load %d: got %q, want %q", i+1, out.String(), want)
			}
		}
	})

	t.Run("ErrEveryProblemAsInREADME", func(t *testing.T) {
		err := run(ctx, []string{"load", "--db", db, "loader/testdata/broken/several-problems.yaml"}, env(), io.Discard, io.Discard)
		if err == nil {
			t.Fatal("a broken file loaded")
		}
		readme, _ := os.ReadFile("README.md")
		if printed := "fundflow: " + err.Error() + "\n"; !strings.Contains(string(readme), printed) {
			t.Errorf("README should show the real error output:\n%s", printed)
		}
	})

	t.Run("ErrUsage", func(t *testing.T) {
		var stderr bytes.Buffer
		if err := run(ctx, []string{"load"}, env(), io.Discard, &stderr); err != errUsage || !strings.Contains(stderr.String(), "usage: fundflow load") {
			t.Errorf("got %v and %q, want usage", err, stderr.String())
		}
	})
}

func TestMux(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log := zerolog.New(io.Discard)
	m := metrics.New()
	st2 := metrics.Store(st, m)
	if err := seed(ctx, st2, log); err != nil {
		t.Fatal(err)
	}
	h, err := newMux(defaults(env()), auth.Tokens{}, st2, m, log)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}

	t.Run("GraphiQLOpensWithTheQuestions", func(t *testing.T) {
		rec := get("/")
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "graphiql") || rec.Header().Get("X-Request-ID") == "" {
			t.Fatalf("got %d %.200s", rec.Code, body)
		}
		for _, ex := range examples.All() {
			// The page embeds each query as a JSON string.
			name := strings.Fields(strings.SplitN(ex.Query, "query ", 2)[1])[0]
			if !strings.Contains(body, "query "+name) {
				t.Errorf("GraphiQL page lacks the %s tab", name)
			}
		}
	})

	t.Run("Healthz", func(t *testing.T) {
		if rec := get("/healthz"); rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
			t.Errorf("got %d %q", rec.Code, rec.Body.String())
		}
	})

	t.Run("Readyz", func(t *testing.T) {
		if rec := get("/readyz"); rec.Code != http.StatusOK || rec.Body.String() != "ready\n" {
			t.Errorf("got %d %q", rec.Code, rec.Body.String())
		}
	})

	t.Run("Metrics", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"query Named { funds { totalCount } nosuch }"}`))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(httptest.NewRecorder(), req)
		req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"query Named { funds { totalCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(httptest.NewRecorder(), req)
		body := get("/metrics").Body.String()
		for _, want := range []string{
			`fundflow_http_requests_total{operation="Named",path="/graphql",status="200"} 1`,
			`fundflow_http_request_duration_seconds_count{operation="Named",path="/graphql"}`,
			`fundflow_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1`,
			`fundflow_store_call_duration_seconds_count{method="Funds",outcome="ok"}`,
			`fundflow_loader_rows_total{kind="flow"} 15`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		if rec := get("/nope"); rec.Code != http.StatusNotFound {
			t.Errorf("got %d, want 404", rec.Code)
		}
	})

	t.Run("ProductionHasNoGraphiQL", func(t *testing.T) {
		prod, err := newMux(defaults(env("FUNDFLOW_MODE", "production")), auth.Tokens{}, st, nil, log)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		prod.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GraphiQL in production: got %d, want 404", rec.Code)
		}
	})

	t.Run("SeedLoadsOnlyIntoAnEmptyStore", func(t *testing.T) {
		before, _ := st.Counts(ctx)
		if err := seed(ctx, st, log); err != nil {
			t.Fatal(err)
		}
		if after, _ := st.Counts(ctx); after != before {
			t.Errorf("seeding a full store changed it: %+v -> %+v", before, after)
		}
	})
}

func TestServeFinishesInFlightRequests(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(200 * time.Millisecond) // in flight when shutdown begins
		_, _ = w.Write([]byte("done"))
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h, zerolog.New(io.Discard)) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	if body := <-got; body != "done" {
		t.Errorf("in-flight request: got %q, want done", body)
	}
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}
}

func TestConfig(t *testing.T) {
	t.Run("EmbeddedByDefault", func(t *testing.T) {
		if c := defaults(env()); c.backend() != "sqlite" || c.DB != "fundflow.db" || c.Addr != "127.0.0.1:8080" {
			t.Errorf("got %+v", c)
		}
	})
	t.Run("Neo4jWhenURISet", func(t *testing.T) {
		c := defaults(env("NEO4J_URI", "neo4j+s://x.databases.example", "NEO4J_PASSWORD", "hunter2", "NEO4J_DATABASE", "fundflow", "NEO4J_BATCH_SIZE", "500"))
		if c.backend() != "neo4j" || c.Neo4j.Username != "neo4j" || c.Neo4j.Database != "fundflow" || c.Neo4j.BatchSize != 500 {
			t.Errorf("got %+v", c.Neo4j)
		}
		var logs bytes.Buffer
		c.log(zerolog.New(&logs), "serve")
		if strings.Contains(logs.String(), "hunter2") || !strings.Contains(logs.String(), `"neo4j_password":"****"`) {
			t.Errorf("startup log must mask the password: %s", logs.String())
		}
	})
	t.Run("ErrNeo4jUnreachableNamesURI", func(t *testing.T) {
		// Nothing listens on port 1: the driver's connectivity check fails
		// at once, and the error says where and why.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := run(ctx, []string{"load", "data/nhs-tech-2016-18.yaml"}, env("NEO4J_URI", "bolt://127.0.0.1:1"), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "neo4j bolt://127.0.0.1:1: cannot reach the server") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrBadScheme", func(t *testing.T) {
		err := run(context.Background(), []string{"load", "data/nhs-tech-2016-18.yaml"}, env("NEO4J_URI", "http://127.0.0.1:7474"), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "neo4j http://127.0.0.1:7474") {
			t.Errorf("got %v", err)
		}
	})
}

// staleStore reports datasets written by an older fundflow, as the Neo4j
// store does for graphs loaded before the current format.
type staleStore struct {
	flow.Store
	stale []string
}

func (s staleStore) StaleDatasets(context.Context) ([]string, error) { return s.stale, nil }

func TestCheckFormat(t *testing.T) {
	if err := checkFormat(context.Background(), staleStore{}); err != nil {
		t.Errorf("current data: %v", err)
	}
	err := checkFormat(context.Background(), staleStore{stale: []string{"nhs-tech-2016-18"}})
	if err == nil || !strings.Contains(err.Error(), "datasets nhs-tech-2016-18 were loaded by an older fundflow; load them again") {
		t.Errorf("stale data: got %v", err)
	}
}

func TestServerTimeouts(t *testing.T) {
	srv := newServer(http.NotFoundHandler())
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("every connection phase must be bounded: %+v", srv)
	}
}
