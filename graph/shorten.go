package graph

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fundflow/fundflow/internal/clip"
)

// maxMessage bounds the characters of a whole error message; each value
// quoted in it is bounded by clip.Max.
const maxMessage = 1024

// shorten truncates every quoted value in an error message longer than
// clip.Max characters to its start and its length, as
// "aaaa…" (900000 characters), so a huge name or value in a request is
// never echoed back at length; a message still too long is cut.
func shorten(msg string) string {
	if len(msg) <= clip.Max {
		return msg
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(msg, '"')
		if open < 0 {
			break
		}
		end := closingQuote(msg, open+1)
		if end < 0 {
			break
		}
		b.WriteString(msg[:open+1])
		b.WriteString(truncated(msg[open+1 : end]))
		msg = msg[end+1:]
	}
	b.WriteString(msg)
	out := b.String()
	if n := utf8.RuneCountInString(out); n > maxMessage {
		out = string([]rune(out)[:maxMessage]) + "… (" + strconv.Itoa(n) + " characters)"
	}
	return out
}

// closingQuote finds the quote ending a value that starts at from, skipping
// escaped quotes; -1 when there is none.
func closingQuote(s string, from int) int {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// truncated is a quoted value and its closing quote: v", or its first
// clip.Max characters and its length, aaaa…" (900000 characters).
func truncated(v string) string {
	c, cut := clip.String(v)
	if !cut {
		return v + `"`
	}
	return c + `" (` + strconv.Itoa(utf8.RuneCountInString(v)) + " characters)"
}
