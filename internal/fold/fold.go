// Package fold computes the key that names are sorted and matched by. Both
// backends store it beside the name, so they order and search names
// identically whatever their own collation rules.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Key folds a name to the key every backend sorts and matches names by:
// lower case, accents removed, spaces collapsed. Computing it here, not in
// SQL or Cypher, is what makes both backends order names identically.
func Key(name string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
