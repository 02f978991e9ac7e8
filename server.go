// Command fundflow serves the fund-flow graph over GraphQL and loads curated
// datasets into it.
//
//	go run .                  serve the bundled data on 127.0.0.1:8080
//	go run . load FILE        validate FILE and load it (--dry-run: validate only)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/metrics"
	"github.com/fundflow/fundflow/web"
)

// main runs the command and turns its result into the exit status the go
// command would give: 0 for success and help, 2 for misuse (already
// explained on stderr), 1 for any other failure, printed here.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop() // os.Exit skips deferred calls
	code := exitCode(err)
	if code == 1 {
		fmt.Fprintln(os.Stderr, "fundflow:", err)
	}
	os.Exit(code)
}

// errUsage reports bad command-line use, already explained on stderr with
// the command's usage; main exits 2 for it and anything wrapping it.
var errUsage = errors.New("usage")

// run is main without the process: arguments, environment and output are
// passed in so tests can drive every command. A first argument that is a
// command selects it; no argument, or a first argument that is a flag,
// means serve (documented, and how deployments start it); any other first
// argument is an unknown command, refused before anything is opened.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		switch _, known := lookup(args[0]); {
		case isHelpFlag(args[0]):
			// "fundflow -h" lists the commands, as "go -h" does, rather than
			// describing serve, the default command.
			cmd, args = "help", nil
		case known:
			cmd, args = args[0], args[1:]
		case !strings.HasPrefix(args[0], "-"):
			return unknownCommand(stderr, "fundflow", args[0])
		}
	}
	cfg := defaults(getenv)
	var err error
	switch cmd {
	case "load":
		err = runLoad(ctx, cfg, args, stdout, stderr)
	case "help":
		err = runHelp(cfg, args, stdout, stderr)
	case "token":
		err = runToken(cfg, args, stdout, stderr)
	case "export":
		err = runExport(ctx, cfg, args, stdout, stderr)
	case "gen":
		err = runGen(cfg, args, stdout, stderr)
	default:
		err = runServe(ctx, cfg, args, stdout, stderr)
	}
	if errors.Is(err, flag.ErrHelp) {
		return nil // help was asked for and printed: success
	}
	return err
}

// newLogger writes JSON lines, or readable console output when w is a
// terminal.
func newLogger(w io.Writer, level zerolog.Level) zerolog.Logger {
	if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

// runServe is "fundflow [serve] [flags]"; stdout receives only its help.
func runServe(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if _, err := mustLookup("serve").parse(&cfg, args, stdout, stderr); err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	// Every setting is checked before the store is opened or seeded, so a
	// bad configuration changes nothing.
	tokens, err := cfg.tokens()
	if err != nil {
		return err
	}
	level, err := cfg.level()
	if err != nil {
		return err
	}
	log := newLogger(stderr, level)
	cfg.log(log, "serve")
	boundHeap(serveHeapLimit)

	var st flow.Store
	st, err = cfg.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkFormat(ctx, st); err != nil {
		return err
	}
	m := metrics.New()
	svc := ledger.New(metrics.Store(st, m), log, time.Now)
	if err := seed(ctx, svc, log); err != nil {
		return err
	}
	if tokens.Len() == 0 {
		log.Warn().Msg("no write tokens configured (FUNDFLOW_TOKENS, FUNDFLOW_TOKENS_FILE): the API is read-only")
	} else {
		log.Info().Strs("writers", tokens.Names()).Msg("writes need a bearer token")
	}
	h, err := newMux(cfg, tokens, svc, m, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	servers := []listener{{ln, h}}
	if cfg.MetricsAddr != "" {
		ops, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s: %w", cfg.MetricsAddr, err)
		}
		log.Info().Str("url", "http://"+ops.Addr().String()+"/metrics").Msg("serving /metrics, /healthz and /readyz on the metrics address")
		servers = append(servers, listener{ops, newOpsMux(svc, m, log)})
	}
	if cfg.production() {
		log.Info().Str("url", "http://"+ln.Addr().String()+"/graphql").Msg("serving GraphQL at /graphql (production: no GraphiQL, no introspection)")
	} else {
		log.Info().Str("url", "http://"+ln.Addr().String()+"/").Msg("serving GraphiQL at / and GraphQL at /graphql")
	}
	return serveAll(ctx, log, servers...)
}

// checkFormat refuses to serve datasets that an older fundflow wrote in a
// form this version cannot read correctly (only Neo4j keeps such data: the
// embedded store's migrations upgrade it).
func checkFormat(ctx context.Context, st flow.Store) error {
	s, ok := st.(interface {
		StaleDatasets(context.Context) ([]string, error)
	})
	if !ok {
		return nil
	}
	stale, err := s.StaleDatasets(ctx)
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		return fmt.Errorf("datasets %s were loaded by an older fundflow; load them again with `fundflow load FILE` before serving", strings.Join(stale, ", "))
	}
	return nil
}

// seed loads the bundled dataset into an empty store, so the first start
// serves real data; a store that holds anything is left alone.
func seed(ctx context.Context, svc *ledger.Service, log zerolog.Logger) error {
	c, err := svc.Counts(ctx)
	if err != nil {
		return fmt.Errorf("inspect store: %w", err)
	}
	if c.Total() > 0 {
		log.Info().Int("records", c.Total()).Msg("store already holds data; not loading the bundled dataset")
		return nil
	}
	ds, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		return fmt.Errorf("bundled dataset: %w", err)
	}
	rep, err := svc.Load(ctx, ds)
	if err != nil {
		return err
	}
	log.Info().Str("dataset", rep.Dataset).Str("loaded", summary(rep.Counts)).Msg("loaded the bundled dataset into the empty store")
	return nil
}

// newMux routes /graphql and the CSV exports at /export/ (rate-limited
// together, CORS allow-listed), GraphiQL at / (not in production), the flow
// explorer at /explore and the pages' bundles under /assets/, /healthz,
// /readyz and /metrics, behind the access log, which learns the client
// address (forwarded, from a trusted proxy) first.
func newMux(cfg config, tokens auth.Tokens, svc *ledger.Service, m *metrics.Metrics, log zerolog.Logger) (http.Handler, error) {
	opts := cfg.API
	opts.Production, opts.Timeout, opts.Tokens = cfg.production(), cfg.Timeout, tokens
	var api http.Handler = graph.NewHandler(&graph.Resolver{Ledger: svc, Logger: log, Metrics: m}, opts)
	api = withExports(api, cfg, svc, log) // /export/, behind the same limiter
	// CORS outside the limiter: a 429 must still carry CORS headers for the
	// browser to read it, and preflights must not spend the client's budget.
	if cfg.RateLimit > 0 {
		api = web.RateLimit(cfg.RateLimit, cfg.RateBurst, time.Now, api)
	}
	api = web.CORS(cfg.origins(), api)
	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
	mux.Handle("GET /export/{file}", api)
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.Handle("GET /readyz", web.Readyz(svc.Ping, log))
	if cfg.MetricsAddr == "" {
		mux.Handle("GET /metrics", m.Handler())
	}
	// The pages' bundles and the flow explorer are public reads, served in
	// production too; only GraphiQL, which needs introspection, is not.
	mux.Handle("/assets/", web.Assets())
	playground := "/"
	if cfg.production() {
		playground = ""
	}
	explorer, err := web.Explorer("/graphql", playground)
	if err != nil {
		return nil, err
	}
	mux.Handle("/explore", explorer)
	if !cfg.production() {
		var tabs []web.Tab
		for _, ex := range examples.All() {
			tabs = append(tabs, web.Tab{Query: ex.Query})
		}
		page, err := web.GraphiQL("/graphql", tabs)
		if err != nil {
			return nil, err
		}
		// "/{$}" is "/" alone, so other paths match no pattern and count as
		// the route "other" in the metrics.
		mux.Handle("/{$}", page)
	}
	proxies, err := cfg.proxies()
	if err != nil {
		return nil, err
	}
	return web.ClientAddress(proxies, web.Logged(log, time.Now, m, mux)), nil
}

// newOpsMux serves /metrics, /healthz and /readyz for the metrics address
// (--metrics-addr), which only the operator's network should reach.
func newOpsMux(svc *ledger.Service, m *metrics.Metrics, log zerolog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.Handle("GET /readyz", web.Readyz(svc.Ping, log))
	mux.Handle("GET /metrics", m.Handler())
	return web.ClientAddress(nil, web.Logged(log, time.Now, m, mux))
}

// listener is one address to serve and its handler.
type listener struct {
	ln net.Listener
	h  http.Handler
}

// serveAll serves every listener until ctx ends or one fails, which stops
// the others; it returns the first failure.
func serveAll(ctx context.Context, log zerolog.Logger, ls ...listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(ls))
	for _, l := range ls {
		go func() {
			err := serve(ctx, l.ln, l.h, log)
			cancel()
			errc <- err
		}()
	}
	var first error
	for range ls {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// newServer bounds every phase of a connection, so slow or idle clients
// cannot hold the server's resources (OWASP: server timeouts).
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// serve runs the HTTP server until ctx ends, then lets in-flight requests
// finish for up to shutdownGrace.
func serve(ctx context.Context, ln net.Listener, h http.Handler, log zerolog.Logger) error {
	const shutdownGrace = 15 * time.Second
	srv := newServer(h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
