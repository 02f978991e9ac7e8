package loader

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
)

// maxByteProblems bounds the problems listed for bytes that are not text: a
// binary file would otherwise give one per line.
const maxByteProblems = 10

// checkText reports every line holding a byte YAML cannot read (invalid
// UTF-8, NUL, control characters), with its line and column, which yaml's
// own errors leave out. A byte-order mark at the start is allowed. It
// reads src a line at a time: no character spans a line break.
func checkText(src *io.SectionReader) ([]flow.Problem, error) {
	c := textCheck{line: 1, col: 1}
	lines := newLineReader(src, 0, src.Size())
	for {
		data, pos, err := lines.next()
		if err != nil {
			return nil, err
		}
		if data == nil {
			break
		}
		if pos == 0 && len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
			data = data[3:]
		}
		c.check(data)
	}
	if c.more > 0 {
		c.ps = append(c.ps, flow.Problem{Line: c.moreLine, Message: fmt.Sprintf("and %d more %s from here on hold bytes that are not UTF-8 text", c.more, plural(c.more, "line", "lines"))})
	}
	return c.ps, nil
}

// textCheck is checkText's progress through a file.
type textCheck struct {
	ps             []flow.Problem
	more, moreLine int // the problems past maxByteProblems, from moreLine
	line, col      int
	bad            bool // the line has a problem already
}

// check reads one line's bytes.
func (c *textCheck) check(data []byte) {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		msg := ""
		switch {
		case r == utf8.RuneError && size == 1:
			msg = fmt.Sprintf("invalid UTF-8: byte 0x%02x at column %d; a dataset file must be UTF-8 text", data[i], c.col)
		case r == 0:
			msg = fmt.Sprintf("NUL byte at column %d; a dataset file must be UTF-8 text", c.col)
		case !readable(r):
			msg = fmt.Sprintf("control character %U at column %d; a dataset file must be UTF-8 text", r, c.col)
		}
		if msg != "" && !c.bad {
			c.bad = true
			if len(c.ps) < maxByteProblems {
				c.ps = append(c.ps, flow.Problem{Line: c.line, Message: msg})
			} else {
				if c.more == 0 {
					c.moreLine = c.line
				}
				c.more++
			}
		}
		i += size
		c.col++
		if r == '\n' {
			c.line, c.col, c.bad = c.line+1, 1, false
		}
	}
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
