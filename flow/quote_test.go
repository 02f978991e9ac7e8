package flow

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// spaced joins words with runs of varied white space, as a document
// wraps and indents its lines.
func spaced(r *rand.Rand, words []string) string {
	gaps := []string{" ", "  ", "\n", " \n\t", "\r\n", "\u00a0"}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteString(gaps[r.Intn(len(gaps))])
		}
		b.WriteString(w)
	}
	return b.String()
}

// TestQuoteIndexAgreesWithCollapse asks the index, past the point where it
// builds its suffix array, the same questions quoted answers by collapsing
// the whole text each time: quotes taken from the text and rewrapped, cut
// mid-word, and altered by one word.
func TestQuoteIndexAgreesWithCollapse(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	vocab := []string{"the", "trust", "paid", "£25,000", "to", "Acme", "Ltd", "under", "programme", "7", "in", "2017-18", "é"}
	words := make([]string, 3000)
	for i := range words {
		words[i] = vocab[r.Intn(len(vocab))]
	}
	text := spaced(r, words)
	if len(collapse(text)) < indexMin {
		t.Fatalf("text of %d bytes is too short to be indexed", len(text))
	}
	q := newQuoteIndex(map[string]string{"s": text})
	asked, found := 0, 0
	for i := range 400 {
		start := r.Intn(len(words) - 20)
		quote := words[start : start+1+r.Intn(15)]
		var s string
		switch i % 4 {
		case 0:
			s = spaced(r, quote)
		case 1: // cut inside the first and last words
			s = spaced(r, quote)
			s = s[len(s)/10:]
		case 2: // one word that does not occur
			alt := append([]string(nil), quote...)
			alt[r.Intn(len(alt))] = "nowhere"
			s = spaced(r, alt)
		case 3:
			s = fmt.Sprintf("%s %d", spaced(r, quote), r.Intn(100))
		}
		hasText, got := q.has("s", s)
		if want := quoted(text, s); !hasText || got != want {
			t.Fatalf("quote %q: has %v, %v; quoted says %v", s, hasText, got, want)
		}
		asked++
		if got {
			found++
		}
	}
	if found == 0 || found == asked {
		t.Fatalf("%d of %d quotes found: the test asks nothing that tells the answers apart", found, asked)
	}
	if q.done["s"].index == nil {
		t.Error("a text searched 400 times was never indexed")
	}
	if hasText, _ := q.has("other", "the"); hasText {
		t.Error("a source without a text has one")
	}
}

// TestValidateCollapsesEachTextOnce checks a dataset whose flows all cite
// one of two texts: each text is collapsed once, however many quotes cite
// it, and is scanned at most scanLimit times before it is indexed; and a
// quote that is not in its text is still reported, after the index is
// built as before it.
func TestValidateCollapsesEachTextOnce(t *testing.T) {
	const n = 300
	ds := &Dataset{ID: "quotes", Title: "Quotes", SourceTexts: map[string]string{}}
	ds.Funds = []*Fund{{ID: "fund", Name: "Fund"}}
	ds.Organisations = []*Organisation{{ID: "org", Name: "Org"}}
	var texts [2]strings.Builder
	for s := range texts {
		ds.Sources = append(ds.Sources, &Source{ID: fmt.Sprintf("s%d", s), Title: "T", Publisher: "P", Published: "2018"})
	}
	for i := range n {
		quote := fmt.Sprintf("Payment %d of £%d to Org.", i, 1000+i)
		texts[i%2].WriteString(strings.ReplaceAll(quote, " ", "\n  ") + " ")
		if i == 1 || i == n-1 {
			quote = fmt.Sprintf("Payment %d of £%d to Nobody.", i, 1000+i)
		}
		ds.Flows = append(ds.Flows, &Flow{ID: fmt.Sprintf("f%d", i), Kind: Payment, FromID: "fund", ToID: "org",
			Amount: GBP(Pence(100 * (1000 + i))), Status: Actual,
			Citations: []Citation{{SourceID: fmt.Sprintf("s%d", i%2), Quote: quote}}})
	}
	for s := range texts {
		ds.SourceTexts[fmt.Sprintf("s%d", s)] = texts[s].String()
	}
	ds.Normalize()
	c := ds.check("2026-01-01")
	if c.quotes.normalised != 2 {
		t.Errorf("collapsed %d texts for %d quotes of 2 sources; want 2", c.quotes.normalised, n)
	}
	for id, q := range c.quotes.done {
		if q.searches > scanLimit || q.index == nil {
			t.Errorf("source %s: scanned %d times, indexed %v; want at most %d scans, then the index", id, q.searches, q.index != nil, scanLimit)
		}
	}
	var bad []string
	for _, p := range c.problems {
		bad = append(bad, p.Path+": "+p.Message)
	}
	want := []string{
		"flows[1].citations[0].quote: quote does not appear in the text of source s1",
		fmt.Sprintf("flows[%d].citations[0].quote: quote does not appear in the text of source s1", n-1),
	}
	if strings.Join(bad, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(bad, "\n"), strings.Join(want, "\n"))
	}
}
