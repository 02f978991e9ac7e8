package loader

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fundflow/fundflow/flow"
)

// walker turns YAML nodes into values, recording a problem for every node
// of the wrong shape and, when asked, the line of the paths it visits.
type walker struct {
	// lines, when not nil, records the line of each path visited that
	// want holds: a map of every path of a file is several times the
	// file's size, and only an invalid file needs any (see Parse).
	lines    map[string]int
	want     map[string]bool
	problems []flow.Problem
	// lists holds the block lists of records that the walk decodes one
	// record at a time (outline); broken says one of them could not be,
	// and the file must be read as one tree instead.
	lists  map[*yaml.Node]*items
	broken bool
	// shared holds one copy of each reference and enumerated value read
	// (ref), so that a million flows to a few thousand organisations do
	// not each hold their own copy of the same ids, years and kinds.
	shared map[string]string
}

// ref reads a scalar that many records repeat (an id referred to, a year,
// a kind), keeping one copy of each distinct value.
func (w *walker) ref(n *yaml.Node, path, id string) string {
	return w.share(w.str(n, path, id))
}

// share returns the walker's copy of s.
func (w *walker) share(s string) string {
	if c, ok := w.shared[s]; ok {
		return c
	}
	if w.shared == nil {
		w.shared = map[string]string{}
	}
	w.shared[s] = s
	return s
}

func (w *walker) at(path string, n *yaml.Node) {
	if w.lines != nil && w.want[path] {
		w.lines[path] = n.Line
	}
}

func (w *walker) problem(n *yaml.Node, path, id, field, value, msg string) {
	w.problems = append(w.problems, flow.Problem{Line: n.Line, Path: path, ID: id, Field: field, Value: value, Message: msg})
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}

// fields walks a mapping, calling the handler for each known key and
// reporting unknown and repeated keys. It returns the record's id, if the
// mapping has one, so that problems can name it.
func (w *walker) fields(n *yaml.Node, path, what string, handlers map[string]func(v *yaml.Node, path, id string)) string {
	w.at(path, n)
	if n.Kind != yaml.MappingNode {
		w.problem(n, path, "", what, "", fmt.Sprintf("wrong type: %s must be a mapping of fields, got %s", what, describe(n)))
		return ""
	}
	id := ""
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "id" && v.Kind == yaml.ScalarNode {
			id = v.Value
		}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := join(path, k.Value)
		h, ok := handlers[k.Value]
		switch {
		case !ok:
			w.problem(k, kp, id, k.Value, "", fmt.Sprintf("unknown field in %s; want one of %s", what, keys(handlers)))
		case seen[k.Value]:
			w.problem(k, kp, id, k.Value, "", "field given twice")
		default:
			seen[k.Value] = true
			w.at(kp, k)
			h(v, kp, id)
		}
	}
	return id
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func keys[V any](m map[string]V) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	// Sorted so that messages are stable.
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return strings.Join(ks, ", ")
}

// str reads a scalar as text. YAML's own typing (2018-01-24 as a timestamp,
// 202600000 as an int) is ignored: the domain parses the text itself.
func (w *walker) str(n *yaml.Node, path, id string) string {
	w.at(path, n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		w.problem(n, path, id, lastField(path), "", "wrong type: want text, got "+describeNull(n))
		return ""
	}
	return n.Value
}

func describeNull(n *yaml.Node) string {
	if n.Tag == "!!null" {
		return "nothing"
	}
	return describe(n)
}

// strs reads a list of scalars.
func (w *walker) strs(n *yaml.Node, path, id string) []string {
	var out []string
	w.seq(n, path, id, func(item *yaml.Node, p string) {
		if s := w.str(item, p, id); s != "" {
			out = append(out, s)
		}
	})
	return out
}

// seq calls fn for each item of a list.
func (w *walker) seq(n *yaml.Node, path, id string, fn func(item *yaml.Node, path string)) {
	w.at(path, n)
	if n.Kind != yaml.SequenceNode {
		w.problem(n, path, id, lastField(path), "", "wrong type: want a list, got "+describeNull(n))
		return
	}
	if list, ok := w.lists[n]; ok {
		for i := 0; !w.broken; i++ {
			item, ok := list.next()
			if !ok {
				w.broken = true
			}
			if item == nil {
				return
			}
			p := fmt.Sprintf("%s[%d]", path, i)
			w.at(p, item)
			fn(item, p)
		}
		return
	}
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		w.at(p, item)
		fn(item, p)
		// Nothing reads an item's nodes once it is walked: letting them go
		// as the walk goes keeps the parse from holding the file's whole
		// tree of nodes beside the records made of it.
		n.Content[i] = nil
	}
}

func lastField(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	return path
}

// pounds reads an amount such as "£202.6m".
func (w *walker) pounds(n *yaml.Node, path, id string) *flow.Pence {
	s := w.str(n, path, id)
	if s == "" {
		return nil
	}
	p, err := flow.ParsePounds(s)
	if err != nil {
		w.problem(n, path, id, moneyField(path), s, "not an amount: write pounds like £202.6m, £1bn, £5,100,000 or 81000000")
		return nil
	}
	return &p
}

func moneyField(path string) string {
	parts := strings.Split(path, ".")
	if len(parts) >= 2 && parts[len(parts)-1] == "value" {
		return parts[len(parts)-2]
	}
	if len(parts) >= 2 && (parts[len(parts)-1] == "low" || parts[len(parts)-1] == "high") {
		return parts[len(parts)-2] + "." + parts[len(parts)-1]
	}
	return lastField(path)
}

// money reads either a bare amount ("£202.6m", exact) or a mapping with
// value, qualifier and optional low, high, phrase and currency. A mapping
// without a value is a figure the source gives only in words ("hundreds of
// millions"): its bounds and phrase carry it, and no point is invented.
func (w *walker) money(n *yaml.Node, path, id string) *flow.Money {
	w.at(path, n)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		p := w.pounds(n, path, id)
		if p == nil {
			return nil
		}
		return &flow.Money{Amount: p, Qualifier: flow.Exact, Currency: flow.CurrencyGBP}
	}
	m := flow.Money{Currency: flow.CurrencyGBP, Qualifier: flow.Exact}
	w.fields(n, path, "an amount", map[string]func(*yaml.Node, string, string){
		"value": func(v *yaml.Node, p, id string) { m.Amount = w.pounds(v, p, id) },
		"low":   func(v *yaml.Node, p, id string) { m.Low = w.pounds(v, p, id) },
		"high":  func(v *yaml.Node, p, id string) { m.High = w.pounds(v, p, id) },
		"qualifier": func(v *yaml.Node, p, id string) {
			m.Qualifier = flow.Qualifier(w.share(enum(w.str(v, p, id))))
		},
		"phrase":   func(v *yaml.Node, p, id string) { m.Phrase = w.str(v, p, id) },
		"currency": func(v *yaml.Node, p, id string) { m.Currency = w.ref(v, p, id) },
	})
	read := m.Amount != nil || m.Low != nil || m.High != nil
	if n.Kind == yaml.MappingNode && !read && !w.reported(path+".value") && !w.reported(path+".low") && !w.reported(path+".high") {
		w.problem(n, path, id, lastField(path), "", "amount needs a value, or bounds and a phrase")
	}
	if !read {
		return nil
	}
	return &m
}

// reported says whether a problem was already recorded at path, so that a
// malformed value is not also reported as missing.
func (w *walker) reported(path string) bool {
	for _, p := range w.problems {
		if p.Path == path {
			return true
		}
	}
	return false
}

// enum lets curators write statuses, kinds and qualifiers in lower case.
func enum(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
