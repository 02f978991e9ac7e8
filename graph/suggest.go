package graph

import (
	"strings"

	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// quietRules are gqlparser's validation rules with every rule that suggests
// names swapped for its silent twin. gqlgen's SetDisableSuggestion swaps
// only the field and scalar-leaf rules; arguments, enum values, input
// fields and type names would still be suggested.
func quietRules() *rules.Rules {
	rs := rules.NewDefaultRules()
	for _, swap := range []struct {
		name  string
		quiet core.Rule
	}{
		{"FieldsOnCorrectType", rules.FieldsOnCorrectTypeRuleWithoutSuggestions},
		{"ScalarLeafs", rules.ScalarLeafsRuleWithoutSuggestions},
		{"KnownArgumentNames", rules.KnownArgumentNamesRuleWithoutSuggestions},
		{"KnownTypeNames", rules.KnownTypeNamesRuleWithoutSuggestions},
		{"ValuesOfCorrectType", rules.ValuesOfCorrectTypeRuleWithoutSuggestions},
	} {
		rs.RemoveRule(swap.name)
		rs.AddRule(swap.quiet.Name, swap.quiet.RuleFunc)
	}
	return rs
}

// withoutSuggestion drops a trailing "Did you mean …?" from a message: the
// last defence in production, for a suggestion from a rule added later.
func withoutSuggestion(msg string) string {
	if i := strings.Index(msg, " Did you mean "); i >= 0 {
		return msg[:i]
	}
	return msg
}
