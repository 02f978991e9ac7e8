package sortkey

import "github.com/fundflow/fundflow/flow"

// Person returns a person's sort keys, in flow.NodeFields order: people
// sort by name like every other node.
func Person(p *flow.Person) (asc, desc []string) { return Node(p.Name, p.ID) }

// Fact returns a fact's sort keys, in flow.FactFields order.
func Fact(f *flow.Fact) (asc, desc []string) {
	return keys(str(f.SubjectID), nonEmpty(f.Date), str(f.ID))
}

// Statement returns a statement's sort keys, in flow.StatementFields
// order. Dates are written year first ("2017-07", "2018-01-24"), so their
// text order is their time order.
func Statement(s *flow.Statement) (asc, desc []string) {
	return keys(nonEmpty(s.Date), str(s.PersonID), str(s.ID))
}
