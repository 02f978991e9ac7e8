package flow

import "fmt"

// APIDataset is the dataset of records created through the API, so that
// reloading a curated file never removes them.
const APIDataset = "api"

// Retracted marks a flow withdrawn with a reason. Retracted flows stay
// queryable (asking for status RETRACTED), with their history, but lists,
// totals and traces leave them out otherwise.
const Retracted Status = "RETRACTED"

// Action is what a revision did.
type Action string

// The actions a revision records.
const (
	Created    Action = "CREATED"
	Updated    Action = "UPDATED"
	Corrected  Action = "CORRECTED"
	Retraction Action = "RETRACTED"
)

// Revision is one change to a record: who made it, when, why, and the
// figure and status before and after. Corrections never overwrite: the
// earlier value stays in the revision that replaced it.
type Revision struct {
	RecordID string
	Action   Action
	// At is when, RFC 3339 in UTC.
	At string
	// By is the name of the token that made the change.
	By     string
	Reason string
	// Previous and Amount are the figure before and after (nil where the
	// record has none, as for a new record's Previous).
	Previous, Amount *Money
	// PreviousStatus and Status are the status before and after.
	PreviousStatus, Status Status
	// Changes lists every field the change set to a new value, with the
	// value it replaced: what an update, a correction or a retraction
	// overwrote stays readable here. A creation lists none.
	Changes []Change
}

// CheckNode validates a fund, programme, organisation or source written
// through the API, with the rules the loader applies; known maps the ids
// the record refers to (a programme's fund) to their kind, and today is the
// day no date may lie after.
func CheckNode(n Node, known map[string]RecordKind, today Date) []Problem {
	c := newChecker(&Dataset{}, known, today)
	switch n := n.(type) {
	case *Fund:
		c.id("fund", n.ID, "fund")
		c.name("fund", n.ID, "name", n.Name)
	case *Programme:
		c.id("programme", n.ID, "programme")
		c.name("programme", n.ID, "name", n.Name)
		if n.FundID != "" {
			c.ref("programme.fund", n.ID, "fund", n.FundID, "fund")
		}
	case *Organisation:
		c.id("organisation", n.ID, "organisation")
		c.name("organisation", n.ID, "name", n.Name)
	case *Source:
		c.id("source", n.ID, "source")
		c.source("source", n)
	default:
		c.add(Problem{Message: fmt.Sprintf("cannot write a %T", n)})
	}
	return c.problems
}

// CheckFlow validates a flow written through the API, with the rules the
// loader applies; known maps the ids it refers to (its ends, its sources)
// to their kind, and texts holds the text of each cited source that has
// one, which its quotes must appear in. The flow's amount must be
// normalized first.
func CheckFlow(f *Flow, known map[string]RecordKind, texts map[string]string) []Problem {
	c := newChecker(&Dataset{SourceTexts: texts}, known, "")
	c.id("flow", f.ID, "flow")
	c.flow("flow", f)
	return c.problems
}

// CheckCitations validates the citations a correction adds to record id,
// with the rules every citation obeys; known maps the cited ids to their
// kind and texts holds the cited sources' texts, as for CheckFlow.
func CheckCitations(id string, cs []Citation, known map[string]RecordKind, texts map[string]string) []Problem {
	c := newChecker(&Dataset{SourceTexts: texts}, known, "")
	for i, ct := range cs {
		c.citation(fmt.Sprintf("citations[%d]", i), id, ct)
	}
	return c.problems
}

// Invalid wraps problems as the EINVALID error the API returns.
func Invalid(what string, ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: fmt.Sprintf("%s: %d %s; nothing was written", what, len(ps), map[bool]string{true: "problem", false: "problems"}[len(ps) == 1]), Problems: ps}
}

// KindOf names the kind of record a node is.
func KindOf(n Node) RecordKind {
	switch n.(type) {
	case *Fund:
		return KindFund
	case *Programme:
		return KindProgramme
	case *Organisation:
		return KindOrganisation
	case *Source:
		return KindSource
	case *Person:
		return KindPerson
	}
	return ""
}

// CheckSave decides whether a node write may go ahead, given what already
// has its id: a create needs a free id, an update an existing record of
// the same kind; an id never changes kind through the API.
func CheckSave(n Node, a Action, cur Current) error {
	switch {
	case a == Created && cur.Exists():
		return Errorf(ECONFLICT, "id %s is already in use by a %s", n.NodeID(), cur.Kind)
	case a != Created && !cur.Exists():
		return Errorf(ENOTFOUND, "no record has id %s", n.NodeID())
	case cur.Exists() && cur.Kind != KindOf(n):
		return Errorf(ECONFLICT, "id %s is a %s, not a %s", n.NodeID(), cur.Kind, KindOf(n))
	}
	return nil
}
