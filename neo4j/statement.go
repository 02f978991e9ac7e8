package neo4j

import (
	"fmt"
	"sort"
)

// Statement is one Cypher statement the store sends, with an example value
// of each parameter it takes. The examples declare the parameters' types to
// the Cypher linter and to the tests that check what the store hands the
// driver.
type Statement struct {
	Name   string         `json:"name"`
	Cypher string         `json:"cypher"`
	Params map[string]any `json:"params"`
}

var registry = map[string]*Statement{}

// statement registers a statement at package initialisation. Statements are
// declared beside the method that runs them.
func statement(name, cypher string, params map[string]any) *Statement {
	if _, dup := registry[name]; dup {
		panic("neo4j: statement " + name + " declared twice")
	}
	if params == nil {
		params = map[string]any{}
	}
	s := &Statement{Name: name, Cypher: cypher, Params: params}
	registry[name] = s
	return s
}

// Statements returns every statement the store can send, by name.
func Statements() []Statement {
	out := make([]Statement, 0, len(registry))
	for _, s := range registry {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// call is a statement with the parameters for one run.
type call struct {
	stmt   *Statement
	params map[string]any
}

// checkParams reports a call whose parameters differ from those its
// statement declares: a missing parameter would reach Neo4j as null and
// silently match nothing.
func (c call) checkParams() error {
	for name := range c.stmt.Params {
		if _, ok := c.params[name]; !ok {
			return fmt.Errorf("statement %s: parameter $%s not given", c.stmt.Name, name)
		}
	}
	for name := range c.params {
		if _, ok := c.stmt.Params[name]; !ok {
			return fmt.Errorf("statement %s: parameter $%s is not declared", c.stmt.Name, name)
		}
	}
	return nil
}
