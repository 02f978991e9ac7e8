package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Key folds names for sorting and stays as it is, because every stored sort
// key depends on it. Text, Words and Phrase fold further, for search: what
// a user types and what the reports print must meet however each writes an
// apostrophe, a dash, an accent or a capital.

// MaxWordRunes caps a word: longer words keep their first MaxWordRunes
// letters, so that a word always fits one term of a full-text index.
const MaxWordRunes = 64

// punctuation maps the typographic forms of apostrophes, quotation marks
// and dashes that reports print to the ASCII ones people type.
var punctuation = map[rune]rune{
	'‘': '\'', '’': '\'', '‚': '\'', '‛': '\'', '′': '\'', 'ʼ': '\'', 'ʹ': '\'', '`': '\'', '´': '\'',
	'“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"',
	'‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-', '⁃': '-',
	'﹘': '-', '﹣': '-', '－': '-', '⸺': '-', '⸻': '-',
}

// letters spells the Latin letters that have no decomposition, and so keep
// their stroke or ligature through NFKD, as the letters people type.
var letters = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h",
}

// foldRune appends to dst what one rune of a text folds to: its
// compatibility decomposition without combining accents, in lower case,
// with typographic punctuation made plain. A rune can fold to nothing (an
// accent on its own) or to several ("ß" is "ss", "ﬁ" is "fi").
func foldRune(dst []rune, r rune) []rune {
	if p, ok := punctuation[r]; ok {
		return append(dst, p)
	}
	if s, ok := letters[unicode.ToLower(r)]; ok {
		return append(dst, []rune(s)...)
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, c := range norm.NFKD.String(string(buf[:n])) {
		switch {
		case unicode.Is(unicode.Mn, c):
			continue
		case punctuation[c] != 0:
			c = punctuation[c]
		}
		if s, ok := letters[unicode.ToLower(c)]; ok {
			dst = append(dst, []rune(s)...)
			continue
		}
		dst = append(dst, unicode.ToLower(c))
	}
	return dst
}

// Text folds a text for matching: compatibility forms decomposed ("ﬁ" is
// "fi", full-width letters are ASCII), accents removed, lower case, curly
// quotes and apostrophes straight, every dash a hyphen, and runs of space
// one space. "The King’s Fund — 2020" is "the king's fund - 2020".
func Text(s string) string {
	var b strings.Builder
	space := false
	var out []rune
	for _, r := range s {
		out = foldRune(out[:0], r)
		for _, c := range out {
			if unicode.IsSpace(c) {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Span is one word of a text: the word as search matches it, and the bytes
// of the original text it was read from.
type Span struct {
	Word       string
	Start, End int
}

// Spans splits a text into its words, each with where it lies in the text.
// A word is a run of letters and digits of the folded text (see Text). An
// apostrophe inside or at the end of a word is dropped, so "King’s",
// "King's" and "Kings" are all the word "kings". Between two digits a point
// is kept and a comma dropped, so "£63.7m" is "63.7m" and "81,000,000" is
// "81000000". Everything else separates words: spaces, hyphens ("Wi-Fi" is
// "wi" and "fi"), other punctuation and symbols, and characters beyond the
// Basic Multilingual Plane (emoji, rare scripts), which some full-text
// indexes cannot read. A word is cut after MaxWordRunes letters.
func Spans(s string) []Span {
	t := tokenizer{}
	var out []rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := i + size
		if r > 0xFFFF {
			t.separate()
			i = end
			continue
		}
		out = foldRune(out[:0], r)
		for _, c := range out {
			t.feed(c, i, end)
		}
		i = end
	}
	t.separate()
	return t.spans
}

// Words returns the words of a text (see Spans).
func Words(s string) []string {
	spans := Spans(s)
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = sp.Word
	}
	return out
}

// Phrase returns the words of a text joined by single spaces: the form in
// which texts are stored for search and compared whole ("is the name
// exactly what was typed") or by prefix ("does the name start with it").
func Phrase(s string) string { return strings.Join(Words(s), " ") }

// tokenizer reads folded runes into words.
type tokenizer struct {
	spans []Span
	word  []rune
	// start and end are the original bytes of the word so far.
	start, end int
	// pending is an apostrophe, point or comma just read inside a word,
	// whose meaning depends on the rune after it.
	pending rune
}

func wordRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsNumber(c) || unicode.Is(unicode.Mc, c)
}

func (t *tokenizer) feed(c rune, start, end int) {
	inWord := len(t.word) > 0
	switch {
	case wordRune(c):
		if inWord && t.pending != 0 {
			digits := unicode.IsDigit(t.word[len(t.word)-1]) && unicode.IsDigit(c)
			switch {
			case t.pending == '\'':
				// "king's": the word goes on without the apostrophe.
			case t.pending == '.' && digits:
				t.add('.')
			case t.pending == ',' && digits:
				// "81,000": the word goes on without the comma.
			default:
				t.separate()
			}
		}
		t.pending = 0
		if len(t.word) == 0 {
			t.start = start
		}
		t.add(c)
		t.end = end
	case inWord && t.pending == 0 && (c == '\'' || ((c == '.' || c == ',') && unicode.IsDigit(t.word[len(t.word)-1]))):
		t.pending = c
	default:
		t.separate()
	}
}

// add appends a rune to the word, up to MaxWordRunes.
func (t *tokenizer) add(c rune) {
	if len(t.word) < MaxWordRunes {
		t.word = append(t.word, c)
	}
}

// separate ends the word being read, if any.
func (t *tokenizer) separate() {
	if len(t.word) > 0 {
		t.spans = append(t.spans, Span{Word: string(t.word), Start: t.start, End: t.end})
	}
	t.word, t.pending = t.word[:0], 0
}
