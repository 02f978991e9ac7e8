package neo4j

import (
	"regexp"
	"strings"
	"testing"
)

// TestReadsSeeOnlyLiveRecords: while a load writes its stage, and until
// the switch's retired records are deleted, the graph holds records no
// read may see: staged and retired nodes, which have neither the Node
// label nor their kind's, and the flows between them, of the live flows'
// types and ids. So no statement but the load's own names those labels,
// and none matches a flow by an anonymous end without a label, ()-[r]->():
// a flow is read between labelled nodes, or from a node a read found by
// its label, which no staged flow touches. The
// full-text index on flows holds every flow of its types, so search keeps
// only those between two live Nodes.
func TestReadsSeeOnlyLiveRecords(t *testing.T) {
	load := regexp.MustCompile(`^(stage-|switch-|cleanup-|constraint-|index-|drop-constraint-)`)
	unlabelled := regexp.MustCompile(`\(\)-|-\(\)`)
	internal := regexp.MustCompile(`:(` + labelStaged + `|` + labelRetired + `|` + labelStage + `)\b`)
	for _, s := range Statements() {
		if load.MatchString(s.Name) {
			continue
		}
		if m := internal.FindString(s.Cypher); m != "" {
			t.Errorf("%s names %s, which only a load may", s.Name, m)
		}
		if m := unlabelled.FindString(s.Cypher); m != "" {
			t.Errorf("%s matches a relationship by an unlabelled end (%q): it would see staged and retired flows", s.Name, m)
		}
	}
	if !strings.Contains(searchStatement.Cypher, "WHERE a:Node AND b:Node") {
		t.Error("search must keep only the flows between live Nodes that the full-text index finds")
	}
}
