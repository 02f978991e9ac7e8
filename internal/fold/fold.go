// Package fold computes the key that names are sorted by, and the words
// that search matches. Both backends store them beside the text they come
// from, so they order and search identically whatever their own collation
// rules.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Key folds a name to the key every backend sorts and matches names by:
// lower case, accents removed, spaces collapsed, and characters beyond the
// Basic Multilingual Plane (emoji, rare scripts) replaced by U+FFFD.
// Computing it here, not in SQL or Cypher, is what makes both backends order
// names identically: SQLite compares bytes (code point order) and Neo4j
// compares UTF-16 code units, which agree only within the BMP.
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
		if r > 0xFFFF {
			r = unicode.ReplacementChar
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
