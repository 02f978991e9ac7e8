package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rs/zerolog"
)

// config is everything the binary can be told, from flags with environment
// defaults. It is logged at startup; secrets would be masked there.
type config struct {
	Addr     string
	DB       string
	LogLevel string
	DryRun   bool
}

// defaults reads the environment: FUNDFLOW_ADDR, FUNDFLOW_DB and
// FUNDFLOW_LOG_LEVEL.
func defaults(getenv func(string) string) config {
	c := config{Addr: "127.0.0.1:8080", DB: "fundflow.db", LogLevel: "info"}
	if v := getenv("FUNDFLOW_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("FUNDFLOW_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("FUNDFLOW_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	return c
}

// flags binds the options common to every command.
func (c *config) flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DB, "db", c.DB, "embedded database file (env FUNDFLOW_DB)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env FUNDFLOW_LOG_LEVEL)")
	return fs
}

func (c config) level() (zerolog.Level, error) {
	l, err := zerolog.ParseLevel(strings.ToLower(c.LogLevel))
	if err != nil || l == zerolog.NoLevel {
		return 0, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// log writes the configuration in force, one field each.
func (c config) log(log zerolog.Logger, command string) {
	log.Info().Str("command", command).Str("addr", c.Addr).Str("db", c.DB).
		Str("backend", "sqlite").Str("log_level", c.LogLevel).Msg("config")
}
