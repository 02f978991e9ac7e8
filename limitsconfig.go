package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/internal/clip"
)

// requestLimit is one of the API's per-request limits as a setting: a flag,
// the environment variable that sets its default, and where it goes.
type requestLimit struct {
	flag, env, usage string
	of               func(*graph.Options) flag.Value
}

// requestLimits are the configurable limits, in the order the server
// applies them (docs/api.md#limits); 0 turns one off, except the body's.
var requestLimits = []requestLimit{
	{"max-body", "FUNDFLOW_MAX_BODY", "bytes in a request body (413 beyond), at least 1", func(o *graph.Options) flag.Value { return limitValue[int64]{&o.MaxBody, 1} }},
	{"max-tokens", "FUNDFLOW_MAX_TOKENS", "lexical tokens in a query, counted before it is parsed (TOKEN_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxTokens, 0} }},
	{"max-fields", "FUNDFLOW_MAX_FIELDS", "fields once fragments are expanded (FIELD_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxFields, 0} }},
	{"max-selections", "FUNDFLOW_MAX_SELECTIONS", "fields in one selection set (SELECTION_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxSelections, 0} }},
	{"max-directives", "FUNDFLOW_MAX_DIRECTIVES", "directives at one location (DIRECTIVE_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxDirectives, 0} }},
	{"max-depth", "FUNDFLOW_MAX_DEPTH", "nesting depth of fields (DEPTH_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxDepth, 0} }},
	{"max-introspection-depth", "FUNDFLOW_MAX_INTROSPECTION_DEPTH", "nesting depth of fields from __schema or __type down (DEPTH_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxIntrospectionDepth, 0} }},
	{"max-oftype-depth", "FUNDFLOW_MAX_OFTYPE_DEPTH", "ofType fields nested in introspection (DEPTH_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxOfTypeDepth, 0} }},
	{"max-aliases", "FUNDFLOW_MAX_ALIASES", "aliases in an operation (ALIAS_LIMIT_EXCEEDED)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.Shape.MaxAliases, 0} }},
	{"max-analyses", "FUNDFLOW_MAX_ANALYSES", "queries asking totals, trace, disagreements or search that run at once; the others wait their turn within their time limit (0: no bound)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.MaxAnalyses, 0} }},
	{"max-errors", "FUNDFLOW_MAX_ERRORS", "errors in one response; one more says how many were left out (TOO_MANY_ERRORS)", func(o *graph.Options) flag.Value { return limitValue[int]{&o.MaxErrors, 0} }},
}

// limitsFromEnv sets each limit its environment variable names. A value
// that is not a whole number in range is a problem, reported by
// config.check before anything is opened, never silently ignored.
func limitsFromEnv(o *graph.Options, getenv func(string) string) (problems []string) {
	for _, l := range requestLimits {
		v := getenv(l.env)
		if v == "" {
			continue
		}
		if err := l.of(o).Set(strings.TrimSpace(v)); err != nil {
			problems = append(problems, fmt.Sprintf("%s=%q: %v", l.env, shown(v), err))
		}
	}
	return problems
}

// limitFlags binds a flag per limit, its default from the environment.
func limitFlags(fs *flag.FlagSet, o *graph.Options) {
	for _, l := range requestLimits {
		fs.Var(l.of(o), l.flag, l.usage+" (env "+l.env+")")
	}
}

// limitValue is a limit as a flag.Value that refuses anything but a whole
// number of min or more. A limit that may be 0 is off at 0; the body limit
// may not be, since a reader limited to 0 bytes refuses every request.
type limitValue[T int | int64] struct {
	n   *T
	min int64
}

func (v limitValue[T]) String() string {
	if v.n == nil {
		return "0"
	}
	return strconv.FormatInt(int64(*v.n), 10)
}

func (v limitValue[T]) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < v.min || int64(T(n)) != n {
		return fmt.Errorf("want a whole number, %d or more", v.min)
	}
	*v.n = T(n)
	return nil
}

// shown is a configured value as an error message shows it.
func shown(v string) string {
	s, _ := clip.String(v)
	return s
}
