package loader

import (
	"bytes"

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

// items is a block list of records within a file: its text and the
// indentation of its dashes. next decodes one record at a time.
type items struct {
	data   []byte
	pos    int // the start of the next item's first line
	end    int
	line   int // the line of pos, from 1
	indent int
}

// next decodes the next record of the list, with the line numbers it has
// in the file. It returns nil at the end of the list, and ok false if the
// record is not YAML on its own (a quoted text running into the next
// record, an alias of an anchor in another): the caller then decodes the
// whole file instead.
func (it *items) next() (item *yaml.Node, ok bool) {
	if it.pos >= it.end {
		return nil, true
	}
	start, line := it.pos, it.line
	pos, n := lineEnd(it.data, it.pos, it.end), it.line+1
	for pos < it.end && !isItem(it.data[pos:lineEnd(it.data, pos, it.end)], it.indent) {
		pos = lineEnd(it.data, pos, it.end)
		n++
	}
	it.pos, it.line = pos, n
	seq, ok := decodeChunk(it.data[start:pos], line, yaml.SequenceNode)
	if !ok || len(seq.Content) != 1 {
		return nil, false
	}
	return seq.Content[0], true
}

// outline reads data's top-level block mapping line by line. It returns ok
// false for anything else (a document marker, a directive, a flow mapping,
// a line break other than \n or \r\n, a line it cannot place), leaving
// the file to the whole-tree decode.
func outline(data []byte) (*document, bool) {
	if bytes.ContainsRune(data, '\u0085') || bytes.ContainsRune(data, '\u2028') || bytes.ContainsRune(data, '\u2029') ||
		bytes.Count(data, []byte("\r")) != bytes.Count(data, []byte("\r\n")) {
		// Line breaks yaml counts that a scan of \n would not.
		return nil, false
	}
	doc := &document{root: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}, lists: map[*yaml.Node]*items{}}
	// e is the entry being read: its key line's start and line, and, for
	// a block list, its indentation and first item.
	type entry struct {
		start, line int
		key         string
		list        bool
		indent      int
		first, at   int // the first item's start and line
		open        bool
	}
	var e entry
	closeEntry := func(end int) bool {
		if !e.open {
			return true
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.key, Line: e.line, Column: 1}
		if e.list {
			v := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: e.at, Column: e.indent + 1}
			doc.root.Content = append(doc.root.Content, k, v)
			doc.lists[v] = &items{data: data, pos: e.first, end: end, line: e.at, indent: e.indent}
			return true
		}
		m, ok := decodeChunk(data[e.start:end], e.line, yaml.MappingNode)
		if !ok || len(m.Content) != 2 {
			return false
		}
		doc.root.Content = append(doc.root.Content, m.Content...)
		return true
	}
	pos, line := 0, 1
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		pos = 3
	}
	lineStart := 0 // the first line's entry starts before its byte-order mark
	for pos < len(data) {
		end := lineEnd(data, pos, len(data))
		l := bytes.TrimRight(data[pos:end], "\r\n")
		indent := len(l) - len(bytes.TrimLeft(l, " "))
		content := l[indent:]
		switch {
		case len(content) == 0 || content[0] == '#':
			// Blank lines and comments belong to what they lie in.
		case e.open && e.list && indent == e.indent && isItem(l, e.indent):
			if e.first < 0 {
				e.first, e.at = pos, line
			}
		case indent == 0:
			key, ok := keyLine(l)
			if !ok || !closeEntry(lineStart) {
				return nil, false
			}
			if doc.root.Line == 0 {
				doc.root.Line, doc.root.Column = line, 1
			}
			e = entry{start: lineStart, line: line, key: key, open: true, first: -1, indent: -1}
			if rest := bytes.TrimLeft(l[len(key)+1:], " \t"); len(rest) == 0 || rest[0] == '#' {
				// The value starts on a later line: a block list if
				// its first line is an item.
				if n, ok := firstItem(data, end); ok {
					e.list, e.indent = true, n
				}
			}
		case e.open && e.list && e.first >= 0 && indent > e.indent:
			// A line of the current item.
		case e.open && !e.list:
			// A line of a value that is not a block list.
		default:
			return nil, false
		}
		pos, line = end, line+1
		lineStart = pos
	}
	if !e.open || !closeEntry(len(data)) {
		return nil, false
	}
	return doc, true
}

// firstItem reports the indentation of the item that starts the value
// after a key, if the first line after from that is neither blank nor a
// comment starts an item.
func firstItem(data []byte, from int) (int, bool) {
	for pos := from; pos < len(data); {
		end := lineEnd(data, pos, len(data))
		l := bytes.TrimRight(data[pos:end], "\r\n")
		indent := len(l) - len(bytes.TrimLeft(l, " "))
		if c := l[indent:]; len(c) > 0 && c[0] != '#' {
			return indent, isItem(l, indent)
		}
		pos = end
	}
	return 0, false
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

// lineEnd returns the start of the line after the one at pos, or end.
func lineEnd(data []byte, pos, end int) int {
	if i := bytes.IndexByte(data[pos:end], '\n'); i >= 0 {
		return pos + i + 1
	}
	return end
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
