package sqlite

import "context"

// ForgetSearchIndex empties the search index and marks it never built, as
// a database from before migration 0007 is.
func ForgetSearchIndex(ctx context.Context, s *Store) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM search_texts`); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE search_version SET version = 0`)
	return err
}

// CheckSearchIndex runs FTS5's integrity check: the full-text index must
// hold exactly the words of the search texts.
func CheckSearchIndex(ctx context.Context, s *Store) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO search_words (search_words, rank) VALUES ('integrity-check', 1)`)
	return err
}
