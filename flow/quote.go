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
	// held is the bytes of collapsed text in done, kept within heldMax
	// by dropping the texts least recently cited (clock orders the
	// lookups): with its copy and suffix array a text takes about six
	// times its size, and a million flows cite over 100 MB of texts.
	held, clock int
}

// heldMax bounds the collapsed text a check holds at once, about 200 MB
// with the suffix arrays. Datasets cite their sources in runs (a
// monthly report's payments together), so a dropped text is seldom
// needed again; if it is, it is collapsed and indexed anew.
const heldMax = 32 << 20

// quotable is one source's text, collapsed, and its suffix array once the
// text has been searched often enough to be worth one.
type quotable struct {
	text     string
	searches int
	index    *suffixarray.Index
	used     int // the quoteIndex's clock at its latest lookup
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
		q.held += len(t.text)
		q.drop(source)
	}
	q.clock++
	t.used = q.clock
	return true, t.contains(collapse(quote))
}

// drop lets go of the texts least recently cited, other than keep's,
// until the texts held fit in heldMax.
func (q *quoteIndex) drop(keep string) {
	for q.held > heldMax && len(q.done) > 1 {
		oldest := ""
		for id, t := range q.done {
			if id != keep && (oldest == "" || t.used < q.done[oldest].used) {
				oldest = id
			}
		}
		q.held -= len(q.done[oldest].text)
		delete(q.done, oldest)
	}
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
