package sqlite

import "context"

// Pragmas reports the journal mode and foreign key enforcement in force.
func Pragmas(ctx context.Context, s *Store) (mode string, fk int, err error) {
	if err = s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return
	}
	err = s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
	return
}
