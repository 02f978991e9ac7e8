package neo4j

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lintDir holds the pinned Cypher front end (tools/cypherlint).
var lintDir = filepath.Join("..", "tools", "cypherlint")

type diagnostic struct {
	Severity  int    `json:"severity"`
	Line      int    `json:"line"`
	Character int    `json:"character"`
	Message   string `json:"message"`
}

type lintResult struct {
	Name        string       `json:"name"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

// lint runs Neo4j's Cypher front end over statements. Without Node or the
// installed package it skips, except under CI=true, where the check is
// mandatory.
func lint(t *testing.T, statements []Statement) map[string][]diagnostic {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(lintDir, "node_modules", "@neo4j-cypher", "language-support"))
	}
	if err != nil {
		msg := "Cypher lint needs Node and `npm ci` in tools/cypherlint (.ci/run installs both): " + err.Error()
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	s := GraphSchema()
	input, err := json.Marshal(map[string]any{
		"schema":     map[string]any{"labels": s.Labels, "relationshipTypes": s.RelationshipTypes, "propertyKeys": s.PropertyKeys},
		"statements": statements,
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "lint.mjs")
	cmd.Dir = lintDir
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("lint.mjs: %v\n%s", err, stderr.String())
	}
	var results []lintResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("lint.mjs output %q: %v", out, err)
	}
	if len(results) != len(statements) {
		t.Fatalf("linted %d statements, want %d", len(results), len(statements))
	}
	got := map[string][]diagnostic{}
	for _, r := range results {
		got[r.Name] = r.Diagnostics
	}
	return got
}

// docQueries returns the Cypher blocks of the README and of every page in
// docs/, which users paste into Neo4j Browser: they are checked like the
// store's own statements.
func docQueries(t *testing.T) []Statement {
	pages, err := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []Statement
	for _, path := range append([]string{filepath.Join("..", "README.md")}, pages...) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.ToSlash(strings.TrimPrefix(path, ".."+string(filepath.Separator)))
		for i, m := range regexp.MustCompile("(?s)```cypher\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
			out = append(out, Statement{Name: fmt.Sprintf("%s block %d", file, i+1), Cypher: m[1], Params: map[string]any{}})
		}
	}
	if len(out) < 8 {
		t.Fatalf("found %d Cypher blocks in README.md and docs/, want at least 8: questions 1 to 6 and the revisions query in docs/graph-model.md, and the example in docs/neo4j.md", len(out))
	}
	return out
}

// TestCypherFrontEnd checks every statement the store sends, and every
// query in the docs, with Neo4j's Cypher front end: any syntax or semantic
// diagnostic (a misspelt label, property or parameter included) fails.
func TestCypherFrontEnd(t *testing.T) {
	statements := append(Statements(), docQueries(t)...)
	// A statement that must be rejected proves the check is really running.
	canary := Statement{Name: "canary", Cypher: "MATCH (n:Fnud) WHERE n.id = $id RETURN n.nmae", Params: map[string]any{"id": ""}}
	diags := lint(t, append(statements, canary))
	if len(diags["canary"]) < 2 {
		t.Fatalf("the linter accepted a misspelt label and property: %+v", diags["canary"])
	}
	for _, s := range statements {
		for _, d := range diags[s.Name] {
			t.Errorf("%s:%d:%d: %s\n%s", s.Name, d.Line, d.Character, d.Message, numbered(s.Cypher))
		}
	}
	t.Logf("checked %d statements with Neo4j's Cypher front end", len(statements))
}

func numbered(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = fmt.Sprintf("%4d  %s", i+1, l)
	}
	return strings.Join(lines, "\n")
}
