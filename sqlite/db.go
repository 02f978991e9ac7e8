// Package sqlite is fundflow's embedded backend: the flow.Store contract on
// a single SQLite file (modernc.org/sqlite, pure Go, no cgo), in WAL mode
// with embedded schema migrations. It is the default whenever no Neo4j is
// configured, so `go run .` works on any machine with Go.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/fundflow/fundflow/flow"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store implements flow.Store on SQLite.
type Store struct {
	db *sql.DB
	// read runs the list and lookup statements: db, or in tests a wrapper
	// that records them.
	read reader
	// stmts is the prepared read statements read runs outside tests.
	stmts *stmtCache
	// gen reads the file's generation on a connection of its own.
	gen *generation
	now func() time.Time
}

var _ flow.Store = (*Store)(nil)

// pragmas configure every connection. Each connection keeps its own page
// cache, so it is modest (cacheKiB) and the connections are few (maxConns):
// what the store adds to the server's resident memory is at most
// maxConns*cacheKiB whatever the dataset's size.
//
// The file is not memory-mapped (mmap_size 0). Each connection maps it
// separately, and every page a query touches through a map counts in the
// process's RSS once per connection: at 100,000 flows (a 230 MB file)
// eight connections' maps held 1.24 GB of RSS, and the server peaked at
// 1.9 GB under the benchmark, against 563 MB without the map, at about the
// same throughput (docs/performance.md). Reads go through the operating
// system's page cache instead, which all connections share.
var pragmas = []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)",
	fmt.Sprintf("cache_size(-%d)", cacheKiB), "mmap_size(0)"}

// cacheKiB is each connection's page cache: 16 MiB, against SQLite's
// default of 2 MB; enough for the indexes the questions walk.
const cacheKiB = 16 << 10

// maxConns is the most connections the store opens, all kept open when
// idle. The driver is pure Go, so a statement needs a core for as long as
// it runs: more connections than twice the cores only add caches, not
// throughput. Keeping them idle rather than closing all but database/sql's
// default of two keeps their caches warm; closed, every burst of requests
// opened connections with empty caches and paid for the pragmas again.
func maxConns() int { return max(8, 2*runtime.GOMAXPROCS(0)) }

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. now stamps loads; pass time.Now outside tests.
func Open(ctx context.Context, path string, now func() time.Time) (*Store, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	// Immediate transactions take the write lock up front, so two writers
	// queue on busy_timeout instead of deadlocking on a lock upgrade.
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", fileURI(path, q))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns())
	db.SetMaxIdleConns(maxConns())
	// The generation's connection comes from a pool of its own, so that
	// it neither takes one of the readers' nor is ever handed to a writer.
	genDB, err := sql.Open("sqlite", fileURI(path, q))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	genDB.SetMaxOpenConns(1)
	stmts := newStmtCache(db)
	s := &Store{db: db, read: stmts, stmts: stmts, gen: &generation{db: genDB}, now: now}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate sqlite %s: %w", path, err)
	}
	if err := s.rebuildIndex(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("search index of sqlite %s: %w", path, err)
	}
	return s, nil
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations not yet recorded in schema_migrations.
func (s *Store) migrate(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`
	if _, err := s.db.ExecContext(ctx, create); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.applyMigration(ctx, name); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name string) error {
	const (
		applied = `SELECT count(*) FROM schema_migrations WHERE name = ?`
		record  = `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`
	)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, applied, name).Scan(&n); err != nil || n > 0 {
		return err
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, record, name, s.now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (s *Store) Close() error {
	s.stmts.Close()
	s.gen.close()
	return s.db.Close()
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return wrap("ping", err)
	}
	return nil
}

// Counts returns how many records of each kind are stored.
func (s *Store) Counts(ctx context.Context) (flow.Counts, error) {
	const query = `
SELECT
  (SELECT count(*) FROM nodes WHERE label = 'Fund'),
  (SELECT count(*) FROM nodes WHERE label = 'Programme'),
  (SELECT count(*) FROM nodes WHERE label = 'Organisation'),
  (SELECT count(*) FROM nodes WHERE label = 'Source'),
  (SELECT count(*) FROM flows WHERE kind <> 'BUDGET_LINE'),
  (SELECT count(*) FROM budget_lines),
  (SELECT count(*) FROM links),
  (SELECT count(*) FROM people),
  (SELECT count(*) FROM facts),
  (SELECT count(*) FROM statements),
  (SELECT count(*) FROM citations)`
	var c flow.Counts
	err := s.db.QueryRowContext(ctx, query).Scan(&c.Funds, &c.Programmes, &c.Organisations, &c.Sources, &c.Flows, &c.BudgetLines,
		&c.Links, &c.People, &c.Facts, &c.Statements, &c.Citations)
	if err != nil {
		return c, wrap("count records", err)
	}
	return c, nil
}

// wrap maps a database error to a flow error, keeping the cause for logs.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case err == context.Canceled || err == context.DeadlineExceeded ||
		strings.Contains(err.Error(), "interrupted"):
		return &flow.Error{Code: flow.EUNAVAILABLE, Message: op + ": the request was cancelled or timed out", Err: err}
	case strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked"):
		return &flow.Error{Code: flow.EUNAVAILABLE, Message: op + ": the database is busy; try again", Err: err}
	}
	return flow.Internal(op, err)
}
