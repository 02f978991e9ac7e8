package metrics

import (
	"sync"
	"unicode/utf8"
)

// Label bounds: every label value a client can influence is one of a fixed
// number, so no stream of requests can grow the exposition or the heap.
const (
	// MaxOperations is how many distinct GraphQL operation names get a
	// series of their own; later names are counted as Other.
	MaxOperations = 100
	// MaxRoutes is the same for routes, which come from the server's own
	// patterns and so should never reach it; it is a backstop.
	MaxRoutes = 16
	// MaxLabelLen truncates a label value, in bytes.
	MaxLabelLen = 64
	// Other stands for every value past a bound, and for unmatched routes.
	Other = "other"
)

// bounded admits the first max distinct values and maps the rest to Other.
type bounded struct {
	mu   sync.Mutex
	max  int
	seen map[string]struct{}
}

func newBounded(max int) *bounded { return &bounded{max: max, seen: map[string]struct{}{}} }

// label is s truncated, if already admitted or there is room, else Other.
// The empty value (no operation) is always itself.
func (b *bounded) label(s string) string {
	if s == "" {
		return s
	}
	s = truncate(s, MaxLabelLen)
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.seen[s]; ok {
		return s
	}
	if len(b.seen) >= b.max {
		return Other
	}
	b.seen[s] = struct{}{}
	return s
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
