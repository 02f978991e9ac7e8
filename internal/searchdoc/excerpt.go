package searchdoc

import (
	"strings"

	"github.com/fundflow/fundflow/internal/fold"
)

// Excerpt returns a matched text cut to at most limit runes (limit > 2): the
// whole text when it fits, and otherwise a window that starts at a word a
// little before the first word that one of words begins, and ends after a
// whole word, with "…" wherever the text was cut. A quote can run to
// several sentences; the answer shows the part that matched.
func Excerpt(text string, words []string, limit int) string {
	rs := []rune(text)
	if len(rs) <= limit {
		return text
	}
	// byte offset -> rune index, for the spans' byte offsets
	at := make([]int, len(text)+1)
	n := 0
	for b := range text {
		at[b] = n
		n++
	}
	at[len(text)] = len(rs)
	type span struct{ start, end int }
	var spans []span
	match := -1
	for _, s := range fold.Spans(text) {
		sp := span{at[s.Start], at[s.End]}
		spans = append(spans, sp)
		if match < 0 && begins(s.Word, words) {
			match = sp.start
		}
	}
	if match < 0 {
		match = 0
	}
	room := limit - 2 // for the two ellipses
	start := max(0, min(match-room/4, len(rs)-room))
	if start > 0 {
		for _, sp := range spans {
			if sp.start >= start {
				start = min(sp.start, match)
				break
			}
		}
	}
	if start == 0 {
		room++ // no ellipsis in front
	}
	end := min(start+room, len(rs))
	if end < len(rs) {
		for i := len(spans) - 1; i >= 0; i-- {
			if sp := spans[i]; sp.end <= end && sp.start >= start {
				if sp.end > match {
					end = sp.end
				}
				break
			}
		}
	}
	out := strings.TrimSpace(string(rs[start:end]))
	if start > 0 {
		out = "…" + out
	}
	if end < len(rs) {
		out += "…"
	}
	return out
}

// begins reports whether one of words begins word.
func begins(word string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(word, w) {
			return true
		}
	}
	return false
}
