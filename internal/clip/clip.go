// Package clip bounds how much of an outside value an error message shows:
// a 900,000-character field name in a request or a 100,000-character id in a
// dataset file is shown by its start and its length, never in full.
package clip

import "unicode/utf8"

// Max is how many characters of a value a message shows: enough to find it,
// and a huge one still prints on one line.
const Max = 64

// String returns s cut to its first Max characters, the cut marked with
// "…", and whether it was cut. It never splits a character.
func String(s string) (string, bool) {
	if len(s) <= Max || utf8.RuneCountInString(s) <= Max {
		return s, false
	}
	n := 0
	for i := range s {
		if n == Max {
			return s[:i] + "…", true
		}
		n++
	}
	return s, false
}
