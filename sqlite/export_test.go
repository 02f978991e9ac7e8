package sqlite

import (
	"context"
	"testing"
)

// Pragmas reports the journal mode and foreign key enforcement in force.
func Pragmas(ctx context.Context, s *Store) (mode string, fk int, err error) {
	if err = s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return
	}
	err = s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
	return
}

// ForeignKey is one single-column foreign key of the schema, and whether
// an index of its table (its primary key included) starts with it.
type ForeignKey struct {
	Table, Column, Parent string
	Indexed               bool
}

// ForeignKeys lists the schema's foreign keys that refer to other tables'
// rows (not to datasets, whose rows a load never removes).
func ForeignKeys(ctx context.Context, s *Store) ([]ForeignKey, error) {
	const query = `
SELECT m.name, f."from", f."table",
       EXISTS (SELECT 1 FROM pragma_index_list(m.name) AS il
               JOIN pragma_index_info(il.name) AS ii ON ii.seqno = 0
               WHERE ii.name = f."from")
FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
WHERE m.type = 'table' AND f."table" <> 'datasets'
ORDER BY 1, 2`
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ForeignKey
	for rows.Next() {
		var k ForeignKey
		if err := rows.Scan(&k.Table, &k.Column, &k.Parent, &k.Indexed); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// ObserveLoads has f told, until the test ends, how many statements each
// load prepared and ran.
func ObserveLoads(tb testing.TB, f func(dataset string, prepares, execs int)) {
	tb.Helper()
	loadWork = f
	tb.Cleanup(func() { loadWork = nil })
}
