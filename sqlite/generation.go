package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// generation reads SQLite's data_version on one connection kept for
// nothing else. The pragma changes whenever another connection, in this
// process or another one, commits a change to the file, and never for
// the connection's own commits: a connection that never writes sees every
// commit. Its baseline is the connection's own, so the connection is kept
// for the store's life; when it breaks, the next one counts in a new epoch
// (the high bits), so that no number is ever handed out twice for
// different contents.
type generation struct {
	db *sql.DB

	mu    sync.Mutex
	conn  *sql.Conn
	epoch uint64
}

// epochShift leaves data_version 40 bits: a trillion commits on one
// connection before it would reach the epoch.
const epochShift = 40

// read returns the current generation.
func (g *generation) read(ctx context.Context) (uint64, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conn == nil {
		c, err := g.db.Conn(ctx)
		if err != nil {
			return 0, err
		}
		g.conn, g.epoch = c, g.epoch+1
	}
	var v uint64
	if err := g.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		g.conn.Close()
		g.conn = nil
		return 0, err
	}
	return g.epoch<<epochShift | v&(1<<epochShift-1), nil
}

// close releases the connection and its pool.
func (g *generation) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conn != nil {
		g.conn.Close()
		g.conn = nil
	}
	g.db.Close()
}

// Generation returns a number that changes whenever the file's contents
// do: see flow.Store.
func (s *Store) Generation(ctx context.Context) (uint64, error) {
	v, err := s.gen.read(ctx)
	if err != nil {
		return 0, wrap("read generation", err)
	}
	return v, nil
}
