package sqlite

import (
	"net/url"
	"strings"
)

// fileURI turns a file path into the SQLite URI the driver opens, with the
// driver's parameters q. The path is taken literally: every byte that a URI
// gives meaning to ('?' starts the query, '#' a fragment, '%' an escape) is
// percent-encoded, and SQLite decodes it back, so --db 'x#y.db' opens
// "x#y.db" rather than "x".
func fileURI(path string, q url.Values) string {
	var b strings.Builder
	// "file://" followed by a path that itself starts with "//" would read
	// the first component as a host; an empty authority keeps it a path.
	if strings.HasPrefix(path, "//") {
		b.WriteString("file://")
	} else {
		b.WriteString("file:")
	}
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(path); i++ {
		c := path[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	b.WriteByte('?')
	b.WriteString(q.Encode())
	return b.String()
}

// unreserved reports whether c stands for itself in a URI path.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("-._~/", c) >= 0
}
