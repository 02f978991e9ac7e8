package neo4j

import (
	"context"
	"errors"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// DefaultBatchSize is how many rows one UNWIND writes.
const DefaultBatchSize = 10_000

// DefaultTxTimeout bounds, on the server, each transaction of a load (one
// batch of its stage, its state read or its switch) and any transaction
// whose context has no deadline, such as opening the store, which waits up
// to searchIndexWait for a new index. A batch takes seconds; the limit is
// generous so that a slow server does not cut a load short, yet still
// stops a runaway, and twice it is how long a crashed load holds the stage
// (stagelock.go). Requests have deadlines, which bound their transactions
// instead. From Neo4j 5.3, a timeout the driver sends overrides
// db.transaction.timeout whether longer or shorter (Java driver API,
// TransactionConfig.withTimeout).
const DefaultTxTimeout = 10 * time.Minute

// Config says where the database is and how to load into it.
type Config struct {
	// URI is neo4j:// or neo4j+s:// (routing: clusters and Aura) or
	// bolt:// (one server).
	URI      string
	Username string
	Password string
	// Database is the database name; empty means the server's default.
	Database string
	// BatchSize is the number of rows each transaction of a load writes
	// or deletes.
	BatchSize int
	// TxTimeout is the server-side timeout of each transaction of a load,
	// and of a transaction whose context has no deadline; zero is
	// DefaultTxTimeout.
	TxTimeout time.Duration
}

// TestConfig reads the Neo4j that tests may use from NEO4J_TEST_URI,
// NEO4J_TEST_USERNAME (default neo4j), NEO4J_TEST_PASSWORD and
// NEO4J_TEST_DATABASE, and reports false when no URI is set.
func TestConfig(getenv func(string) string) (Config, bool) {
	c := Config{URI: getenv("NEO4J_TEST_URI"), Username: getenv("NEO4J_TEST_USERNAME"),
		Password: getenv("NEO4J_TEST_PASSWORD"), Database: getenv("NEO4J_TEST_DATABASE")}
	if c.Username == "" {
		c.Username = "neo4j"
	}
	return c, c.URI != ""
}

// Store implements flow.Store on Neo4j. It holds the process's one driver;
// each unit of work opens its own session.
type Store struct {
	driver driver.DriverWithContext
	// bookmarks chains every session of the process causally, so that on a
	// cluster a read sent to another member still sees the load before it.
	bookmarks driver.BookmarkManager
	cfg       Config
	now       func() time.Time
}

var _ flow.Store = (*Store)(nil)

// Open connects to Neo4j, verifies connectivity and creates the constraints
// if they do not exist. Its errors name the URI and the cause: unreachable,
// bad credentials or unknown database.
func Open(ctx context.Context, cfg Config, now func() time.Time) (*Store, error) {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.TxTimeout <= 0 {
		cfg.TxTimeout = DefaultTxTimeout
	}
	d, err := driver.NewDriverWithContext(cfg.URI, driver.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		return nil, fmt.Errorf("neo4j %s: %w", cfg.URI, err)
	}
	s := &Store{driver: d, bookmarks: driver.NewBookmarkManager(driver.BookmarkManagerConfig{}), cfg: cfg, now: now}
	if err := d.VerifyConnectivity(ctx); err != nil {
		d.Close(ctx)
		return nil, fmt.Errorf("neo4j %s: %s", cfg.URI, describe(err))
	}
	if err := s.ensureSchema(ctx); err != nil {
		d.Close(ctx)
		return nil, fmt.Errorf("neo4j %s: %s", cfg.URI, describe(err))
	}
	if err := s.ensureSearch(ctx); err != nil {
		d.Close(ctx)
		return nil, fmt.Errorf("neo4j %s: %s", cfg.URI, describe(err))
	}
	return s, nil
}

// ensureSchema creates each constraint and index; IF NOT EXISTS makes it
// idempotent. It first removes a second Lock node, which a database
// written before the lock's constraint may hold and which would make the
// constraint fail.
// Schema commands cannot share a transaction with writes, so each runs in
// its own. Two processes opening at once may race to create the same
// constraint; the loser's "equivalent rule already exists" is success.
func (s *Store) ensureSchema(ctx context.Context) error {
	if err := s.write(ctx, func(tx driver.ManagedTransaction) error {
		_, err := run(ctx, tx, call{stmt: dedupeLocksStatement, params: map[string]any{}})
		return err
	}); err != nil {
		return fmt.Errorf("deduplicate the lock: %w", err)
	}
	for _, c := range constraints {
		err := s.write(ctx, func(tx driver.ManagedTransaction) error {
			_, err := run(ctx, tx, call{stmt: c, params: map[string]any{}})
			return err
		})
		var nerr *driver.Neo4jError
		if errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists" {
			continue
		}
		if err != nil {
			return fmt.Errorf("create constraint %s: %w", c.Name, err)
		}
	}
	return nil
}

// Close closes the driver.
func (s *Store) Close() error { return s.driver.Close(context.Background()) }

var pingStatement = statement("ping", `RETURN 1 AS ok`, nil)

// Ping runs a trivial read on the configured database, so it fails when the
// server is unreachable, rejects the credentials or lacks the database.
func (s *Store) Ping(ctx context.Context) error {
	return s.read(ctx, func(tx driver.ManagedTransaction) error {
		_, err := run(ctx, tx, call{stmt: pingStatement, params: map[string]any{}})
		return err
	})
}

// read runs work in a read transaction of a new session; the driver retries
// it on transient errors and routes it to a reader in a cluster.
func (s *Store) read(ctx context.Context, work func(tx driver.ManagedTransaction) error) error {
	sess := s.driver.NewSession(ctx, driver.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: driver.AccessModeRead, BookmarkManager: s.bookmarks})
	defer sess.Close(ctx)
	_, err := sess.ExecuteRead(ctx, func(tx driver.ManagedTransaction) (any, error) { return nil, notRetried(work(tx)) },
		driver.WithTxTimeout(txTimeout(ctx, s.cfg.TxTimeout, time.Now())))
	return mapError(err)
}

// write runs work in a write transaction; work must be idempotent because
// the driver may retry it (never on a memory error: see notRetried).
func (s *Store) write(ctx context.Context, work func(tx driver.ManagedTransaction) error) error {
	return s.writeWithin(ctx, s.cfg.TxTimeout, work)
}

// writeWithin is write with a server-side timeout of at most limit: what
// is left of ctx's deadline if that is sooner.
func (s *Store) writeWithin(ctx context.Context, limit time.Duration, work func(tx driver.ManagedTransaction) error) error {
	sess := s.driver.NewSession(ctx, driver.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: driver.AccessModeWrite, BookmarkManager: s.bookmarks})
	defer sess.Close(ctx)
	_, err := sess.ExecuteWrite(ctx, func(tx driver.ManagedTransaction) (any, error) { return nil, notRetried(work(tx)) },
		driver.WithTxTimeout(boundedTimeout(ctx, limit, time.Now())))
	return mapError(err)
}

// boundedTimeout is txTimeout, but never more than limit: a load run with
// a long deadline still sends each transaction NEO4J_TX_TIMEOUT at most.
func boundedTimeout(ctx context.Context, limit time.Duration, now time.Time) time.Duration {
	return min(txTimeout(ctx, limit, now), limit)
}

// txTimeout is the timeout the driver sends with a transaction, so that
// the server stops it (and frees its memory and locks) when the caller
// has given up: cancelling ctx only stops the driver waiting. It is what
// is left of ctx's deadline, rounded up to the whole millisecond the
// server counts in, or fallback without one. A deadline already past
// gets one millisecond: zero would mean no timeout at all (Go driver
// manual, "Transaction configuration": WithTxTimeout; a timeout of zero
// makes the transaction execute indefinitely).
func txTimeout(ctx context.Context, fallback time.Duration, now time.Time) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return fallback
	}
	left := deadline.Sub(now)
	if left < time.Millisecond {
		return time.Millisecond
	}
	return (left + time.Millisecond - 1).Truncate(time.Millisecond)
}

// run sends one call and collects its records.
func run(ctx context.Context, tx driver.ManagedTransaction, c call) ([]*driver.Record, error) {
	return managed{tx}.run(ctx, c)
}

// runner sends the calls of one transaction: the driver's, or in tests a
// recorder of the calls, which shows what a unit of work sends, in order,
// without a server.
type runner interface {
	run(ctx context.Context, c call) ([]*driver.Record, error)
}

// managed runs calls in a driver's managed transaction.
type managed struct{ tx driver.ManagedTransaction }

func (m managed) run(ctx context.Context, c call) ([]*driver.Record, error) {
	if err := c.checkParams(); err != nil {
		return nil, err
	}
	res, err := m.tx.Run(ctx, c.stmt.Cypher, c.params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// readPage runs a paged statement, which returns one row: the total count
// of matches and the page's items in column.
func (s *Store) readPage(ctx context.Context, c call, column string) (int, []any, error) {
	var (
		total int64
		items []any
	)
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		recs, err := run(ctx, tx, c)
		if err != nil {
			return err
		}
		if len(recs) != 1 {
			return fmt.Errorf("%s returned %d rows, want 1", c.stmt.Name, len(recs))
		}
		m := recs[0].AsMap()
		if total, err = value[int64](m, "total"); err != nil {
			return err
		}
		items, err = value[[]any](m, column)
		return err
	})
	return int(total), items, err
}
