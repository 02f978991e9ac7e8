package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestContestedPlans asks SQLite how it plans the statements that find
// contested records, for a year, an entity, both and neither: with a year
// or an entity given, each reads only that range of an index (besides the
// links, which are curated and few), and the grouping never sorts; without
// either, it reads a covering index, not the table.
func TestContestedPlans(t *testing.T) {
	st, rec := bundled(t)
	for _, c := range []struct {
		year   flow.FinancialYear
		entity string
	}{{"2017-18", ""}, {"", "cyber-security"}, {"2017-18", "cyber-security"}, {"", ""}} {
		rec.runs = nil
		if _, err := st.Contested(context.Background(), c.year, c.entity); err != nil {
			t.Fatal(err)
		}
		if len(rec.runs) != 2 {
			t.Fatalf("%+v: %d statements, want 2", c, len(rec.runs))
		}
		for _, run := range rec.runs {
			p := plan(t, st.db, run.query, run.args)
			t.Logf("%+v:\n%s", c, strings.Join(p, "\n"))
			for _, line := range p {
				alias, _, _ := strings.Cut(strings.TrimPrefix(line, "SCAN "), " ")
				// a group, the curated links, or the list of what they name
				small := alias == "g" || alias == "lk" || alias == "lf" || alias == "n"
				if strings.HasPrefix(line, "SCAN ") && !small && (c.year != "" || c.entity != "" || !strings.Contains(line, "COVERING INDEX")) {
					t.Errorf("%+v: scan %q in the plan of\n%s\nplan: %q", c, line, run.query, p)
				}
				if strings.Contains(line, "TEMP B-TREE FOR GROUP BY") {
					t.Errorf("%+v: the grouping sorts: %q in the plan of\n%s", c, line, run.query)
				}
			}
		}
	}
}
