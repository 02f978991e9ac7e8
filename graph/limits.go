package graph

import (
	"context"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/fundflow/fundflow/graph/transport"
)

// Error codes of the shape limits.
const (
	codeTokens     = "TOKEN_LIMIT_EXCEEDED"
	codeFields     = "FIELD_LIMIT_EXCEEDED"
	codeSelections = "SELECTION_LIMIT_EXCEEDED"
	codeDirectives = "DIRECTIVE_LIMIT_EXCEEDED"
	codeDepth      = "DEPTH_LIMIT_EXCEEDED"
	codeAlias      = "ALIAS_LIMIT_EXCEEDED"
)

func init() {
	for _, c := range []string{codeTokens, codeFields, codeSelections, codeDirectives, codeDepth, codeAlias} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

// ShapeLimits refuses a document whose size or shape would make parsing,
// validation or the cost calculation expensive, before gqlgen parses or
// validates it (OWASP GraphQL cheat sheet). The checks run in this order,
// each in time linear in the document:
//
//   - MaxTokens lexical tokens (graphql-js's maxTokens), counted with the
//     lexer before anything is parsed;
//   - MaxFields fields once fragments are expanded, in any operation or
//     fragment: a fragment bomb doubles with every level, and gqlgen's cost
//     calculation walks the expanded tree;
//   - MaxSelections fields merged into one selection set: validation of
//     overlapping fields is quadratic in them;
//   - MaxDirectives directives at one location;
//   - MaxDepth nested fields, which bounds recursion through entities and
//     flows;
//   - MaxIntrospectionDepth nested fields from a __schema or __type field
//     (or in a fragment on an introspection type) down, and MaxOfTypeDepth
//     ofType fields nested in them. Introspection has a depth of its own
//     because the standard query (graphql-js's getIntrospectionQuery, and
//     GraphiQL's) follows a type's wrappers through nine nested ofType
//     fields and is 15 fields deep; each ofType is one type, so that depth
//     costs a few fields, not a multiplication. What does multiply, lists of
//     types nested in lists of types (fields, inputFields, interfaces,
//     possibleTypes), gqlparser's MaxIntrospectionDepth validation rule (as
//     graphql-js's) refuses past two. An introspection root counts as one
//     field of the ordinary depth;
//   - MaxAliases aliases, which would otherwise multiply an expensive field
//     within the cost limit's view of one field.
//
// Each fragment is measured once however often it is spread. A limit of 0
// is no limit.
type ShapeLimits struct {
	MaxTokens     int
	MaxFields     int
	MaxSelections int
	MaxDirectives int
	MaxDepth      int
	MaxAliases    int
	// MaxIntrospectionDepth and MaxOfTypeDepth bound introspection's depth
	// (see above).
	MaxIntrospectionDepth int
	MaxOfTypeDepth        int
	// Validated, when set, is gqlgen's query cache: a document in it was
	// measured, and passed, when it was first parsed and validated, so it is
	// not lexed and parsed again.
	Validated graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = ShapeLimits{}

// ExtensionName names the extension for gqlgen.
func (ShapeLimits) ExtensionName() string { return "ShapeLimits" }

// Validate accepts any schema.
func (ShapeLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters measures the document before gqlgen parses and
// validates it. A document that does not lex or parse passes: gqlgen
// reports it as a parse error.
func (l ShapeLimits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if err := transport.DeadlineError(ctx); err != nil {
		return err
	}
	if l.Validated != nil {
		if _, ok := l.Validated.Get(ctx, p.Query); ok {
			return nil
		}
	}
	if l.MaxTokens > 0 {
		if n, ok := countTokens(p.Query, l.MaxTokens); ok && n > l.MaxTokens {
			return limitError(codeTokens, "the query has more than %d tokens; the limit is %d", l.MaxTokens, l.MaxTokens)
		}
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: p.Query})
	if err != nil {
		return nil
	}
	return l.check(measureDocument(doc))
}

func (l ShapeLimits) check(s docShape) *gqlerror.Error {
	over := func(n, limit int) bool { return limit > 0 && n > limit }
	switch {
	case over(s.fields, l.MaxFields):
		return limitError(codeFields, "the query selects %s fields once fragments are expanded; the limit is %d", count(s.fields), l.MaxFields)
	case over(s.widest, l.MaxSelections):
		return limitError(codeSelections, "a selection set has %s fields once fragments are expanded; the limit is %d", count(s.widest), l.MaxSelections)
	case over(s.directives, l.MaxDirectives):
		return limitError(codeDirectives, "a location has %d directives; the limit is %d", s.directives, l.MaxDirectives)
	case over(s.depth, l.MaxDepth):
		return limitError(codeDepth, "operation is %d fields deep; the limit is %d", s.depth, l.MaxDepth)
	case over(s.introDepth, l.MaxIntrospectionDepth):
		return limitError(codeDepth, "introspection is %d fields deep; the limit is %d", s.introDepth, l.MaxIntrospectionDepth)
	case over(s.ofType, l.MaxOfTypeDepth):
		return limitError(codeDepth, "introspection nests %d ofType fields; the limit is %d", s.ofType, l.MaxOfTypeDepth)
	case over(s.aliases, l.MaxAliases):
		return limitError(codeAlias, "operation uses %s aliases; the limit is %d", count(s.aliases), l.MaxAliases)
	}
	return nil
}

// count writes a saturated count as "more than".
func count(n int) string {
	if n >= saturation {
		return "more than " + strconv.Itoa(saturation)
	}
	return strconv.Itoa(n)
}

func limitError(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, code)
	return err
}

// countTokens counts the lexical tokens of a query, comments included,
// stopping once past limit; ok is false when the query does not lex.
func countTokens(query string, limit int) (n int, ok bool) {
	lex := lexer.New(&ast.Source{Input: query})
	for n <= limit {
		tok, err := lex.ReadToken()
		if err != nil {
			return n, false
		}
		if tok.Kind == lexer.EOF {
			return n, true
		}
		n++
	}
	return n, true
}

// Deadline refuses, with a TIMEOUT error, an operation whose deadline
// passed while gqlgen parsed and validated it (neither watches the
// context), before the cost calculation or execution begins.
type Deadline struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Deadline{}

// ExtensionName names the extension for gqlgen.
func (Deadline) ExtensionName() string { return "Deadline" }

// Validate accepts any schema.
func (Deadline) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext checks the deadline.
func (Deadline) MutateOperationContext(ctx context.Context, _ *graphql.OperationContext) *gqlerror.Error {
	return transport.DeadlineError(ctx)
}

// codeIntrospection is the error code of an introspection query refused in
// production.
const codeIntrospection = "INTROSPECTION_DISABLED"

func init() { errcode.RegisterErrorType(codeIntrospection, errcode.KindProtocol) }

// NoIntrospection refuses, as a request error with a clear code, any
// operation that selects __schema or __type (production: the schema is not
// published to strangers; __typename stays allowed, clients need it).
type NoIntrospection struct{}

// ExtensionName names the extension for gqlgen.
func (NoIntrospection) ExtensionName() string { return "NoIntrospection" }

// Validate accepts any schema.
func (NoIntrospection) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext looks for introspection fields.
func (NoIntrospection) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	op := rc.Doc.Operations.ForName(rc.OperationName)
	if op != nil && introspects(op.SelectionSet, rc.Doc.Fragments, map[string]bool{}) {
		err := gqlerror.Errorf("introspection is disabled on this server")
		errcode.Set(err, codeIntrospection)
		return err
	}
	return nil
}

func introspects(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" || introspects(s.SelectionSet, frags, seen) {
				return true
			}
		case *ast.InlineFragment:
			if introspects(s.SelectionSet, frags, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil && !seen[s.Name] {
				seen[s.Name] = true
				if introspects(f.SelectionSet, frags, seen) {
					return true
				}
			}
		}
	}
	return false
}
