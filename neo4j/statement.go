package neo4j

import (
	"fmt"
	"sort"
	"strings"
)

// cypherVersion is the Cypher language every statement is pinned to. A
// server on Neo4j 2025.06 or later runs a query without a prefix in its
// database's default language, which may be Cypher 25, where some of
// Cypher 5's syntax is removed or means something else; the prefix makes
// every statement run as Cypher 5 whatever the default (Cypher manual,
// "Select Cypher version"). Servers accept the prefix from Neo4j 5.21
// (GoogleCloudPlatform/DataflowTemplates#2620, which pins it the same way),
// before the 5.23 the store needs for its CALL () subqueries.
const cypherVersion = "CYPHER 5"

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

// statement registers a statement at package initialisation, pinned to
// cypherVersion. Statements are declared beside the method that runs them.
func statement(name, cypher string, params map[string]any) *Statement {
	if _, dup := registry[name]; dup {
		panic("neo4j: statement " + name + " declared twice")
	}
	s := newStatement(name, cypher, params)
	registry[name] = s
	return s
}

// newStatement builds a statement pinned to cypherVersion without
// registering it: a list assembles one per combination of filters at run
// time (list.go), from parts whose every combination the registry's
// examples cover.
func newStatement(name, cypher string, params map[string]any) *Statement {
	if params == nil {
		params = map[string]any{}
	}
	return &Statement{Name: name, Cypher: pinned(cypher), Params: params}
}

// pinned prefixes cypher with cypherVersion, unless it has it already.
func pinned(cypher string) string {
	body := strings.TrimLeft(cypher, " \t\r\n")
	if strings.HasPrefix(body, cypherVersion+" ") || strings.HasPrefix(body, cypherVersion+"\n") {
		return cypher
	}
	return cypherVersion + "\n" + body
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
