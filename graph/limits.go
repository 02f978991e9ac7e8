package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes of the shape limits.
const (
	codeDepth = "DEPTH_LIMIT_EXCEEDED"
	codeAlias = "ALIAS_LIMIT_EXCEEDED"
)

func init() {
	errcode.RegisterErrorType(codeDepth, errcode.KindProtocol)
	errcode.RegisterErrorType(codeAlias, errcode.KindProtocol)
}

// ShapeLimits refuses operations nested deeper than MaxDepth fields or
// using more than MaxAliases aliases, before anything runs (OWASP GraphQL
// cheat sheet): depth bounds recursion through entities and flows, and
// aliases would otherwise multiply an expensive field within the cost limit's
// view of one field.
type ShapeLimits struct {
	MaxDepth   int
	MaxAliases int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = ShapeLimits{}

// ExtensionName names the extension for gqlgen.
func (ShapeLimits) ExtensionName() string { return "ShapeLimits" }

// Validate accepts any schema.
func (ShapeLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the selected operation.
func (l ShapeLimits) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	op := rc.Doc.Operations.ForName(rc.OperationName)
	if op == nil {
		return nil
	}
	depth, aliases := measure(op.SelectionSet, rc.Doc.Fragments, map[string]bool{})
	if depth > l.MaxDepth {
		err := gqlerror.Errorf("operation is %d fields deep; the limit is %d", depth, l.MaxDepth)
		errcode.Set(err, codeDepth)
		return err
	}
	if aliases > l.MaxAliases {
		err := gqlerror.Errorf("operation uses %d aliases; the limit is %d", aliases, l.MaxAliases)
		errcode.Set(err, codeAlias)
		return err
	}
	return nil
}

// measure returns the depth of a selection set and the aliases in it,
// following fragments (each at most once on a path, so a cycle cannot hang
// it: validation has rejected cycles anyway).
func measure(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen map[string]bool) (depth, aliases int) {
	for _, sel := range set {
		var d, a int
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				a++
			}
			cd, ca := measure(s.SelectionSet, frags, seen)
			d, a = cd+1, a+ca
		case *ast.InlineFragment:
			d, a = measure(s.SelectionSet, frags, seen)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil && !seen[s.Name] {
				seen[s.Name] = true
				d, a = measure(f.SelectionSet, frags, seen)
				delete(seen, s.Name)
			}
		default:
			panic(fmt.Sprintf("unknown selection %T", sel))
		}
		depth = max(depth, d)
		aliases += a
	}
	return depth, aliases
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
