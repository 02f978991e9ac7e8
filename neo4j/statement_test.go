package neo4j

import (
	"strings"
	"testing"
)

// TestStatementsPinCypher5 checks that every statement the store can send
// runs as Cypher 5, whatever the database's default language.
func TestStatementsPinCypher5(t *testing.T) {
	all := Statements()
	if len(all) < 50 {
		t.Fatalf("got %d statements, want the whole registry", len(all))
	}
	for _, s := range all {
		if !strings.HasPrefix(s.Cypher, cypherVersion+"\n") {
			t.Errorf("%s does not start with %q:\n%s", s.Name, cypherVersion, s.Cypher)
		}
		if strings.Count(s.Cypher, cypherVersion) != 1 {
			t.Errorf("%s is pinned %d times", s.Name, strings.Count(s.Cypher, cypherVersion))
		}
	}
	if got := pinned("CYPHER 5\nRETURN 1"); got != "CYPHER 5\nRETURN 1" {
		t.Errorf("pinned a pinned statement again: %q", got)
	}
}
