package flow

import "encoding/json"

// Change is one field a revision set, with the value it replaced: the
// values as people read them (an amount as Money.String renders it, a
// list as a JSON array), so that history shows what was overwritten
// without a second lookup.
type Change struct {
	// Field is the field's name in the API ("aliases", "published",
	// "amount", "citations").
	Field string
	// Previous is the value before the change; "" (or "[]" for a list)
	// when the field had none.
	Previous string
	// Value is the value after it.
	Value string
}

// field is one field of a record, by its name in the API, as Change shows it.
type field struct{ name, value string }

// NodeChanges lists the fields whose values differ between prev and next,
// in the order the API lists them; none when prev is nil (a creation) or
// of another type.
func NodeChanges(prev, next Node) []Change {
	if prev == nil || KindOf(prev) != KindOf(next) {
		return nil
	}
	return diff(nodeFields(prev), nodeFields(next))
}

// FlowChanges lists the fields whose values differ between two versions of
// a flow; none when prev is nil.
func FlowChanges(prev, next *Flow) []Change {
	if prev == nil {
		return nil
	}
	return diff(flowFields(prev), flowFields(next))
}

func diff(prev, next []field) []Change {
	var out []Change
	for i := range next {
		if prev[i].value != next[i].value {
			out = append(out, Change{Field: next[i].name, Previous: prev[i].value, Value: next[i].value})
		}
	}
	return out
}

// nodeFields lists a node's writable fields. A source's file and every
// record's dataset are not written through the API, so never change there.
// A kind of node not listed here has no fields to compare.
func nodeFields(n Node) []field {
	switch n := n.(type) {
	case *Fund:
		return []field{{"name", n.Name}, {"aliases", list(n.Aliases)}, {"description", n.Description}}
	case *Programme:
		return []field{{"name", n.Name}, {"aliases", list(n.Aliases)}, {"description", n.Description}, {"fund", n.FundID}}
	case *Organisation:
		return []field{{"name", n.Name}, {"aliases", list(n.Aliases)}, {"kind", n.Kind}, {"description", n.Description}}
	case *Source:
		return []field{{"title", n.Title}, {"publisher", n.Publisher}, {"published", n.Published}, {"dateNote", n.DateNote},
			{"url", n.URL}, {"notes", list(n.Notes)}, {"text", n.Text}}
	}
	return nil
}

func flowFields(f *Flow) []field {
	type cite struct {
		Source string `json:"source"`
		Quote  string `json:"quote"`
	}
	cs := make([]cite, len(f.Citations))
	for i, c := range f.Citations {
		cs[i] = cite{c.SourceID, c.Quote}
	}
	b, _ := json.Marshal(cs)
	return []field{{"kind", string(f.Kind)}, {"from", f.FromID}, {"to", f.ToID}, {"year", string(f.Year)},
		{"amount", f.Amount.String()}, {"status", string(f.Status)}, {"note", f.Note}, {"citations", string(b)}}
}

// list renders a list of strings as a JSON array: "[]" when empty.
func list(xs []string) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

// Keep copies into n, from cur, the fields an update leaves out (named as
// in the API: "aliases", "description", ...), so that omitting a field
// keeps its stored value, while giving it, even empty, replaces it. The
// fields no write sets (a source's file) are always kept. cur must be of
// n's type; unknown names are ignored.
func Keep(n, cur Node, fields []string) {
	keep := map[string]bool{}
	for _, f := range fields {
		keep[f] = true
	}
	switch n := n.(type) {
	case *Fund:
		c := cur.(*Fund)
		keepList(keep["aliases"], &n.Aliases, c.Aliases)
		keepString(keep["description"], &n.Description, c.Description)
	case *Programme:
		c := cur.(*Programme)
		keepList(keep["aliases"], &n.Aliases, c.Aliases)
		keepString(keep["description"], &n.Description, c.Description)
		keepString(keep["fund"], &n.FundID, c.FundID)
	case *Organisation:
		c := cur.(*Organisation)
		keepList(keep["aliases"], &n.Aliases, c.Aliases)
		keepString(keep["kind"], &n.Kind, c.Kind)
		keepString(keep["description"], &n.Description, c.Description)
	case *Source:
		c := cur.(*Source)
		keepString(keep["dateNote"], &n.DateNote, c.DateNote)
		keepString(keep["url"], &n.URL, c.URL)
		keepList(keep["notes"], &n.Notes, c.Notes)
		keepString(keep["text"], &n.Text, c.Text)
		n.File = c.File
	}
}

func keepString(keep bool, dst *string, cur string) {
	if keep {
		*dst = cur
	}
}

func keepList(keep bool, dst *[]string, cur []string) {
	if keep {
		*dst = append([]string(nil), cur...)
	}
}
