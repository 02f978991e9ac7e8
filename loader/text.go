package loader

import (
	"fmt"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
)

// maxByteProblems bounds the problems listed for bytes that are not text: a
// binary file would otherwise give one per line.
const maxByteProblems = 10

// checkText reports every line holding a byte YAML cannot read (invalid
// UTF-8, NUL, control characters), with its line and column, which yaml's
// own errors leave out. A byte-order mark at the start is allowed.
func checkText(data []byte) []flow.Problem {
	var ps []flow.Problem
	more, moreLine := 0, 0
	line, col, bad := 1, 1, false
	i := 0
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		i = 3
	}
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		msg := ""
		switch {
		case r == utf8.RuneError && size == 1:
			msg = fmt.Sprintf("invalid UTF-8: byte 0x%02x at column %d; a dataset file must be UTF-8 text", data[i], col)
		case r == 0:
			msg = fmt.Sprintf("NUL byte at column %d; a dataset file must be UTF-8 text", col)
		case !readable(r):
			msg = fmt.Sprintf("control character %U at column %d; a dataset file must be UTF-8 text", r, col)
		}
		if msg != "" && !bad {
			bad = true
			if len(ps) < maxByteProblems {
				ps = append(ps, flow.Problem{Line: line, Message: msg})
			} else {
				if more == 0 {
					moreLine = line
				}
				more++
			}
		}
		i += size
		col++
		if r == '\n' {
			line, col, bad = line+1, 1, false
		}
	}
	if more > 0 {
		ps = append(ps, flow.Problem{Line: moreLine, Message: fmt.Sprintf("and %d more %s from here on hold bytes that are not UTF-8 text", more, plural(more, "line", "lines"))})
	}
	return ps
}

// readable reports whether YAML accepts r in a document (YAML 1.2's
// printable set, as gopkg.in/yaml.v3's reader checks it).
func readable(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85:
		return true
	case r >= 0x20 && r <= 0x7E:
		return true
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}
