package loader

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/clip"
)

// clipProblem bounds what p prints. A shortened value is moved into the
// message with its length, `(got "aaaa…" (100000 characters))`, so the
// reader knows it was cut; ids and field names are only shortened.
func clipProblem(p *flow.Problem) {
	p.Message = clipQuoted(p.Message)
	p.ID, _ = clip.String(p.ID)
	p.Field, _ = clip.String(p.Field)
	if v, cut := clip.String(p.Value); cut {
		p.Message += fmt.Sprintf(" (got %q (%d characters))", v, utf8.RuneCountInString(p.Value))
		p.Value = ""
	}
}

// clipQuoted shortens the quoted values some rules write into their
// message (`not written in stated "..."`) the same way.
func clipQuoted(msg string) string {
	if utf8.RuneCountInString(msg) <= 4*clip.Max {
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
		if c, cut := clip.String(v); cut {
			fmt.Fprintf(&b, "%q (%d characters)", c, utf8.RuneCountInString(v))
		} else {
			b.WriteString(q)
		}
	}
	b.WriteString(msg)
	return b.String()
}
