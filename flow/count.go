package flow

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxCount is the largest count a record may hold, so that every count and
// bound fits GraphQL's 32-bit Int. The reports' counts are in the
// thousands at most.
const MaxCount = 1_000_000_000

// Count is how many of something a source says there are, with its
// uncertainty, in the qualifiers money uses: "23 trusts" is EXACT 23; "at
// least 81 trusts" is AT_LEAST 81 with no upper bound; "hundreds of GP
// practices" is a RANGE with bounds and no point value, because the source
// states none.
type Count struct {
	// Value is the figure the source states, or nil when it states only a
	// phrase ("hundreds of").
	Value *int64
	// Low and High bound the true count, when known.
	Low, High *int64
	Qualifier Qualifier
}

// Normalized fills in the bounds a qualifier implies, as Money.Normalized
// does, and leaves explicit bounds alone: EXACT is its own bounds; AT_LEAST
// starts at the figure; AT_MOST runs from zero to it; MAJORITY_OF is more
// than half of it and at most all of it; ABOUT is within a tenth of it.
func (c Count) Normalized() Count {
	if c.Qualifier == "" {
		c.Qualifier = Exact
	}
	if c.Value == nil {
		return c
	}
	v := *c.Value
	or := func(p *int64, d int64) *int64 {
		if p != nil {
			return p
		}
		return &d
	}
	switch c.Qualifier {
	case Exact:
		c.Low, c.High = or(c.Low, v), or(c.High, v)
	case AtLeast:
		c.Low = or(c.Low, v)
	case AtMost:
		c.Low, c.High = or(c.Low, 0), or(c.High, v)
	case MajorityOf:
		c.Low, c.High = or(c.Low, v/2+1), or(c.High, v)
	case About:
		c.Low, c.High = or(c.Low, v-v/10), or(c.High, v+v/10)
	}
	return c
}

// Check reports every rule c breaks; path names c in its record
// ("facts[2].count").
func (c Count) Check(path string) []Problem {
	var ps []Problem
	base := lastSegment(path)
	bad := func(field, value, msg string) {
		name := base + field
		if field == ".value" {
			name = base
		}
		ps = append(ps, Problem{Path: path + field, Field: name, Value: value, Message: msg})
	}
	if !c.Qualifier.Valid() {
		bad(".qualifier", string(c.Qualifier), "unknown qualifier; want one of "+joinAll(Qualifiers))
		return ps
	}
	for _, b := range []struct {
		field string
		v     *int64
	}{{".value", c.Value}, {".low", c.Low}, {".high", c.High}} {
		switch {
		case b.v == nil:
		case *b.v < 0:
			bad(b.field, strconv.FormatInt(*b.v, 10), "a count cannot be negative")
		case *b.v > MaxCount:
			bad(b.field, strconv.FormatInt(*b.v, 10), "a count cannot exceed "+FormatCount(MaxCount))
		}
	}
	switch {
	case c.Value == nil && c.Qualifier != Range:
		bad(".value", "", "a count qualified "+string(c.Qualifier)+" needs a value; only a RANGE (\"hundreds of\") may have none")
	case c.Value != nil:
		if c.Low != nil && *c.Low > *c.Value {
			bad(".low", strconv.FormatInt(*c.Low, 10), "lower bound is above the value "+FormatCount(*c.Value))
		}
		if c.High != nil && *c.High < *c.Value {
			bad(".high", strconv.FormatInt(*c.High, 10), "upper bound is below the value "+FormatCount(*c.Value))
		}
	case c.Low != nil && c.High != nil && *c.Low > *c.High:
		bad(".high", strconv.FormatInt(*c.High, 10), "upper bound is below the lower bound "+FormatCount(*c.Low))
	}
	switch c.Qualifier {
	case Exact:
		if c.Value != nil && ((c.Low != nil && *c.Low != *c.Value) || (c.High != nil && *c.High != *c.Value)) {
			bad(".qualifier", string(c.Qualifier), "an EXACT count cannot have bounds other than itself; use ABOUT or RANGE")
		}
	case Range:
		if c.Low == nil || c.High == nil {
			bad(".qualifier", string(c.Qualifier), "a RANGE needs both low and high")
		}
	}
	return ps
}

// String renders c for people: "23", "81 (AT_LEAST; 81–?)", or, without a
// point value, the bounds alone: "100–999 (RANGE)".
func (c Count) String() string {
	bound := func(p *int64) string {
		if p == nil {
			return "?"
		}
		return FormatCount(*p)
	}
	if c.Value == nil {
		return bound(c.Low) + "–" + bound(c.High) + " (" + string(c.Qualifier) + ")"
	}
	s := FormatCount(*c.Value)
	if c.Qualifier != Exact && c.Qualifier != "" {
		s += " (" + string(c.Qualifier)
		if c.Low != nil || c.High != nil {
			s += "; " + bound(c.Low) + "–" + bound(c.High)
		}
		s += ")"
	}
	return s
}

// FormatCount writes n with thousands commas: "1,000".
func FormatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// ErrCountSyntax is returned (wrapped) by ParseCount for text that is not a
// whole number.
var ErrCountSyntax = errors.New("not a count")

// ParseCount reads a count as curators write it: digits, with optional
// thousands commas ("81", "1,000").
func ParseCount(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if strings.Contains(t, ",") {
		if !validThousands(t) || strings.Contains(t, ".") {
			return 0, fmt.Errorf("%q: %w", s, ErrCountSyntax)
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	if t == "" || strings.Trim(t, "0123456789") != "" {
		return 0, fmt.Errorf("%q: %w", s, ErrCountSyntax)
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is too large: %w", s, ErrCountSyntax)
	}
	return n, nil
}

// numberWords are the words the reports use for small counts ("his three
// early priorities").
var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}

// writtenIn reports whether text writes n as a word of its own: in digits,
// with or without thousands commas ("1,000", "1000"), or, up to twenty, in
// words ("three"). It is how a stated count is checked against its quote.
func writtenIn(n int64, text string) bool {
	forms := []string{strconv.FormatInt(n, 10), FormatCount(n)}
	if n >= 0 && n < int64(len(numberWords)) {
		forms = append(forms, numberWords[n])
	}
	lower := strings.ToLower(text)
	for _, f := range forms {
		for i := 0; ; {
			j := strings.Index(lower[i:], f)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(f)
			if !wordByte(lower, start-1) && !wordByte(lower, end) {
				return true
			}
			i = start + 1
		}
	}
	return false
}

// wordByte reports whether s[i] continues a word or number (a letter, a
// digit, or a comma or point between digits).
func wordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	b := s[i]
	digit := func(i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
	switch {
	case b >= 'a' && b <= 'z', digit(i):
		return true
	case b == ',' || b == '.':
		return digit(i-1) && digit(i+1)
	}
	return false
}
