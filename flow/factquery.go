package flow

// PersonQuery asks for one page of people.
type PersonQuery struct {
	Filter PersonFilter
	// Order uses the node fields: by name unless ordered otherwise.
	Order []NodeOrder
	Page  PageArgs
}

// PersonFilter selects people. Zero values select everything; lists match
// any of their values, and the fields combine with AND.
type PersonFilter struct {
	IDs []string
	// OrganisationIDs keeps the people the sources place in these
	// organisations.
	OrganisationIDs []string
	// NameContains matches names and aliases case- and accent-insensitively.
	NameContains string
}

// FactQuery asks for one page of facts.
type FactQuery struct {
	Filter FactFilter
	Order  []FactOrder
	Page   PageArgs
}

// FactFilter selects facts. Zero values select everything.
type FactFilter struct {
	IDs []string
	// SubjectIDs keeps the facts about these entities.
	SubjectIDs []string
	Statuses   []Status
	// AsOf keeps only facts reported by that day, with only those citations.
	AsOf Date
}

// FactField is a field facts can be ordered by.
type FactField string

// Orderable fact fields, in the order of each fact's sort keys. Facts
// without a date sort last in either direction.
const (
	FactBySubject FactField = "SUBJECT"
	FactByDate    FactField = "DATE"
	FactByID      FactField = "ID"
)

// FactFields lists the orderable fact fields in sort-key order.
var FactFields = []FactField{FactBySubject, FactByDate, FactByID}

// FactOrder is one key of a fact ordering.
type FactOrder struct {
	Field FactField
	Desc  bool
}

// StatementQuery asks for one page of statements.
type StatementQuery struct {
	Filter StatementFilter
	Order  []StatementOrder
	Page   PageArgs
}

// StatementFilter selects statements. Zero values select everything.
type StatementFilter struct {
	IDs []string
	// PersonIDs keeps what these people said.
	PersonIDs []string
	// AboutIDs keeps the statements about any of these entities.
	AboutIDs []string
	// AsOf keeps only statements reported by that day, with only those
	// citations.
	AsOf Date
}

// StatementField is a field statements can be ordered by.
type StatementField string

// Orderable statement fields, in the order of each statement's sort keys.
const (
	StatementByDate   StatementField = "DATE"
	StatementByPerson StatementField = "PERSON"
	StatementByID     StatementField = "ID"
)

// StatementFields lists the orderable statement fields in sort-key order.
var StatementFields = []StatementField{StatementByDate, StatementByPerson, StatementByID}

// StatementOrder is one key of a statement ordering.
type StatementOrder struct {
	Field StatementField
	Desc  bool
}

// PersonOrdering checks a people ordering; by default, by name. Its
// cursors are people's own, so they cannot page a list of other nodes.
func PersonOrdering(os []NodeOrder) (Ordering, error) {
	fs, ds := make([]NodeField, len(os)), make([]bool, len(os))
	for i, o := range os {
		fs[i], ds[i] = o.Field, o.Desc
	}
	return order("person", NodeFields, fs, ds, NodeByName)
}

// FactOrdering checks a fact ordering; by default, by subject.
func FactOrdering(os []FactOrder) (Ordering, error) {
	fs, ds := make([]FactField, len(os)), make([]bool, len(os))
	for i, o := range os {
		fs[i], ds[i] = o.Field, o.Desc
	}
	return order("fact", FactFields, fs, ds, FactBySubject)
}

// StatementOrdering checks a statement ordering; by default, by date then
// person: what was said, in the order it was said.
func StatementOrdering(os []StatementOrder) (Ordering, error) {
	if len(os) == 0 {
		os = []StatementOrder{{Field: StatementByDate}, {Field: StatementByPerson}}
	}
	fs, ds := make([]StatementField, len(os)), make([]bool, len(os))
	for i, o := range os {
		fs[i], ds[i] = o.Field, o.Desc
	}
	return order("statement", StatementFields, fs, ds, StatementByDate)
}
