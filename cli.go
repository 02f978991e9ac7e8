package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/fundflow/fundflow/auth"
)

// The command line follows the go command's conventions: "fundflow help"
// and "fundflow -h" list the commands, "fundflow help CMD" and
// "fundflow CMD -h" describe one, help goes to stdout and exits 0, misuse
// prints the command's usage to stderr and exits 2, and an unknown command
// is misuse that names the closest known one. Everything a user can read
// about a command lives in the table below, so the list, the per-command
// help and the misuse messages cannot drift apart.

// command describes one subcommand for the help and the argument checks;
// what it does is in its run function, dispatched by run.
type command struct {
	name string
	// usage is the synopsis printed by help and on misuse.
	usage string
	// short is the one line "fundflow help" shows.
	short string
	// long says what the command does, for "fundflow help NAME".
	long string
	// operand names the positional arguments, for "missing ..." messages.
	operand string
	// minArgs and maxArgs bound the positional arguments left after the
	// flags; outside them is misuse.
	minArgs, maxArgs int
	// flags binds the command's flags to cfg. The same function serves
	// parsing and help, so the help shows exactly the flags that parse.
	flags func(cfg *config) *flag.FlagSet
}

// commands is every subcommand, in the order help lists them.
var commands = []command{
	{
		name:  "serve",
		usage: "fundflow [serve] [flags]",
		short: "serve GraphQL at /graphql and GraphiQL at / (the default command)",
		long: `Serve serves the fund-flow graph: GraphQL at /graphql, GraphiQL at / (not in
production mode), CSV exports at /export/LIST.csv (see "fundflow help
export"), and /healthz, /readyz and /metrics. An empty store is first
loaded with the bundled dataset. Writes need a bearer token listed in
FUNDFLOW_TOKENS ("name:token,...") or in the tokens file (see "fundflow help
token"); with neither the API is read-only. Serve runs until interrupted,
then lets in-flight requests finish.

Serve is the default command: "fundflow" alone, or with only flags
("fundflow --addr :9090"), serves.`,
		flags: func(cfg *config) *flag.FlagSet {
			fs := cfg.flags("serve", io.Discard)
			cfg.serveFlags(fs)
			return fs
		},
	},
	{
		name:    "load",
		usage:   "fundflow load [flags] DATASET.yaml",
		short:   "validate a dataset file and load it into the store",
		operand: "DATASET.yaml",
		minArgs: 1, maxArgs: 1,
		long: `Load validates the dataset file completely, printing every problem with its
file and line, and only if the whole file is valid writes it to the store in
one transaction, replacing the records an earlier load of the same dataset
left. With -dry-run it validates only and opens no store.

A record that was changed through the API (updated, corrected, retracted)
since the dataset was last loaded is never overwritten out of sight. Where
the file gives it differently, load lists each conflict (record, field, the
file's value, the current value and the revision that set it) and keeps the
record as the API left it, citations and status included; with -take-file it
writes the file's version instead (removing the record if the file no longer
holds it). Either way it records a revision on the record saying what it did;
the record's history keeps the figures and statuses set through the API. The
dataset "api", which holds the records created through the API, cannot be
loaded from a file.

The store is the embedded database file (-db) unless a Neo4j URI is set.`,
		flags: func(cfg *config) *flag.FlagSet {
			fs := cfg.flags("load", io.Discard)
			fs.BoolVar(&cfg.DryRun, "dry-run", false, "validate only; write nothing")
			fs.BoolVar(&cfg.TakeFile, "take-file", false, "where a record changed through the API since the last load differs from the file, write the file's version (default: keep the API's)")
			return fs
		},
	},
	{
		name:    "export",
		usage:   "fundflow export [flags] LIST",
		short:   "write a list or totals from the store as CSV, as /export/LIST.csv does",
		operand: "LIST",
		minArgs: 1, maxArgs: 1,
		long: `Export writes one of the API's lists, or a totals answer, from the store as a
CSV file for spreadsheets: the same rows, written by the same code, as
GET /export/LIST.csv. LIST is flows, diversions, budgetLines, totals, funds,
programmes, organisations, sources, people, facts or statements. -where
takes the filters exactly as the URL does, as a URL query, for example

	fundflow export diversions -where 'to=cyber-security&year=2017-18'
	fundflow export totals -where 'groupBy=YEAR&groupBy=PROGRAMME'

Amounts are plain decimal pounds; the columns, the filters and the guard
against spreadsheet formulas are in docs/api.md ("Exports"). More records
than -max-export-rows is refused before anything is written. The file is
written to stdout, or to -out FILE, which appears only once complete.

The store is the embedded database file (-db) unless a Neo4j URI is set.`,
		flags: func(cfg *config) *flag.FlagSet {
			fs := cfg.flags("export", io.Discard)
			exportFlags(fs, cfg)
			return fs
		},
	},
	{
		name:    "token",
		usage:   "fundflow token NAME",
		short:   "make a write token and its tokens-file line",
		operand: "NAME",
		minArgs: 1, maxArgs: 1,
		long: `Token makes a new random write token for the writer NAME (letters, digits,
. _ @ -, not beginning with -) and prints it once, with the line to add to
the tokens file (FUNDFLOW_TOKENS_FILE or serve -tokens-file): NAME and the
token's SHA-256 hash. The server needs only the hash; the token itself is
stored nowhere, so give it to the writer now.`,
		flags: func(*config) *flag.FlagSet { return flag.NewFlagSet("token", flag.ContinueOnError) },
	},
	{
		name:    "help",
		usage:   "fundflow help [command]",
		short:   "list the commands, or describe one",
		operand: "command",
		maxArgs: 1,
		long: `Help lists the commands or, given one, describes it: its usage, what it does
and its flags with their defaults ("fundflow CMD -h" does the same). The
defaults shown include values taken from the environment.`,
		flags: func(*config) *flag.FlagSet { return flag.NewFlagSet("help", flag.ContinueOnError) },
	},
	genCommand, // gencmd.go; after help, so "he" still suggests help
}

// lookup finds the command called name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// mustLookup is lookup for the names this file defines; a miss is a bug.
func mustLookup(name string) command {
	c, ok := lookup(name)
	if !ok {
		panic("fundflow: no command " + name)
	}
	return c
}

// isHelpFlag reports whether arg asks for help the way the flag package
// understands it, so "fundflow -h" and "fundflow CMD -h" agree.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// printCommands writes the list of commands: the answer to "fundflow help".
func printCommands(w io.Writer) {
	fmt.Fprint(w, `fundflow traces public money through a graph of funds, programmes and
organisations, and serves it over GraphQL.

Usage:

	fundflow <command> [arguments]

The commands are:

`)
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-7s %s\n", c.name, c.short)
	}
	fmt.Fprint(w, `
With no command, or with only flags, fundflow serves: "fundflow --addr :9090"
means "fundflow serve --addr :9090".

Environment: every flag but -dry-run, -take-file, export's -where, -out
and -bom, and gen's has an environment variable, named in the command's help (FUNDFLOW_ADDR, FUNDFLOW_DB, ...), and
FUNDFLOW_TOKENS lists write tokens. With NEO4J_URI set (and NEO4J_USERNAME, NEO4J_PASSWORD,
NEO4J_DATABASE) serve and load use Neo4j instead of the embedded store.

Use "fundflow help <command>" for more information about a command.
`)
}

// printHelp writes the full description of c, with the flags and defaults
// that cfg gives them: the answer to "fundflow help NAME" and "NAME -h".
func (c command) printHelp(w io.Writer, cfg config) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", c.usage, c.long)
	fs := c.flags(&cfg)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	// A default taken from NEO4J_PASSWORD would otherwise be printed in
	// clear to a terminal or a CI log.
	if f := fs.Lookup("neo4j-password"); f != nil {
		f.DefValue = mask(f.DefValue)
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// printUsage writes the short reminder the go command prints on misuse:
// the synopsis and where the details are.
func (c command) printUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s\nRun 'fundflow help %s' for details.\n", c.usage, c.name)
}

// parse binds c's flags to cfg and parses args. A request for help prints
// the help to stdout and returns flag.ErrHelp, which run turns into
// success; a bad flag or a wrong number of arguments prints the usage to
// stderr and returns errUsage. The flag package's own complaint ("flag
// provided but not defined") goes to stderr first, as with go.
func (c command) parse(cfg *config, args []string, stdout, stderr io.Writer) (*flag.FlagSet, error) {
	fs := c.flags(cfg)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // we choose the stream: stdout for help, stderr for misuse
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		c.printHelp(stdout, *cfg)
		return nil, flag.ErrHelp
	} else if err != nil {
		c.printUsage(stderr)
		return nil, errUsage
	}
	switch n := fs.NArg(); {
	case n < c.minArgs:
		fmt.Fprintf(stderr, "fundflow %s: missing %s\n", c.name, c.operand)
		c.printUsage(stderr)
		return nil, errUsage
	case n > c.maxArgs:
		fmt.Fprintf(stderr, "fundflow %s: too many arguments: %s\n", c.name, strings.Join(fs.Args()[c.maxArgs:], " "))
		c.printUsage(stderr)
		return nil, errUsage
	}
	return fs, nil
}

// unknownCommandError is a command name fundflow does not know. It is
// misuse (it wraps errUsage, so the exit status is 2), and its message,
// already printed by run, names the closest command to help with typos.
type unknownCommandError struct {
	// prefix is what was typed before the name: "fundflow" or
	// "fundflow help".
	prefix, name string
	// suggestion is the closest known command, or "" if none is close.
	suggestion string
}

func (e *unknownCommandError) Error() string {
	msg := fmt.Sprintf("%s %s: unknown command", e.prefix, e.name)
	if e.suggestion != "" {
		msg += "; did you mean " + e.suggestion + "?"
	}
	return msg
}

// Unwrap makes errors.Is(err, errUsage) hold, so main exits 2.
func (e *unknownCommandError) Unwrap() error { return errUsage }

// unknownCommand prints, and returns, the error for a name that is no
// command.
func unknownCommand(stderr io.Writer, prefix, name string) error {
	err := &unknownCommandError{prefix: prefix, name: name, suggestion: suggest(name)}
	fmt.Fprintf(stderr, "%v\nRun 'fundflow help' for usage.\n", err)
	return err
}

// suggest returns the command closest to name by edit distance, or "" when
// none is close enough to be a plausible typo. Two edits at most: the
// commands are three to five letters long and differ from each other by
// three or more, so a wilder guess would suggest something unrelated
// ("deploy", "x"). Ties go to the earlier command in the table.
func suggest(name string) string {
	best, bestDist := "", 3
	for _, c := range commands {
		if d := levenshtein(strings.ToLower(name), c.name); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	return best
}

// levenshtein counts the single-rune insertions, deletions and
// substitutions that turn a into b.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1) // distances from ra[:i-1] to each prefix of rb
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// exitCode is the process status for run's result, as the go command uses
// them: 0 for success (help included), 2 for misuse, 1 for any other
// failure.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

// runHelp is "fundflow help [command]".
func runHelp(cfg config, args []string, stdout, stderr io.Writer) error {
	fs, err := mustLookup("help").parse(&cfg, args, stdout, stderr)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		printCommands(stdout)
		return nil
	}
	c, ok := lookup(fs.Arg(0))
	if !ok {
		return unknownCommand(stderr, "fundflow help", fs.Arg(0))
	}
	c.printHelp(stdout, cfg)
	return nil
}

// runToken is "fundflow token NAME": it prints a new token and its
// tokens-file line.
func runToken(cfg config, args []string, stdout, stderr io.Writer) error {
	c := mustLookup("token")
	fs, err := c.parse(&cfg, args, stdout, stderr)
	if err != nil {
		return err
	}
	name := fs.Arg(0)
	// Only reachable after "--"; a name like "-h" is almost surely a
	// mistaken flag, and a token for it would be useless.
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(stderr, "fundflow token: NAME %q begins with -\n", name)
		c.printUsage(stderr)
		return errUsage
	}
	token, line, err := auth.New(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token for %s (give it to the writer; it is not stored): %s\nadd this line to the tokens file:\n%s\n", name, token, line)
	return nil
}
