package graph

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// saturation caps the counts of a shape: a fragment bomb's expanded field
// count would overflow an int long before the walk ends, and anything past
// the limits is refused the same way however far past it is.
const saturation = 1 << 40

func satAdd(a, b int) int { return min(a+b, saturation) }

// shape is what a selection set amounts to once its fragments are expanded.
type shape struct {
	fields  int // fields in the expanded tree
	aliases int // aliases in the expanded tree
	depth   int // deepest field nesting
	width   int // fields merged into this one selection set, spreads flattened
	ofType  int // most ofType fields nested on one path, in introspection
}

// add merges a fragment's or inline fragment's shape into its parent set.
func (s *shape) add(c shape) {
	s.fields = satAdd(s.fields, c.fields)
	s.aliases = satAdd(s.aliases, c.aliases)
	s.depth = max(s.depth, c.depth)
	s.width = satAdd(s.width, c.width)
	s.ofType = max(s.ofType, c.ofType)
}

// docShape is the worst of every operation and fragment definition in a
// document: validation walks all of them, used or not. Its depth is that of
// ordinary selections; introspection's (see introspective) is introDepth.
type docShape struct {
	shape
	introDepth int // deepest introspection nesting, from __schema or __type
	widest     int // the widest selection set
	directives int // most directives at one location
	steps      int // selections visited: the walk's own cost
}

// measurer walks a document once, memoising each fragment's shape so a
// fragment spread many times (or spreading others many times, as a fragment
// bomb does) is measured once: the walk is linear in the document however
// large the expanded query would be.
type measurer struct {
	frags map[string]*ast.FragmentDefinition
	memo  map[string]shape
	busy  map[string]bool // fragments being measured: a cycle counts as empty
	doc   docShape
}

// measureDocument measures every operation and fragment definition of doc
// before validation, which is why it tolerates cycles and unknown fragments
// (validation reports them).
func measureDocument(doc *ast.QueryDocument) docShape {
	m := &measurer{frags: map[string]*ast.FragmentDefinition{}, memo: map[string]shape{}, busy: map[string]bool{}}
	for _, f := range doc.Fragments {
		if _, dup := m.frags[f.Name]; !dup {
			m.frags[f.Name] = f
		}
	}
	for _, op := range doc.Operations {
		m.directives(len(op.Directives))
		for _, v := range op.VariableDefinitions {
			m.directives(len(v.Directives))
		}
		m.worst(m.set(op.SelectionSet, false), false)
	}
	for _, f := range doc.Fragments {
		m.directives(len(f.Directives))
		intro := introspective(f.TypeCondition)
		if m.frags[f.Name] == f {
			m.worst(m.fragment(f.Name), intro)
		} else {
			m.worst(m.set(f.SelectionSet, intro), intro) // a duplicate name: validation still walks it
		}
	}
	return m.doc
}

// introspective reports whether a type condition names an introspection
// type: names beginning with __ are reserved for them (GraphQL spec, 3.1).
// Everything selected on one is introspection, since those types lead only
// to one another.
func introspective(typeCondition string) bool { return strings.HasPrefix(typeCondition, "__") }

// introspectionRoot reports whether a field, selected on an ordinary type,
// begins an introspection selection.
func introspectionRoot(f *ast.Field) bool { return f.Name == "__schema" || f.Name == "__type" }

// worst records a definition's shape; intro says it is an introspection
// fragment, whose depth is introspection's.
func (m *measurer) worst(s shape, intro bool) {
	m.doc.fields = max(m.doc.fields, s.fields)
	m.doc.aliases = max(m.doc.aliases, s.aliases)
	m.doc.ofType = max(m.doc.ofType, s.ofType)
	if intro {
		m.doc.introDepth = max(m.doc.introDepth, s.depth)
	} else {
		m.doc.depth = max(m.doc.depth, s.depth)
	}
}

func (m *measurer) directives(n int) { m.doc.directives = max(m.doc.directives, n) }

func (m *measurer) fragment(name string) shape {
	if s, ok := m.memo[name]; ok {
		return s
	}
	f := m.frags[name]
	if f == nil || m.busy[name] {
		return shape{}
	}
	m.busy[name] = true
	s := m.set(f.SelectionSet, introspective(f.TypeCondition))
	delete(m.busy, name)
	m.memo[name] = s
	return s
}

// set measures a selection set; intro says it is selected on an
// introspection type. An introspection root's selections are measured as
// introspection, their depth recorded as introDepth (with the root itself)
// rather than adding to the ordinary depth, where the root counts as one
// field. Once in introspection a selection stays there: an inline fragment
// on an ordinary type inside it is invalid, and validation says so.
func (m *measurer) set(set ast.SelectionSet, intro bool) shape {
	var s shape
	for _, sel := range set {
		m.doc.steps++
		switch x := sel.(type) {
		case *ast.Field:
			m.directives(len(x.Directives))
			var c shape
			if !intro && introspectionRoot(x) {
				c = m.set(x.SelectionSet, true)
				m.doc.introDepth = max(m.doc.introDepth, c.depth+1)
				m.doc.ofType = max(m.doc.ofType, c.ofType)
				c.depth, c.ofType = 0, 0
			} else {
				c = m.set(x.SelectionSet, intro)
			}
			s.fields = satAdd(s.fields, satAdd(1, c.fields))
			s.aliases = satAdd(s.aliases, c.aliases)
			if x.Alias != "" && x.Alias != x.Name {
				s.aliases = satAdd(s.aliases, 1)
			}
			s.depth = max(s.depth, c.depth+1)
			s.width = satAdd(s.width, 1)
			if intro && x.Name == "ofType" {
				c.ofType++
			}
			s.ofType = max(s.ofType, c.ofType)
		case *ast.InlineFragment:
			m.directives(len(x.Directives))
			s.add(m.set(x.SelectionSet, intro || introspective(x.TypeCondition)))
		case *ast.FragmentSpread:
			m.directives(len(x.Directives))
			s.add(m.fragment(x.Name))
		default:
			panic(fmt.Sprintf("unknown selection %T", sel))
		}
	}
	m.doc.widest = max(m.doc.widest, s.width)
	return s
}
