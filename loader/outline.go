package loader

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"gopkg.in/yaml.v3"
)

// A dataset file is almost always a block mapping at the top whose big
// values are block lists of records. yaml.v3 decodes a document only as a
// whole tree of nodes, about 25 times the file's size, so outline finds the
// extent of each top-level entry and of each record of its lists from the
// lines alone, and the walk decodes one record at a time (items), the nodes
// of each dropped once it is read. Whatever the outline does not
// recognise, it leaves to the whole-tree decode, which then reports
// exactly what it always did: the outline is only a faster reading of the
// files it understands.

// document is a dataset file read for the walk: its top-level mapping, in
// which each block list of records is a placeholder node whose items are
// decoded as the walk reaches them.
type document struct {
	root *yaml.Node
	// lists holds the placeholder of each block list and its items.
	lists map[*yaml.Node]*items
}

// items is a block list of records within a file: where its lines are
// and the indentation of its dashes. next decodes one record at a time,
// reading the file as it goes.
type items struct {
	src      *io.SectionReader
	pos, end int64 // the list's first item and its end
	line     int   // the line of the next item, from 1
	indent   int
	lines    *lineReader
	pending  []byte // the first line of the next item, once read
	started  bool
	decoded  []*yaml.Node // the records decoded and not yet walked
}

// itemsBatch is how many records next decodes at once: a parser for each
// record cost more than the record, and a few dozen records' nodes are
// small.
const itemsBatch = 64

// next decodes the next record of the list, with the line numbers it has
// in the file. It returns nil at the end of the list, and ok false if the
// records are not YAML on their own (a quoted text running into the next
// record, an alias of an anchor in another) or cannot be read: the caller
// then decodes the whole file instead.
func (it *items) next() (item *yaml.Node, ok bool) {
	if len(it.decoded) == 0 {
		if ok := it.decode(); !ok {
			return nil, false
		}
	}
	if len(it.decoded) == 0 {
		return nil, true
	}
	item = it.decoded[0]
	it.decoded[0] = nil
	it.decoded = it.decoded[1:]
	return item, true
}

// decode reads and decodes up to itemsBatch records into decoded.
func (it *items) decode() bool {
	if !it.started {
		it.started = true
		it.lines = newLineReader(it.src, it.pos, it.end)
		l, _, err := it.lines.next()
		if err != nil {
			return false
		}
		it.pending = append([]byte(nil), l...)
	}
	if it.pending == nil {
		return true
	}
	chunk, line, n := it.pending, it.line, 1
	it.pending = nil
	it.line++
	for {
		l, _, err := it.lines.next()
		if err != nil {
			return false
		}
		if l == nil {
			break
		}
		if isItem(l, it.indent) {
			if n == itemsBatch {
				it.pending = append([]byte(nil), l...)
				break
			}
			n++
		}
		chunk = append(chunk, l...)
		it.line++
	}
	seq, ok := decodeChunk(chunk, line, yaml.SequenceNode)
	if !ok || len(seq.Content) != n {
		return false
	}
	it.decoded = seq.Content
	return true
}

// lineReader reads the lines of part of a file, each with its line break.
type lineReader struct {
	r   *bufio.Reader
	pos int64 // the offset of the next line
}

func newLineReader(src *io.SectionReader, from, to int64) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(io.NewSectionReader(src, from, to-from), 64<<10), pos: from}
}

// next returns the next line and its offset, or nil at the end. The line
// is valid until the next call.
func (l *lineReader) next() ([]byte, int64, error) {
	line, err := l.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		long := append([]byte(nil), line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = l.r.ReadSlice('\n')
			long = append(long, line...)
		}
		line = long
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, err
	}
	if len(line) == 0 {
		return nil, 0, nil
	}
	at := l.pos
	l.pos += int64(len(line))
	return line, at, nil
}

// outline reads src's top-level block mapping line by line. It returns ok
// false for anything else (a document marker, a directive, a flow mapping,
// a line break other than \n or \r\n, a line it cannot place), leaving
// the file to the whole-tree decode.
func outline(src *io.SectionReader) (*document, bool) {
	doc := &document{root: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}, lists: map[*yaml.Node]*items{}}
	// e is the entry being read: its key line's start and line, and, for
	// a block list, its indentation and first item.
	type entry struct {
		start    int64
		line     int
		key      string
		pending  bool // the value starts on a later line, not yet seen
		list     bool
		indent   int
		first    int64 // the first item's start, and its line
		at       int
		open     bool
		hasFirst bool
	}
	var e entry
	closeEntry := func(end int64) bool {
		if !e.open {
			return true
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.key, Line: e.line, Column: 1}
		if e.list {
			v := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: e.at, Column: e.indent + 1}
			doc.root.Content = append(doc.root.Content, k, v)
			doc.lists[v] = &items{src: src, pos: e.first, end: end, line: e.at, indent: e.indent}
			return true
		}
		chunk, err := readAll(io.NewSectionReader(src, e.start, end-e.start))
		if err != nil {
			return false
		}
		m, ok := decodeChunk(chunk, e.line, yaml.MappingNode)
		if !ok || len(m.Content) != 2 {
			return false
		}
		doc.root.Content = append(doc.root.Content, m.Content...)
		return true
	}
	lines := newLineReader(src, 0, src.Size())
	for line := 1; ; line++ {
		raw, pos, err := lines.next()
		if err != nil {
			return nil, false
		}
		if raw == nil {
			break
		}
		if !plainBreaks(raw) {
			// Line breaks yaml counts that a scan of \n would not.
			return nil, false
		}
		l := bytes.TrimRight(raw, "\r\n")
		if pos == 0 {
			l = bytes.TrimPrefix(l, []byte("\xEF\xBB\xBF"))
		}
		indent := len(l) - len(bytes.TrimLeft(l, " "))
		content := l[indent:]
		if len(content) == 0 || content[0] == '#' {
			// Blank lines and comments belong to what they lie in.
			continue
		}
		if e.open && e.pending {
			// The first line of a value that starts after its key: a
			// block list if it starts an item.
			e.pending = false
			if isItem(l, indent) {
				e.list, e.indent = true, indent
			}
		}
		switch {
		case e.open && e.list && indent == e.indent && isItem(l, e.indent):
			if !e.hasFirst {
				e.first, e.at, e.hasFirst = pos, line, true
			}
		case indent == 0:
			key, ok := keyLine(l)
			if !ok || !closeEntry(pos) {
				return nil, false
			}
			if doc.root.Line == 0 {
				doc.root.Line, doc.root.Column = line, 1
			}
			// The first entry starts before the byte-order mark, if any.
			e = entry{start: pos, line: line, key: key, open: true, indent: -1}
			if rest := bytes.TrimLeft(l[len(key)+1:], " \t"); len(rest) == 0 || rest[0] == '#' {
				e.pending = true
			}
		case e.open && e.list && indent > e.indent:
			// A line of the current item.
		case e.open && !e.list:
			// A line of a value that is not a block list.
		default:
			return nil, false
		}
	}
	if !e.open || !closeEntry(src.Size()) {
		return nil, false
	}
	return doc, true
}

// plainBreaks reports whether a line holds no line break but its final
// \n or \r\n: yaml also breaks lines at a lone \r, NEL, LS and PS.
func plainBreaks(l []byte) bool {
	if bytes.HasSuffix(l, []byte("\n")) {
		l = bytes.TrimSuffix(l[:len(l)-1], []byte("\r"))
	}
	return bytes.IndexByte(l, '\r') < 0 && !bytes.Contains(l, []byte("\u0085")) &&
		!bytes.Contains(l, []byte("\u2028")) && !bytes.Contains(l, []byte("\u2029"))
}

// keyLine returns the key of a top-level line "key:" or "key: value"
// whose key is a plain word.
func keyLine(l []byte) (string, bool) {
	i := bytes.IndexByte(l, ':')
	if i <= 0 || (i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\t') {
		return "", false
	}
	for j, c := range l[:i] {
		word := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c == '-' || c >= '0' && c <= '9')
		if !word {
			return "", false
		}
	}
	return string(l[:i]), true
}

// isItem reports whether line l starts a list item at indent: a dash
// there followed by a space or the end of the line.
func isItem(l []byte, indent int) bool {
	l = bytes.TrimRight(l, "\r\n")
	if len(l) <= indent || l[indent] != '-' || len(l)-len(bytes.TrimLeft(l, " ")) != indent {
		return false
	}
	return len(l) == indent+1 || l[indent+1] == ' '
}

// decodeChunk decodes one document's worth of text that starts at line of
// the file, expecting a node of kind at its top, and moves every node's
// line to the file's.
func decodeChunk(chunk []byte, line int, kind yaml.Kind) (*yaml.Node, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(chunk, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != kind {
		return nil, false
	}
	shift(doc.Content[0], line-1)
	return doc.Content[0], true
}

// shift adds by to the line of n and of every node under it.
func shift(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}
