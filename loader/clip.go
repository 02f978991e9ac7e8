package loader

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
)

// maxShown is how many characters of a value a problem shows: enough to
// find it in the file, and a 100,000-character id still prints one line.
const maxShown = 64

// clip shortens s to maxShown characters, marking the cut with "…".
func clip(s string) (string, bool) {
	if utf8.RuneCountInString(s) <= maxShown {
		return s, false
	}
	n := 0
	for i := range s {
		if n == maxShown {
			return s[:i] + "…", true
		}
		n++
	}
	return s, false
}

// clipProblem bounds what p prints. A shortened value is moved into the
// message with its length, `(got "aaaa…" (100000 characters))`, so the
// reader knows it was cut; ids and field names are only shortened.
func clipProblem(p *flow.Problem) {
	p.Message = clipQuoted(p.Message)
	p.ID, _ = clip(p.ID)
	p.Field, _ = clip(p.Field)
	if v, cut := clip(p.Value); cut {
		p.Message += fmt.Sprintf(" (got %q (%d characters))", v, utf8.RuneCountInString(p.Value))
		p.Value = ""
	}
}

// clipQuoted shortens the quoted values some rules write into their
// message (`not written in stated "..."`) the same way.
func clipQuoted(msg string) string {
	if utf8.RuneCountInString(msg) <= 4*maxShown {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			break
		}
		b.WriteString(msg[:i])
		msg = msg[i:]
		q, err := strconv.QuotedPrefix(msg)
		if err != nil {
			b.WriteByte('"')
			msg = msg[1:]
			continue
		}
		msg = msg[len(q):]
		v, _ := strconv.Unquote(q)
		if c, cut := clip(v); cut {
			fmt.Fprintf(&b, "%q (%d characters)", c, utf8.RuneCountInString(v))
		} else {
			b.WriteString(q)
		}
	}
	b.WriteString(msg)
	return b.String()
}
