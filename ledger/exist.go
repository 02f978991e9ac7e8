package ledger

import (
	"context"
	"fmt"
	"strings"

	"github.com/fundflow/fundflow/flow"
)

// An id a query names must name a record of a kind its field takes: an
// unknown id is NOT_FOUND, never an empty answer that reads as "no money".
// These are the kinds each field takes.
var (
	entityKinds    = []flow.RecordKind{flow.KindFund, flow.KindProgramme, flow.KindOrganisation}
	programmeKinds = []flow.RecordKind{flow.KindProgramme}
	fundKinds      = []flow.RecordKind{flow.KindFund}
	orgKinds       = []flow.RecordKind{flow.KindOrganisation}
)

// ref is an id a query names, with the argument or filter field that names
// it and the kinds of record the field takes.
type ref struct {
	field string
	id    string
	kinds []flow.RecordKind
}

// refsOf names each of ids by field.
func refsOf(field string, ids []string, kinds []flow.RecordKind) []ref {
	out := make([]ref, len(ids))
	for i, id := range ids {
		out[i] = ref{field, id, kinds}
	}
	return out
}

// flowRefs lists the node ids a flow query names. Flow ids (ids) are not
// checked: a flow id that names nothing simply matches nothing.
func flowRefs(q flow.FlowQuery) []ref {
	f, s := q.Filter, checked(q.Scope)
	return concat(refsOf("from", f.FromIDs, entityKinds), refsOf("from", s.FromIDs, entityKinds),
		refsOf("to", f.ToIDs, entityKinds), refsOf("to", s.ToIDs, entityKinds),
		refsOf("programme", f.ProgrammeIDs, programmeKinds), refsOf("fund", f.FundIDs, fundKinds),
		refsOf("organisation", f.OrganisationIDs, orgKinds))
}

// budgetRefs lists the node ids a budget line query names; line ids are
// not checked.
func budgetRefs(q flow.BudgetLineQuery) []ref {
	return concat(refsOf("programme", q.Filter.ProgrammeIDs, programmeKinds), refsOf("programme", checked(q.Scope).ProgrammeIDs, programmeKinds))
}

// nodeRefs lists the ids a list of nodes of one kind names: its ids, which
// must be of that kind, and the funds programmes are paid from.
func nodeRefs(kind flow.RecordKind, q flow.NodeQuery) []ref {
	return concat(refsOf("ids", q.Filter.IDs, []flow.RecordKind{kind}),
		refsOf("fund", q.Filter.FundIDs, fundKinds), refsOf("fund", checked(q.Scope).FundIDs, fundKinds))
}

// checked returns the scope's ids that must be checked: none for a child
// list's parents, which the request has just read.
func checked(s flow.Scope) flow.Scope {
	if s.Parents {
		return flow.Scope{}
	}
	return s
}

func concat(lists ...[]ref) []ref {
	var out []ref
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// exist checks, in one store call, that every id refs names is a node of a
// kind its field takes. Ids that name nothing are NOT_FOUND, each named in
// the message and as a problem; failing that, ids of records of another
// kind are INVALID. With no ids it asks the store nothing.
func (s *Service) exist(ctx context.Context, refs []ref) error {
	if len(refs) == 0 {
		return nil
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.id
	}
	nodes, err := s.store.NodesBrief(ctx, dedupe(ids))
	if err != nil {
		return err
	}
	var missing, wrong []flow.Problem
	type key struct{ field, id string }
	seen := map[key]bool{}
	for _, r := range refs {
		key := key{r.field, r.id}
		if seen[key] {
			continue
		}
		seen[key] = true
		n, ok := nodes[r.id]
		switch {
		case !ok:
			missing = append(missing, flow.Problem{ID: r.id, Field: r.field, Value: r.id,
				Message: fmt.Sprintf("no %s has id %q", nouns(r.kinds), r.id)})
		case !oneOf(flow.KindOf(n), r.kinds):
			wrong = append(wrong, flow.Problem{ID: r.id, Field: r.field, Value: r.id,
				Message: fmt.Sprintf("%q is %s, not %s", r.id, article(string(flow.KindOf(n))), article(nouns(r.kinds)))})
		}
	}
	switch {
	case len(missing) > 0:
		return &flow.Error{Code: flow.ENOTFOUND, Message: summary(missing), Problems: missing}
	case len(wrong) > 0:
		return &flow.Error{Code: flow.EINVALID, Message: summary(wrong), Problems: wrong}
	}
	return nil
}

// summary joins problems into one message naming each field and id:
// `programme: no programme has id "cyber"`.
func summary(ps []flow.Problem) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Field + ": " + p.Message
	}
	return strings.Join(parts, "; ")
}

// nouns names kinds for people: "fund, programme or organisation".
func nouns(kinds []flow.RecordKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// article prefixes a or an: "an organisation", "a fund or programme".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if v == a {
			return true
		}
	}
	return false
}
