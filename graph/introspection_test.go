package graph_test

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/graph"
)

// introspectionQueries are graphql-js's standard introspection queries,
// written by tools/httpaudit/introspection-query.mjs from the pinned
// graphql package (CI regenerates them and fails on a difference).
func introspectionQueries(tb testing.TB) map[string]string {
	tb.Helper()
	paths, err := filepath.Glob("testdata/introspection/*.graphql")
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no introspection queries in testdata/introspection (%v): run node tools/httpaudit/introspection-query.mjs graph/testdata/introspection", err)
	}
	qs := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		qs[strings.TrimSuffix(filepath.Base(p), ".graphql")] = string(b)
	}
	for _, want := range []string{"default", "full", "graphiql"} {
		if _, ok := qs[want]; !ok {
			tb.Fatalf("testdata/introspection/%s.graphql is missing", want)
		}
	}
	return qs
}

// introType is a type as the standard introspection query returns it.
type introType struct {
	Kind, Name, Description string
	Fields                  []struct {
		Name, Description string
		Args              []struct {
			Name string
			Type typeRef
		}
	}
}

type typeRef struct {
	Kind   string
	Name   *string
	OfType *typeRef
}

// String writes a type reference as the schema language does: [FlowOrder!].
func (t *typeRef) String() string {
	switch {
	case t == nil:
		return "?"
	case t.Kind == "NON_NULL":
		return t.OfType.String() + "!"
	case t.Kind == "LIST":
		return "[" + t.OfType.String() + "]"
	case t.Name == nil:
		return "?"
	}
	return *t.Name
}

// TestStandardIntrospection runs graphql-js's getIntrospectionQuery, with
// and without its options, and GraphiQL's, through the endpoint with the
// default limits: each gets the full schema, as code generators and
// GraphiQL's docs need it. Production mode refuses every one.
func TestStandardIntrospection(t *testing.T) {
	st := openStore(t)
	log := zerolog.New(io.Discard)
	dev := newHandler(st, log)
	opts := graph.DefaultOptions()
	opts.Production = true
	prod := handlerWith(st, log, time.Now, opts)
	for name, query := range introspectionQueries(t) {
		t.Run(name, func(t *testing.T) {
			rec, resp := post(t, dev, query)
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %+v", resp.Errors)
			}
			var out struct {
				Data struct {
					Schema struct {
						QueryType    struct{ Name string }
						MutationType struct{ Name string }
						Types        []introType
						Directives   []struct{ Name string }
					} `json:"__schema"`
				}
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			s := out.Data.Schema
			if s.QueryType.Name != "Query" || s.MutationType.Name != "Mutation" {
				t.Errorf("root types %q and %q", s.QueryType.Name, s.MutationType.Name)
			}
			types := map[string]introType{}
			for _, ty := range s.Types {
				types[ty.Name] = ty
			}
			if d := types["Decimal"]; d.Kind != "SCALAR" || d.Description == "" {
				t.Errorf("Decimal: %+v, want a described scalar", d)
			}
			args := map[string]string{}
			for _, f := range types["Query"].Fields {
				if f.Name != "diversions" {
					continue
				}
				if f.Description == "" {
					t.Error("Query.diversions has no description")
				}
				for _, a := range f.Args {
					args[a.Name] = a.Type.String()
				}
			}
			for arg, ty := range map[string]string{"to": "ID", "year": "String", "where": "FlowFilter", "orderBy": "[FlowOrder!]", "first": "Int"} {
				if args[arg] != ty {
					t.Errorf("Query.diversions(%s:) is %q, want %s (args %v)", arg, args[arg], ty, args)
				}
			}
			names := map[string]bool{}
			for _, d := range s.Directives {
				names[d.Name] = true
			}
			if !names["deprecated"] || !names["include"] {
				t.Errorf("directives %v lack @deprecated or @include", names)
			}
			if len(types) < 40 {
				t.Errorf("only %d types", len(types))
			}

			_, resp = post(t, prod, query)
			wantCode(t, resp, "INTROSPECTION_DISABLED", "introspection is disabled")
		})
	}
}

// nest is field nested n deep around inner: nest("a", 2, "b") is a { a { b } }.
func nest(field string, n int, inner string) string {
	return strings.Repeat(field+" { ", n) + inner + strings.Repeat(" }", n)
}

// TestIntrospectionBounded: introspection's own depth rule lets the
// standard queries through but is bounded, and every other limit still
// applies to it. The refusals before validation come with an unknown field
// (fundz), so the limit error alone shows validation never ran.
func TestIntrospectionBounded(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	ofTypes := func(n int) string { return nest("ofType", n, "kind") }
	for _, c := range []struct {
		name, query, code, msg string
	}{
		{"OfType11", `{ fundz __type(name: "Flow") { ` + ofTypes(11) + ` } }`, "DEPTH_LIMIT_EXCEEDED", "introspection nests 11 ofType fields; the limit is 10"},
		{"Depth21", `{ fundz __schema { types { ` + nest("fields { type", 9, "name") + strings.Repeat(" }", 9) + ` } } }`, "DEPTH_LIMIT_EXCEEDED", "introspection is 21 fields deep; the limit is 20"},
		{"FragmentDepth21", `{ fundz __schema { types { ...T } } } fragment T on __Type { ` + nest("fields { type", 9, "name") + strings.Repeat(" }", 9) + ` }`, "DEPTH_LIMIT_EXCEEDED", "introspection is 21 fields deep; the limit is 20"},
		// Three lists of types nested: graphql-js's MaxIntrospectionDepthRule,
		// in gqlparser's validation, refuses what would multiply.
		{"Lists3", `{ __type(name: "Query") { fields { type { fields { type { fields { name } } } } } } }`, "GRAPHQL_VALIDATION_FAILED", "Maximum introspection depth exceeded"},
		{"Aliases31", `{ fundz __schema { ` + aliased("description", 31) + ` } }`, "ALIAS_LIMIT_EXCEEDED", "31 aliases; the limit is 30"},
		{"Selections201", `{ fundz __schema { types { ` + strings.Repeat("name ", 201) + ` } } }`, "SELECTION_LIMIT_EXCEEDED", "201 fields"},
		{"Tokens", `{ fundz __schema { types { ` + strings.Repeat("name ", 10_000) + ` } } }`, "TOKEN_LIMIT_EXCEEDED", "the limit is 10000"},
		{"FragmentBomb", `{ fundz __schema { types { ...F12 } } } fragment F0 on __Type { name }` + typeBomb(12), "FIELD_LIMIT_EXCEEDED", "4099 fields once fragments are expanded"},
		{"Directives11", `{ fundz __schema { description` + strings.Repeat(" @a", 11) + ` } }`, "DIRECTIVE_LIMIT_EXCEEDED", "11 directives"},
		// Introspection beside an ordinary selection leaves the ordinary
		// depth as it was, and a fragment on an introspection type spread
		// outside introspection counts in the ordinary depth.
		{"OrdinaryBeside", `{ __schema { description } ` + nest("fundz", 12, "id") + ` }`, "DEPTH_LIMIT_EXCEEDED", "operation is 13 fields deep; the limit is 12"},
		{"SpreadOutside", `{ ` + nest("fundz", 2, "...T") + ` } fragment T on __Type { ` + ofTypes(10) + ` }`, "DEPTH_LIMIT_EXCEEDED", "operation is 13 fields deep; the limit is 12"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, resp := post(t, h, c.query)
			wantCode(t, resp, c.code, c.msg)
		})
	}
	// The deepest useful introspection: two lists of types nested, the
	// second's arguments, and a full ofType chain, 18 fields deep.
	t.Run("Deepest", func(t *testing.T) {
		_, resp := post(t, h, `{ __schema { types { fields { type { fields { args { type { `+ofTypes(10)+` } } } } } } } }`)
		if len(resp.Errors) > 0 || resp.Data["__schema"] == nil {
			t.Errorf("refused: %+v", resp.Errors)
		}
	})
	t.Run("Lists2", func(t *testing.T) {
		_, resp := post(t, h, `{ __type(name: "Query") { fields { type { fields { name } } } } }`)
		if len(resp.Errors) > 0 || resp.Data["__type"] == nil {
			t.Errorf("refused: %+v", resp.Errors)
		}
	})
}

// aliased selects field n times, each under its own alias.
func aliased(field string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("a" + strconv.Itoa(i) + ": " + field + " ")
	}
	return b.String()
}

// typeBomb is fragments F1 to Fn on __Type, each spreading the one before
// twice (F0 is the caller's).
func typeBomb(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		p := "F" + strconv.Itoa(i-1)
		b.WriteString(" fragment F" + strconv.Itoa(i) + " on __Type { ..." + p + " ..." + p + " }")
	}
	return b.String()
}
