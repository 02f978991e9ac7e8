package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/neo4j"
	"github.com/fundflow/fundflow/sqlite"
)

// config is everything the binary can be told, from flags with environment
// defaults. It is logged at startup with the password masked.
type config struct {
	Addr     string
	DB       string
	LogLevel string
	DryRun   bool
	Neo4j    neo4j.Config
}

// defaults reads the environment: FUNDFLOW_ADDR, FUNDFLOW_DB,
// FUNDFLOW_LOG_LEVEL and NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
// NEO4J_DATABASE, NEO4J_BATCH_SIZE.
func defaults(getenv func(string) string) config {
	c := config{Addr: "127.0.0.1:8080", DB: "fundflow.db", LogLevel: "info",
		Neo4j: neo4j.Config{Username: "neo4j", BatchSize: neo4j.DefaultBatchSize}}
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
	if n, err := strconv.Atoi(getenv("NEO4J_BATCH_SIZE")); err == nil {
		c.Neo4j.BatchSize = n
	}
	return c
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
	fs.IntVar(&c.Neo4j.BatchSize, "neo4j-batch-size", c.Neo4j.BatchSize, "rows per UNWIND when loading into Neo4j (env NEO4J_BATCH_SIZE)")
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
		ev = ev.Str("addr", c.Addr)
	}
	if c.backend() == "neo4j" {
		ev = ev.Str("neo4j_uri", c.Neo4j.URI).Str("neo4j_username", c.Neo4j.Username).
			Str("neo4j_password", mask(c.Neo4j.Password)).Str("neo4j_database", c.Neo4j.Database).
			Int("neo4j_batch_size", c.Neo4j.BatchSize)
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
