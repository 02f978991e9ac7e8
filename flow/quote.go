package flow

import (
	"index/suffixarray"
	"strings"
)

// quoteIndex answers, for one check, whether quotes appear in their
// sources' texts, white space collapsed. A dataset's citations may all
// cite a few long texts, so collapsing a text for every quote made a load
// quadratic: each text is collapsed once, the first time it is cited, and
// a text cited often is indexed by a suffix array, so that each further
// lookup costs about the quote's length times the log of the text's, not
// the text's length.
type quoteIndex struct {
	texts map[string]string // by source id, as given
	done  map[string]*quotable
	// normalised counts the texts collapsed, so that tests can prove each
	// is collapsed once per check.
	normalised int
}

// quotable is one source's text, collapsed, and its suffix array once the
// text has been searched often enough to be worth one.
type quotable struct {
	text     string
	searches int
	index    *suffixarray.Index
}

// Past scanLimit scans of a text longer than indexMin bytes, a text is
// indexed: a handful of scans cost less than building the array, and a
// short text is scanned faster than it is searched.
const (
	scanLimit = 8
	indexMin  = 4 << 10
)

func newQuoteIndex(texts map[string]string) *quoteIndex {
	return &quoteIndex{texts: texts, done: map[string]*quotable{}}
}

// has reports whether source has a text, and if so whether quote appears
// in it; the answer is quoted(text, quote)'s.
func (q *quoteIndex) has(source, quote string) (hasText, found bool) {
	t, ok := q.done[source]
	if !ok {
		text, ok := q.texts[source]
		if !ok {
			return false, false
		}
		t = &quotable{text: collapse(text)}
		q.normalised++
		q.done[source] = t
	}
	return true, t.contains(collapse(quote))
}

// contains reports whether the collapsed text holds the collapsed quote.
func (t *quotable) contains(quote string) bool {
	if quote == "" {
		return true // as strings.Contains; the checker reports empty quotes itself
	}
	if t.index == nil {
		if t.searches < scanLimit || len(t.text) < indexMin {
			t.searches++
			return strings.Contains(t.text, quote)
		}
		t.index = suffixarray.New([]byte(t.text))
	}
	return len(t.index.Lookup([]byte(quote), 1)) > 0
}
