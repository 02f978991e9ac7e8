package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
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
		want := "data/nhs-tech-2016-18.yaml is valid: dataset nhs-tech-2016-18 with 1 fund, 6 programmes, 14 organisations, 2 sources, 15 flows, 7 budget lines, 8 links, 8 people, 5 facts, 10 statements, 72 citations (dry run: nothing written)\n"
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
				": 1 fund, 6 programmes, 14 organisations, 2 sources, 15 flows, 7 budget lines, 8 links, 8 people, 5 facts, 10 statements, 72 citations; removed 0 stale records\n"
			if out.String() != want {
				t.Errorf("load %d: got %q, want %q", i+1, out.String(), want)
			}
		}
	})

	t.Run("ErrEveryProblemAsInDocs", func(t *testing.T) {
		err := run(ctx, []string{"load", "--db", db, "loader/testdata/broken/several-problems.yaml"}, env(), io.Discard, io.Discard)
		if err == nil {
			t.Fatal("a broken file loaded")
		}
		const page = "docs/data.md" // its section "Loading" shows this output
		doc, rerr := os.ReadFile(page)
		if rerr != nil {
			t.Fatal(rerr)
		}
		if printed := "fundflow: " + err.Error() + "\n"; !strings.Contains(string(doc), printed) {
			t.Errorf("%s should show the real error output:\n%s", page, printed)
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
	svc := ledger.New(metrics.Store(st, m), log, time.Now)
	if err := seed(ctx, svc, log); err != nil {
		t.Fatal(err)
	}
	h, err := newMux(defaults(env()), auth.Tokens{}, svc, m, log)
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
			`fundflow_store_call_duration_seconds_count{method="ListNodes",outcome="ok"}`,
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
		prod, err := newMux(defaults(env("FUNDFLOW_MODE", "production")), auth.Tokens{}, svc, nil, log)
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
		if err := seed(ctx, svc, log); err != nil {
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
		c := defaults(env("NEO4J_URI", "neo4j+s://x.databases.example", "NEO4J_PASSWORD", "hunter2", "NEO4J_DATABASE", "fundflow", "NEO4J_BATCH_SIZE", "500",
			"NEO4J_TX_TIMEOUT", "90s"))
		if c.backend() != "neo4j" || c.Neo4j.Username != "neo4j" || c.Neo4j.Database != "fundflow" || c.Neo4j.BatchSize != 500 ||
			c.Neo4j.TxTimeout != 90*time.Second {
			t.Errorf("got %+v", c.Neo4j)
		}
		var logs bytes.Buffer
		c.log(zerolog.New(&logs), "serve")
		if strings.Contains(logs.String(), "hunter2") || !strings.Contains(logs.String(), `"neo4j_password":"****"`) {
			t.Errorf("startup log must mask the password: %s", logs.String())
		}
	})
	t.Run("Neo4jTxTimeout", func(t *testing.T) {
		// Ten minutes by default; the flag overrides the environment; a
		// value that is no positive duration is refused, naming it.
		if c := defaults(env()); c.Neo4j.TxTimeout != 10*time.Minute || c.check() != nil {
			t.Errorf("default: got %s, %v", c.Neo4j.TxTimeout, c.check())
		}
		c := defaults(env("NEO4J_TX_TIMEOUT", "90s"))
		if err := c.flags("load", io.Discard).Parse([]string{"--neo4j-tx-timeout", "2m"}); err != nil || c.Neo4j.TxTimeout != 2*time.Minute {
			t.Errorf("flag: got %s, %v", c.Neo4j.TxTimeout, err)
		}
		for _, bad := range []string{"ten minutes", "-1m", "0s"} {
			if err := defaults(env("NEO4J_TX_TIMEOUT", bad)).check(); err == nil || !strings.Contains(err.Error(), "NEO4J_TX_TIMEOUT") {
				t.Errorf("NEO4J_TX_TIMEOUT=%q: got %v, want it refused", bad, err)
			}
		}
		c = defaults(env())
		if err := c.flags("load", io.Discard).Parse([]string{"--neo4j-tx-timeout", "0s"}); err != nil || c.check() == nil {
			t.Errorf("--neo4j-tx-timeout 0s: parsed %v, checked %v; want it refused", err, c.check())
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

// cli runs the command line as a test process would, in a store and on an
// address of its own, and reports what it printed and whether it opened
// the store.
type cliResult struct {
	err            error
	stdout, stderr string
	// dbCreated says whether the embedded database file appeared: the
	// sign that a command opened the store.
	dbCreated bool
}

func cli(t *testing.T, timeout time.Duration, args ...string) cliResult {
	t.Helper()
	db := filepath.Join(t.TempDir(), "fundflow.db")
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, args, env("FUNDFLOW_DB", db, "FUNDFLOW_ADDR", "127.0.0.1:0"), &stdout, &stderr)
	r := cliResult{err: err, stdout: stdout.String(), stderr: stderr.String()}
	_, statErr := os.Stat(db)
	r.dbCreated = statErr == nil
	return r
}

func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-help"}, {"-h"}, {"--h"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := cli(t, 5*time.Second, args...)
			if r.err != nil || exitCode(r.err) != 0 {
				t.Fatalf("got %v (exit %d), want success", r.err, exitCode(r.err))
			}
			// Each command on a line of its own, with a description after it.
			for _, name := range []string{"serve", "load", "token", "help"} {
				if !regexp.MustCompile(`(?m)^\s+` + name + `\s+\S.*$`).MatchString(r.stdout) {
					t.Errorf("the list lacks a line for %s:\n%s", name, r.stdout)
				}
			}
			if r.stderr != "" || r.dbCreated {
				t.Errorf("help must only print to stdout: stderr %q, store opened %v", r.stderr, r.dbCreated)
			}
		})
	}
}

func TestHelpDescribesOneCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"help", "load"}, []string{"usage: fundflow load [flags] DATASET.yaml", "Load validates", "-dry-run", "-db string"}},
		{[]string{"load", "--help"}, []string{"usage: fundflow load [flags] DATASET.yaml", "-dry-run", "-neo4j-uri string"}},
		{[]string{"load", "-h", "file.yaml"}, []string{"usage: fundflow load", "-dry-run"}},
		{[]string{"help", "serve"}, []string{"usage: fundflow [serve] [flags]", "-addr string", "-tokens-file string"}},
		{[]string{"serve", "-h"}, []string{"usage: fundflow [serve] [flags]", "-rate-limit float"}},
		{[]string{"--addr", ":9090", "--help"}, []string{"usage: fundflow [serve] [flags]", "-mode string"}},
		{[]string{"help", "token"}, []string{"usage: fundflow token NAME", "Token makes"}},
		{[]string{"help", "help"}, []string{"usage: fundflow help [command]"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := cli(t, 5*time.Second, tc.args...)
			if r.err != nil {
				t.Fatalf("got %v, want success", r.err)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("help lacks %q:\n%s", w, r.stdout)
				}
			}
			if r.stderr != "" || r.dbCreated {
				t.Errorf("help must only print to stdout: stderr %q, store opened %v", r.stderr, r.dbCreated)
			}
		})
	}

	t.Run("DefaultsComeFromTheEnvironmentButNotThePassword", func(t *testing.T) {
		var out bytes.Buffer
		err := run(context.Background(), []string{"help", "load"}, env("FUNDFLOW_DB", "/srv/ff.db", "NEO4J_PASSWORD", "hunter2"), &out, io.Discard)
		if err != nil || !strings.Contains(out.String(), `(default "/srv/ff.db")`) {
			t.Errorf("got %v, help should show the -db default from FUNDFLOW_DB:\n%s", err, out.String())
		}
		if strings.Contains(out.String(), "hunter2") || !strings.Contains(out.String(), `(default "****")`) {
			t.Errorf("help must mask the password default:\n%s", out.String())
		}
	})
}

func TestTokenCommand(t *testing.T) {
	for _, args := range [][]string{{"token", "--help"}, {"token", "-h"}, {"help", "token"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := cli(t, 5*time.Second, args...)
			if r.err != nil || !strings.Contains(r.stdout, "usage: fundflow token NAME") {
				t.Errorf("got %v and %q, want the token help", r.err, r.stdout)
			}
			if strings.Contains(r.stdout+r.stderr, "sha256:") {
				t.Errorf("help made a token:\n%s", r.stdout)
			}
		})
	}
	t.Run("MakesOne", func(t *testing.T) {
		r := cli(t, 5*time.Second, "token", "newsdesk")
		if r.err != nil || !strings.Contains(r.stdout, "\nnewsdesk sha256:") {
			t.Errorf("got %v and %q, want a token and its line", r.err, r.stdout)
		}
	})
	for _, args := range [][]string{{"token"}, {"token", "a", "b"}, {"token", "-x"}, {"token", "--", "-x"}, {"token", "--", "--help"}} {
		t.Run("ErrUsage "+strings.Join(args, " "), func(t *testing.T) {
			r := cli(t, 5*time.Second, args...)
			if exitCode(r.err) != 2 || !strings.Contains(r.stderr, "usage: fundflow token NAME") {
				t.Errorf("got %v (exit %d) and %q, want misuse with the usage", r.err, exitCode(r.err), r.stderr)
			}
			if strings.Contains(r.stdout, "sha256:") {
				t.Errorf("misuse made a token:\n%s", r.stdout)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		// say is the first line on stderr.
		say string
	}{
		{[]string{"lod", "data.yaml"}, "fundflow lod: unknown command; did you mean load?"},
		{[]string{"sevre"}, "fundflow sevre: unknown command; did you mean serve?"},
		{[]string{"Token", "x"}, "fundflow Token: unknown command; did you mean token?"},
		{[]string{"x"}, "fundflow x: unknown command"},
		{[]string{"deploy", "--addr", ":9090"}, "fundflow deploy: unknown command"},
		{[]string{"help", "nosuch"}, "fundflow help nosuch: unknown command"},
		{[]string{"help", "lod"}, "fundflow help lod: unknown command; did you mean load?"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			// Were a server started it would run until the timeout and
			// return nil, or fail to listen: both fail below.
			const timeout = 3 * time.Second
			r := cli(t, timeout, tc.args...)
			var unknown *unknownCommandError
			if !errors.As(r.err, &unknown) || exitCode(r.err) != 2 {
				t.Fatalf("got %v (exit %d), want the unknown-command usage error", r.err, exitCode(r.err))
			}
			if want := tc.say + "\nRun 'fundflow help' for usage.\n"; r.stderr != want {
				t.Errorf("stderr %q, want %q", r.stderr, want)
			}
			if r.dbCreated || r.stdout != "" {
				t.Errorf("an unknown command must be refused before anything runs: store opened %v, stdout %q", r.dbCreated, r.stdout)
			}
		})
	}
}

func TestMisuseShowsTheCommandsUsage(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		usage string
	}{
		{[]string{"load"}, "usage: fundflow load [flags] DATASET.yaml"},
		{[]string{"load", "a.yaml", "b.yaml"}, "usage: fundflow load [flags] DATASET.yaml"},
		{[]string{"load", "--bogus", "data/nhs-tech-2016-18.yaml"}, "usage: fundflow load [flags] DATASET.yaml"},
		{[]string{"serve", "extra"}, "usage: fundflow [serve] [flags]"},
		{[]string{"--bogus"}, "usage: fundflow [serve] [flags]"},
		{[]string{"--addr", ":9090", "load"}, "usage: fundflow [serve] [flags]"},
		{[]string{"--rate-limit", "many"}, "usage: fundflow [serve] [flags]"},
		{[]string{"help", "load", "serve"}, "usage: fundflow help [command]"},
		{[]string{"help", "-x"}, "usage: fundflow help [command]"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			const timeout = 3 * time.Second
			r := cli(t, timeout, tc.args...)
			if !errors.Is(r.err, errUsage) || exitCode(r.err) != 2 {
				t.Fatalf("got %v (exit %d), want a usage error", r.err, exitCode(r.err))
			}
			if !strings.Contains(r.stderr, tc.usage) || r.stdout != "" {
				t.Errorf("stderr %q, stdout %q: want the usage %q on stderr only", r.stderr, r.stdout, tc.usage)
			}
			if r.dbCreated {
				t.Errorf("misuse must be refused before anything runs: store opened %v", r.dbCreated)
			}
		})
	}
}

func TestFlagsWithoutCommandServe(t *testing.T) {
	for _, args := range [][]string{nil, {"--addr", "127.0.0.1:0"}, {"-log-level", "warn"}, {"serve", "--addr", "127.0.0.1:0"}} {
		t.Run(fmt.Sprint(args), func(t *testing.T) {
			t.Parallel()
			// The server warns that it is read-only once the store is open
			// and seeded, just before it listens; the test then ends it,
			// and a clean return means it served. No clock is involved.
			db := filepath.Join(t.TempDir(), "fundflow.db")
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			stderr := &cancelOn{marker: "the API is read-only", cancel: cancel}
			err := run(ctx, args, env("FUNDFLOW_DB", db, "FUNDFLOW_ADDR", "127.0.0.1:0"), io.Discard, stderr)
			if err != nil || !stderr.seen() {
				t.Errorf("got %v (read-only warning seen: %v), want the server to start and stop cleanly", err, stderr.seen())
			}
		})
	}
}

// cancelOn is a log writer that cancels a context when a line holding
// marker is written: a sign that the command reached that point.
type cancelOn struct {
	mu     sync.Mutex
	marker string
	cancel func()
	found  bool
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.found && bytes.Contains(p, []byte(w.marker)) {
		w.found = true
		w.cancel()
	}
	return len(p), nil
}

func (w *cancelOn) seen() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.found
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"lod", "load"}, {"laod", "load"}, {"loads", "load"}, {"srve", "serve"}, {"sevre", "serve"},
		{"tokn", "token"}, {"hlep", "help"}, {"HELP", "help"}, {"he", "help"},
		{"x", ""}, {"nosuch", ""}, {"deploy", ""}, {"", ""}, {"lo", "load"},
	} {
		if got := suggest(tc.typed); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "load", 4}, {"load", "", 4}, {"load", "load", 0},
		{"lod", "load", 1}, {"laod", "load", 2}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2},
		{"café", "cafe", 1}, // runes, not bytes
	} {
		if got := levenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{flag.ErrHelp, 0},
		{errUsage, 2},
		{fmt.Errorf("load: %w", errUsage), 2},
		{&unknownCommandError{prefix: "fundflow", name: "lod"}, 2},
		{errors.New("listen on :1: permission denied"), 1},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// TestBinaryExitCodes checks what main does with run's result: the real
// process's status and streams.
func TestBinaryExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build with")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fundflow")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		args         []string
		code         int
		stdout, errs string
	}{
		{[]string{"--help"}, 0, "The commands are:", ""},
		{[]string{"help", "load"}, 0, "-dry-run", ""},
		{[]string{"lod", "x"}, 2, "", "fundflow lod: unknown command; did you mean load?\nRun 'fundflow help' for usage.\n"},
		{[]string{"load"}, 2, "", "usage: fundflow load"},
		{[]string{"load", "--dry-run", "nosuch.yaml"}, 1, "", "fundflow: "},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			// A server started by mistake is killed at the deadline and
			// fails the exit-status check.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, tc.args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "FUNDFLOW_DB="+filepath.Join(dir, "fundflow.db"), "FUNDFLOW_ADDR=127.0.0.1:0", "NEO4J_URI=")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.errs) {
				t.Errorf("stdout %q, stderr %q: want %q and %q", stdout.String(), stderr.String(), tc.stdout, tc.errs)
			}
			if tc.code == 0 && stderr.Len() > 0 {
				t.Errorf("help wrote to stderr: %q", stderr.String())
			}
		})
	}
}
