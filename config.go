package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/neo4j"
	"github.com/fundflow/fundflow/sqlite"
	"github.com/fundflow/fundflow/web"
)

// config is everything the binary can be told, from flags with environment
// defaults. It is logged at startup with the password masked.
type config struct {
	Addr     string
	DB       string
	LogLevel string
	DryRun   bool
	// TakeFile makes a load write the file's version of the records the
	// API changed since the last load, instead of keeping the API's.
	TakeFile bool
	Neo4j    neo4j.Config
	// Mode is "development" (GraphiQL, introspection) or "production".
	Mode string
	// CORSOrigins may call the API from a browser.
	CORSOrigins string
	// RateLimit is requests per second per client; 0 turns it off.
	RateLimit float64
	// RateBurst is how many requests a client may make at once before the
	// rate applies: enough for a GraphiQL session or a GraphQL-over-HTTP
	// audit (61 requests), not for sustained abuse.
	RateBurst int
	// TrustedProxies (comma-separated CIDRs or addresses) are the reverse
	// proxies whose X-Forwarded-For names the client; empty trusts none.
	TrustedProxies string
	// MetricsAddr, when set, serves /metrics (and /healthz, /readyz) on a
	// listener of its own, kept off the public address.
	MetricsAddr string
	// Timeout bounds each GraphQL operation.
	Timeout time.Duration
	// Export bounds CSV exports and holds the export command's flags.
	Export exportConfig
	// API is the endpoint's options: the per-request limits (body, tokens,
	// fields, selection sets, directives, depth, aliases, errors) from flags
	// and the environment; the server adds the mode, timeout and tokens.
	API graph.Options
	// envProblems are environment settings that could not be read, reported
	// by check before anything is opened.
	envProblems []string
	// Tokens ("name:token,...") and TokensFile (lines "name sha256:<hex>")
	// admit writers.
	Tokens     string
	TokensFile string
}

// defaults reads the environment: FUNDFLOW_ADDR, FUNDFLOW_DB,
// FUNDFLOW_LOG_LEVEL and NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
// NEO4J_DATABASE, NEO4J_BATCH_SIZE, NEO4J_TX_TIMEOUT.
func defaults(getenv func(string) string) config {
	c := config{Addr: "127.0.0.1:8080", DB: "fundflow.db", LogLevel: "info", Mode: "development",
		RateLimit: 20, RateBurst: 120, Timeout: 15 * time.Second,
		Neo4j: neo4j.Config{Username: "neo4j", BatchSize: neo4j.DefaultBatchSize, TxTimeout: neo4j.DefaultTxTimeout}}
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	set(&c.Addr, "FUNDFLOW_ADDR")
	set(&c.DB, "FUNDFLOW_DB")
	set(&c.LogLevel, "FUNDFLOW_LOG_LEVEL")
	set(&c.Neo4j.URI, "NEO4J_URI")
	set(&c.Neo4j.Username, "NEO4J_USERNAME")
	set(&c.Neo4j.Password, "NEO4J_PASSWORD")
	set(&c.Neo4j.Database, "NEO4J_DATABASE")
	set(&c.Mode, "FUNDFLOW_MODE")
	set(&c.CORSOrigins, "FUNDFLOW_CORS_ORIGINS")
	set(&c.Tokens, "FUNDFLOW_TOKENS")
	set(&c.TokensFile, "FUNDFLOW_TOKENS_FILE")
	set(&c.TrustedProxies, "FUNDFLOW_TRUSTED_PROXIES")
	set(&c.MetricsAddr, "FUNDFLOW_METRICS_ADDR")
	if n, err := strconv.Atoi(getenv("NEO4J_BATCH_SIZE")); err == nil {
		c.Neo4j.BatchSize = n
	}
	var txProblem []string
	if v := getenv("NEO4J_TX_TIMEOUT"); v != "" {
		if d, err := time.ParseDuration(strings.TrimSpace(v)); err == nil && d > 0 {
			c.Neo4j.TxTimeout = d
		} else {
			txProblem = []string{fmt.Sprintf("NEO4J_TX_TIMEOUT=%q: want a positive duration such as 10m", v)}
		}
	}
	if f, err := strconv.ParseFloat(getenv("FUNDFLOW_RATE_LIMIT"), 64); err == nil {
		c.RateLimit = f
	}
	if n, err := strconv.Atoi(getenv("FUNDFLOW_RATE_BURST")); err == nil {
		c.RateBurst = n
	}
	if d, err := time.ParseDuration(getenv("FUNDFLOW_TIMEOUT")); err == nil {
		c.Timeout = d
	}
	c.API = graph.DefaultOptions()
	c.envProblems = limitsFromEnv(&c.API, getenv)
	var exportProblems []string
	c.Export, exportProblems = exportDefaults(getenv)
	c.envProblems = append(append(c.envProblems, exportProblems...), txProblem...)
	return c
}

// serveFlags binds the server's own options.
func (c *config) serveFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (env FUNDFLOW_ADDR)")
	fs.StringVar(&c.Mode, "mode", c.Mode, "development or production: production turns off GraphiQL, introspection and suggestions (env FUNDFLOW_MODE)")
	fs.StringVar(&c.CORSOrigins, "cors-origins", c.CORSOrigins, "comma-separated origins allowed to call the API from a browser (env FUNDFLOW_CORS_ORIGINS)")
	fs.Float64Var(&c.RateLimit, "rate-limit", c.RateLimit, "requests per second per client, 0 for none (env FUNDFLOW_RATE_LIMIT)")
	fs.IntVar(&c.RateBurst, "rate-burst", c.RateBurst, "requests a client may make at once before the rate limit applies (env FUNDFLOW_RATE_BURST)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "comma-separated CIDRs of reverse proxies whose X-Forwarded-For names the client, for the rate limit and the access log; empty trusts none (env FUNDFLOW_TRUSTED_PROXIES)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "address serving /metrics, /healthz and /readyz apart from the API; empty serves /metrics on --addr (env FUNDFLOW_METRICS_ADDR)")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "time limit of one GraphQL operation (env FUNDFLOW_TIMEOUT)")
	limitFlags(fs, &c.API)
	bindExportRows(fs, c)
	fs.StringVar(&c.TokensFile, "tokens-file", c.TokensFile, "file of write tokens, lines \"name sha256:<hex>\" (env FUNDFLOW_TOKENS_FILE; see fundflow token)")
}

// tokens reads the write tokens from FUNDFLOW_TOKENS and the tokens file.
func (c config) tokens() (auth.Tokens, error) {
	t, err := auth.ParseEnv(c.Tokens)
	if err != nil {
		return t, err
	}
	if c.TokensFile != "" {
		f, err := os.Open(c.TokensFile)
		if err != nil {
			return t, fmt.Errorf("tokens file: %w", err)
		}
		defer f.Close()
		ft, err := auth.ParseFile(f, c.TokensFile)
		if err != nil {
			return t, err
		}
		return t.Merge(ft)
	}
	return t, nil
}

// production reports whether the server runs in production mode.
func (c config) production() bool { return c.Mode == "production" }

// check rejects settings that cannot work.
func (c config) check() error {
	if len(c.envProblems) > 0 {
		return fmt.Errorf("environment: %s", strings.Join(c.envProblems, "; "))
	}
	if c.Mode != "development" && c.Mode != "production" {
		return fmt.Errorf("mode %q: want development or production", c.Mode)
	}
	if c.RateLimit < 0 || c.Timeout <= 0 {
		return fmt.Errorf("rate limit must be 0 or more and timeout positive")
	}
	if c.Neo4j.TxTimeout <= 0 {
		return fmt.Errorf("neo4j tx timeout %s: want a positive duration", c.Neo4j.TxTimeout)
	}
	if c.RateLimit > 0 && c.RateBurst < 1 {
		return fmt.Errorf("rate burst %d: want 1 or more", c.RateBurst)
	}
	_, err := c.proxies()
	return err
}

// proxies parses the trusted proxies.
func (c config) proxies() (web.Proxies, error) { return web.ParseProxies(c.TrustedProxies) }

// origins lists the configured CORS origins.
func (c config) origins() []string {
	var out []string
	for _, o := range strings.Split(c.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// flags binds the options common to every command.
func (c *config) flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DB, "db", c.DB, "embedded database file, used when no Neo4j URI is set (env FUNDFLOW_DB)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env FUNDFLOW_LOG_LEVEL)")
	fs.StringVar(&c.Neo4j.URI, "neo4j-uri", c.Neo4j.URI, "Neo4j URI: neo4j://, neo4j+s:// or bolt:// (env NEO4J_URI); unset, the embedded store is used")
	fs.StringVar(&c.Neo4j.Username, "neo4j-username", c.Neo4j.Username, "Neo4j user (env NEO4J_USERNAME)")
	fs.StringVar(&c.Neo4j.Password, "neo4j-password", c.Neo4j.Password, "Neo4j password; prefer the environment variable NEO4J_PASSWORD")
	fs.StringVar(&c.Neo4j.Database, "neo4j-database", c.Neo4j.Database, "Neo4j database; empty for the server's default (env NEO4J_DATABASE)")
	fs.IntVar(&c.Neo4j.BatchSize, "neo4j-batch-size", c.Neo4j.BatchSize, "rows each transaction of a Neo4j load writes (env NEO4J_BATCH_SIZE)")
	fs.DurationVar(&c.Neo4j.TxTimeout, "neo4j-tx-timeout", c.Neo4j.TxTimeout, "server-side timeout of each transaction of a Neo4j load; requests keep their own deadline (env NEO4J_TX_TIMEOUT)")
	return fs
}

func (c config) level() (zerolog.Level, error) {
	l, err := zerolog.ParseLevel(strings.ToLower(c.LogLevel))
	if err != nil || l == zerolog.NoLevel {
		return 0, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// backend names the store the configuration selects.
func (c config) backend() string {
	if c.Neo4j.URI != "" {
		return "neo4j"
	}
	return "sqlite"
}

// mask hides a secret, saying only whether it is set.
func mask(s string) string {
	if s == "" {
		return ""
	}
	return "****"
}

// log writes the configuration in force, the password masked.
func (c config) log(log zerolog.Logger, command string) {
	ev := log.Info().Str("command", command).Str("backend", c.backend()).Str("log_level", c.LogLevel)
	if command == "serve" {
		ev = ev.Str("addr", c.Addr).Str("mode", c.Mode).Strs("cors_origins", c.origins()).
			Float64("rate_limit", c.RateLimit).Int("rate_burst", c.RateBurst).
			Str("trusted_proxies", c.TrustedProxies).Str("metrics_addr", c.MetricsAddr).Dur("timeout", c.Timeout).
			Int64("max_body", c.API.MaxBody).Int("max_tokens", c.API.Shape.MaxTokens).
			Int("max_fields", c.API.Shape.MaxFields).Int("max_selections", c.API.Shape.MaxSelections).
			Int("max_directives", c.API.Shape.MaxDirectives).Int("max_depth", c.API.Shape.MaxDepth).
			Int("max_introspection_depth", c.API.Shape.MaxIntrospectionDepth).Int("max_oftype_depth", c.API.Shape.MaxOfTypeDepth).
			Int("max_aliases", c.API.Shape.MaxAliases).Int("max_errors", c.API.MaxErrors).Int("max_analyses", c.API.MaxAnalyses).
			Int("max_export_rows", c.Export.MaxRows)
	}
	if c.backend() == "neo4j" {
		ev = ev.Str("neo4j_uri", c.Neo4j.URI).Str("neo4j_username", c.Neo4j.Username).
			Str("neo4j_password", mask(c.Neo4j.Password)).Str("neo4j_database", c.Neo4j.Database).
			Int("neo4j_batch_size", c.Neo4j.BatchSize).Dur("neo4j_tx_timeout", c.Neo4j.TxTimeout)
	} else {
		ev = ev.Str("db", c.DB)
	}
	ev.Msg("config")
}

// open opens the store the configuration selects: Neo4j when a URI is set,
// the embedded SQLite file otherwise.
func (c config) open(ctx context.Context) (flow.Store, error) {
	if c.backend() == "neo4j" {
		return neo4j.Open(ctx, c.Neo4j, time.Now)
	}
	return sqlite.Open(ctx, c.DB, time.Now)
}

// where describes the store for messages: the file or the URI.
func (c config) where() string {
	if c.backend() == "neo4j" {
		return c.Neo4j.URI
	}
	return c.DB
}
