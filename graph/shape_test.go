package graph

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/fundflow/fundflow/examples"
)

// fragmentBomb is a query whose fragments each spread the previous one
// twice: levels+1 fragments, 2^levels fields once expanded.
func fragmentBomb(levels int) string {
	var b strings.Builder
	b.WriteString("query Q { ...F" + strconv.Itoa(levels) + " } fragment F0 on Query { __typename }")
	for i := 1; i <= levels; i++ {
		p := "F" + strconv.Itoa(i-1)
		b.WriteString(" fragment F" + strconv.Itoa(i) + " on Query { ..." + p + " ..." + p + " }")
	}
	return b.String()
}

func parse(tb testing.TB, q string) *ast.QueryDocument {
	tb.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func TestMeasureFragmentBombInLinearSteps(t *testing.T) {
	for _, levels := range []int{10, 40, 60} {
		s := measureDocument(parse(t, fragmentBomb(levels)))
		// One step per selection written: the spread in Q, __typename in
		// F0, two spreads in each other fragment.
		if want := 2 + 2*levels; s.steps != want {
			t.Errorf("%d levels: %d steps, want %d (one per selection written)", levels, s.steps, want)
		}
		if want := min(1<<levels, saturation); s.fields != want {
			t.Errorf("%d levels: %d expanded fields, want %d", levels, s.fields, want)
		}
		if s.widest != s.fields || s.depth != 1 {
			t.Errorf("%d levels: widest %d depth %d, want %d and 1", levels, s.widest, s.depth, s.fields)
		}
	}
}

func TestMeasureShapes(t *testing.T) {
	s := measureDocument(parse(t, `query A($v: Int @a @b) @c { x: f { ...G g @d @e @f } ... on Query { h } }
		fragment G on T { y: g { z: k } ...G }`))
	want := docShape{shape: shape{fields: 5, aliases: 3, depth: 3}, widest: 2, directives: 3}
	s.steps = 0
	if s != want {
		t.Errorf("got %+v, want %+v", s, want)
	}
}

// TestDefaultsSuitDocumentedQuestions keeps every README question well
// inside the default limits: at most a quarter of each.
func TestDefaultsSuitDocumentedQuestions(t *testing.T) {
	l := DefaultShapeLimits()
	for _, ex := range examples.All() {
		tokens, ok := countTokens(ex.Query, l.MaxTokens)
		s := measureDocument(parse(t, ex.Query))
		t.Logf("%s: %d bytes, %d tokens, %+v", ex.Name, len(ex.Query), tokens, s)
		if !ok || tokens*4 > l.MaxTokens || s.fields*4 > l.MaxFields || s.widest*4 > l.MaxSelections ||
			s.directives*4 > l.MaxDirectives || s.depth*4 > l.MaxDepth*3 || s.aliases*4 > l.MaxAliases {
			t.Errorf("%s is too close to the limits %+v: %d tokens, %+v", ex.Name, l, tokens, s)
		}
	}
}

func TestCountTokensStopsPastTheLimit(t *testing.T) {
	q := "{" + strings.Repeat(" a", 1_000_000) + " }"
	if n, ok := countTokens(q, 100); !ok || n != 101 {
		t.Errorf("got %d %v, want to stop at 101 tokens", n, ok)
	}
	if n, ok := countTokens("{ a # comment\n b }", 100); !ok || n != 5 {
		t.Errorf("got %d %v, want 5 tokens (comments count)", n, ok)
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("a", 900_000)
	got := shorten(`Cannot query field "` + long + `" on type "Query".`)
	want := `Cannot query field "` + long[:64] + `…" (900000 characters) on type "Query".`
	if got != want {
		t.Errorf("got %.200q, want %q", got, want)
	}
	if msg := `Cannot query field "fundz" on type "Query".`; shorten(msg) != msg {
		t.Errorf("short values changed: %q", shorten(msg))
	}
	if got := shorten(strings.Repeat("b ", 5000)); len([]rune(got)) > maxMessage+40 {
		t.Errorf("a long message kept %d characters", len(got))
	}
}

// TestMeasureIntrospection: graphql-js's standard query is one ordinary
// field deep (__schema) and 15 introspection fields deep, nine of them the
// ofType chain of its TypeRef fragment, which measured alone (validation
// walks every fragment) is introspection too.
func TestMeasureIntrospection(t *testing.T) {
	l := DefaultShapeLimits()
	for _, name := range []string{"default", "full", "graphiql"} {
		b, err := os.ReadFile("testdata/introspection/" + name + ".graphql")
		if err != nil {
			t.Fatal(err)
		}
		tokens, _ := countTokens(string(b), l.MaxTokens)
		s := measureDocument(parse(t, string(b)))
		t.Logf("%s: %d bytes, %d tokens, %+v", name, len(b), tokens, s)
		if s.depth != 1 || s.introDepth != 15 || s.ofType != 9 {
			t.Errorf("%s: depth %d, introspection depth %d, ofType %d; want 1, 15 and 9", name, s.depth, s.introDepth, s.ofType)
		}
		if l.check(s) != nil {
			t.Errorf("%s: refused: %v", name, l.check(s))
		}
	}
	s := measureDocument(parse(t, `fragment T on __Type { ofType { ofType { name } } } query { a { b { ...T } } }`))
	if s.depth != 5 || s.introDepth != 3 || s.ofType != 2 {
		t.Errorf("an introspection fragment spread outside introspection: %+v, want depth 5 (it counts there), introspection depth 3, ofType 2", s)
	}
}
