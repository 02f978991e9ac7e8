package loader

import (
	"gopkg.in/yaml.v3"

	"github.com/fundflow/fundflow/flow"
)

// The records that are not money: people, their statements, and counts.

func (w *walker) person(n *yaml.Node, at string) *flow.Person {
	r := &flow.Person{}
	w.fields(n, at, "a person", handlers{
		"id":           func(v *yaml.Node, p, id string) { r.ID = w.str(v, p, id) },
		"name":         func(v *yaml.Node, p, id string) { r.Name = w.str(v, p, id) },
		"aliases":      func(v *yaml.Node, p, id string) { r.Aliases = w.strs(v, p, id) },
		"role":         func(v *yaml.Node, p, id string) { r.Role = w.str(v, p, id) },
		"organisation": func(v *yaml.Node, p, id string) { r.OrganisationID = w.str(v, p, id) },
		"description":  func(v *yaml.Node, p, id string) { r.Description = w.str(v, p, id) },
	})
	return r
}

func (w *walker) fact(n *yaml.Node, at string) *flow.Fact {
	f := &flow.Fact{}
	w.fields(n, at, "a fact", handlers{
		"id":      func(v *yaml.Node, p, id string) { f.ID = w.str(v, p, id) },
		"subject": func(v *yaml.Node, p, id string) { f.SubjectID = w.str(v, p, id) },
		"counted": func(v *yaml.Node, p, id string) { f.Counted = w.str(v, p, id) },
		"stated":  func(v *yaml.Node, p, id string) { f.Stated = w.str(v, p, id) },
		"count": func(v *yaml.Node, p, id string) {
			if c := w.count(v, p, id); c != nil {
				f.Count = *c
			}
		},
		"date":      func(v *yaml.Node, p, id string) { f.Date = w.str(v, p, id) },
		"status":    func(v *yaml.Node, p, id string) { f.Status = flow.Status(enum(w.str(v, p, id))) },
		"note":      func(v *yaml.Node, p, id string) { f.Note = w.str(v, p, id) },
		"citations": func(v *yaml.Node, p, id string) { f.Citations = w.citations(v, p, id) },
	})
	if !hasKey(n, "count") {
		w.problem(n, at+".count", f.ID, "count", "", "count is required: a whole number (23), or a mapping {value, qualifier, low, high}")
	}
	return f
}

func (w *walker) statement(n *yaml.Node, at string) *flow.Statement {
	s := &flow.Statement{}
	w.fields(n, at, "a statement", handlers{
		"id":        func(v *yaml.Node, p, id string) { s.ID = w.str(v, p, id) },
		"person":    func(v *yaml.Node, p, id string) { s.PersonID = w.str(v, p, id) },
		"said":      func(v *yaml.Node, p, id string) { s.Said = w.str(v, p, id) },
		"form":      func(v *yaml.Node, p, id string) { s.Form = flow.StatementForm(enum(w.str(v, p, id))) },
		"date":      func(v *yaml.Node, p, id string) { s.Date = w.str(v, p, id) },
		"about":     func(v *yaml.Node, p, id string) { s.AboutIDs = w.strs(v, p, id) },
		"note":      func(v *yaml.Node, p, id string) { s.Note = w.str(v, p, id) },
		"citations": func(v *yaml.Node, p, id string) { s.Citations = w.citations(v, p, id) },
	})
	return s
}

// whole reads a count such as "81" or "1,000".
func (w *walker) whole(n *yaml.Node, path, id string) *int64 {
	s := w.str(n, path, id)
	if s == "" {
		return nil
	}
	c, err := flow.ParseCount(s)
	if err != nil {
		w.problem(n, path, id, moneyField(path), s, "not a count: write a whole number like 81 or 1,000")
		return nil
	}
	return &c
}

// count reads either a bare whole number (exact) or a mapping with an
// optional value, a qualifier and optional low and high: a source that
// gives only a phrase ("hundreds of") has no value.
func (w *walker) count(n *yaml.Node, path, id string) *flow.Count {
	w.at(path, n)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		v := w.whole(n, path, id)
		if v == nil {
			return nil
		}
		return &flow.Count{Value: v, Qualifier: flow.Exact}
	}
	c := flow.Count{Qualifier: flow.Exact}
	w.fields(n, path, "a count", handlers{
		"value":     func(v *yaml.Node, p, id string) { c.Value = w.whole(v, p, id) },
		"low":       func(v *yaml.Node, p, id string) { c.Low = w.whole(v, p, id) },
		"high":      func(v *yaml.Node, p, id string) { c.High = w.whole(v, p, id) },
		"qualifier": func(v *yaml.Node, p, id string) { c.Qualifier = flow.Qualifier(enum(w.str(v, p, id))) },
	})
	if n.Kind != yaml.MappingNode {
		return nil
	}
	return &c
}
