package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache is the store's reader: it prepares each distinct read
// statement once and runs it prepared from then on. database/sql otherwise
// prepares, runs and finalises a statement on every call, and SQLite's
// parser and planner were a quarter of a small lookup's cost (sqlite
// Store.Nodes under question 1: 0.77 s of 3.3 s preparing; go test ./bench
// -run '^$' -bench 'Query/1-lost' -cpuprofile). A *sql.Stmt prepares itself
// again on each connection it runs on, and SQLite re-prepares a statement
// whose schema changed, so a cached statement is always current.
//
// The statements are the fixed texts beside the methods and the list
// statements assembled from the predicates present, a bounded set; past
// maxStmts distinct texts (which only a bug would reach) the rest run
// unprepared rather than growing the cache.
type stmtCache struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// maxStmts bounds the prepared statements kept: each holds a compiled
// program per connection, a few kilobytes.
const maxStmts = 512

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}}
}

// QueryContext runs query, prepared.
func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query, prepared, for one row. A failure to prepare
// surfaces as the row's error when it is scanned, as with sql.DB.
func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil || st == nil {
		return c.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// stmt returns query's prepared statement, preparing it on first use; nil
// with no error when the cache is full.
func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxStmts
	c.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	// Prepared outside the lock, which a statement waiting for a free
	// connection would otherwise hold against every other reader; and on
	// the database, not the caller's context, since the statement outlives
	// this request. Two first uses may both prepare; one is kept.
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept, ok := c.stmts[query]; ok {
		st.Close()
		return kept, nil
	}
	if len(c.stmts) >= maxStmts {
		st.Close()
		return nil, nil
	}
	c.stmts[query] = st
	return st, nil
}

// Close finalises every cached statement.
func (c *stmtCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
	return nil
}
