package neo4j

import "strings"

// yearIndexes are the indexes the contested statements (disagree.go)
// seek on: a budget line's year and its
// programme with its year, and every flow type's year. Range indexes serve
// equality predicates, and a composite one its leading properties
// (Cypher manual, "Search performance indexes"); relationship indexes are
// per type, so each flow type has its own. This file's name sorts after
// schema.go's, so its init runs after that one and these come last in
// creation order.
func init() {
	constraints = append(constraints,
		statement("index-budget-line-year", `CREATE INDEX budget_line_year IF NOT EXISTS FOR (n:`+labelBudgetLine+`) ON (n.year)`, nil),
		statement("index-budget-line-programme-year",
			`CREATE INDEX budget_line_programme_year IF NOT EXISTS FOR (n:`+labelBudgetLine+`) ON (n.programmeId, n.year)`, nil))
	for _, r := range relationships {
		if r.kind == "" {
			continue
		}
		name := strings.ToLower(r.typ) + "_year"
		constraints = append(constraints, statement("index-"+strings.ReplaceAll(name, "_", "-"),
			`CREATE INDEX `+name+` IF NOT EXISTS FOR ()-[r:`+r.typ+`]-() ON (r.year)`, nil))
	}
}
