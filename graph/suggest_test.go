package graph

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// TestQuietRulesSuggestNothing checks the rules themselves, without the
// presenter's last-resort stripping, on every kind of name.
func TestQuietRulesSuggestNothing(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	for _, q := range []string{
		`{ fundz { totalCount } }`,
		`{ flows(frist: 1) { totalCount } }`,
		`{ flows(where: {kind: [ALLOCATIO]}) { totalCount } }`,
		`{ flows(where: {kindd: [ALLOCATION]}) { totalCount } }`,
		`{ ...F } fragment F on Quer { __typename }`,
	} {
		loud := validator.ValidateWithRules(schema, parse(t, q), rules.NewDefaultRules())
		if !strings.Contains(loud.Error(), "Did you mean") {
			t.Errorf("%s: the default rules suggest nothing, so this proves nothing: %v", q, loud)
		}
		quiet := validator.ValidateWithRules(schema, parse(t, q), quietRules())
		if len(quiet) == 0 || strings.Contains(quiet.Error(), "Did you mean") {
			t.Errorf("%s: got %v, want errors without suggestions", q, quiet)
		}
	}
}
