package flow

import (
	"fmt"
	"strings"
	"testing"
)

// TestQuoteIndexHoldsBoundedText proves a check holds at most heldMax of
// collapsed text, dropping the texts least recently cited, and still
// answers every lookup as quoted does.
func TestQuoteIndexHoldsBoundedText(t *testing.T) {
	const n, size = 40, 1 << 20 // 40 MiB of text against a 32 MiB bound
	texts := map[string]string{}
	for i := range n {
		texts[fmt.Sprintf("s%d", i)] = strings.Repeat("spend ", size/6) + fmt.Sprintf("payment %d of £%d.", i, 1000+i)
	}
	q := newQuoteIndex(texts)
	for i := range n {
		src := fmt.Sprintf("s%d", i)
		if has, found := q.has(src, fmt.Sprintf("payment  %d\nof £%d.", i, 1000+i)); !has || !found {
			t.Fatalf("%s: got has %v, found %v; want the quote found", src, has, found)
		}
		if _, found := q.has(src, fmt.Sprintf("payment %d of £%d.", i+1, 1001+i)); found {
			t.Fatalf("%s: found another source's quote", src)
		}
		if q.held > heldMax {
			t.Fatalf("after %d sources: holding %d bytes of text, want at most %d", i+1, q.held, heldMax)
		}
	}
	if q.normalised != n {
		t.Fatalf("collapsed %d texts citing %d sources once each in turn; want %d", q.normalised, n, n)
	}
	// The latest source is still held; the first was dropped, and is
	// collapsed anew, and found, when cited again.
	q.has(fmt.Sprintf("s%d", n-1), "payment")
	if q.normalised != n {
		t.Errorf("citing the latest source again collapsed it again")
	}
	if _, found := q.has("s0", "payment 0 of £1000."); !found || q.normalised != n+1 {
		t.Errorf("citing the first source again: found %v, collapsed %d texts; want found, %d", found, q.normalised, n+1)
	}
}
