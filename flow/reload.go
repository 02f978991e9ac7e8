package flow

// Loads and API writes share records: a curated dataset's flows can be
// corrected or retracted through the API and its nodes updated, and the
// same dataset is then loaded again from its file. These are the types a
// load and the service exchange so that a reload never overwrites a change
// made through the API out of sight.

// The actions a load records on a record the API changed since the
// dataset was last loaded.
const (
	// Kept: the load left the record as the API left it, although the
	// file says otherwise.
	Kept Action = "KEPT"
	// Reloaded: the load wrote the file's version over the changes made
	// through the API (or removed the record, if the file no longer holds
	// it), or found that the file now agrees with them. Either way the
	// record is the file's again.
	Reloaded Action = "RELOADED"
)

// LoadWriter is the name a load's revisions are made by. No write token
// can have it: token names have no spaces.
const LoadWriter = "fundflow load"

// LoadState is what a store holds for a load, read inside the load's
// transaction before anything is written: what the service's rules need to
// plan the load.
type LoadState struct {
	// Claimed lists the records of other datasets that hold ids of the
	// loaded dataset.
	Claimed []Claimed
	// Revised lists the records of the loaded dataset (nodes and flows of
	// its own kinds) that have revisions, each as it is stored now, in id
	// order.
	Revised []Revised
	// Stale lists the ids of the loaded dataset's records, of every kind,
	// that the loaded version no longer holds: what the load would remove.
	Stale []string
	// Dependents lists the references that records of other datasets
	// (those written through the API above all) make to the ids in Stale.
	Dependents []Reference
}

// Reference is one record's reference to another by id.
type Reference struct {
	// RecordID and Dataset name the referring record.
	RecordID, Dataset string
	// Field holds the reference: "from", "to", "citations.source" or
	// "fund".
	Field string
	// Target is the id referred to.
	Target string
}

// Revised is a stored record that has revisions: exactly one of Node and
// Flow is set.
type Revised struct {
	Node Node
	// Flow carries its citations, in order.
	Flow *Flow
	// History is every revision of the record, oldest first (in commit
	// order).
	History []Revision
}

// ID is the id of the revised record.
func (r Revised) ID() string {
	if r.Flow != nil {
		return r.Flow.ID
	}
	return r.Node.NodeID()
}

// LoadPlan is the service's answer to a LoadState: how the load treats
// the records the API changed.
type LoadPlan struct {
	// Keep lists ids of the loaded dataset's nodes and flows that the load
	// leaves exactly as they are stored: it neither rewrites them from the
	// file (citations included) nor removes them.
	Keep []string
	// Revisions are written in the load's transaction, in order.
	Revisions []Revision
}

// Conflict is one field of a record that the API changed since the last
// load and that the loaded file gives differently.
type Conflict struct {
	RecordID string
	Kind     RecordKind
	// Field names the field as the dataset file does ("amount", "status",
	// "citations"); "record" when the file no longer holds the record, and
	// "type" when the file makes it another kind of record.
	Field string
	// Loaded is the file's value and Current the stored one, rendered for
	// people.
	Loaded, Current string
	// SetBy is the revision that set the current value.
	SetBy Revision
	// Action is what the load did: Kept or Reloaded.
	Action Action
}
