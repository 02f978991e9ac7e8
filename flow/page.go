package flow

import (
	"encoding/base64"
	"encoding/json"
)

// Page sizes: a page defaults to DefaultPageSize rows and may not exceed
// MaxPageSize, so that no request can ask a backend for everything at once.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageArgs asks for the rows after a cursor.
type PageArgs struct {
	First int
	After string
}

// Limit returns the number of rows to fetch, rejecting sizes outside
// 1..MaxPageSize with a clear error.
func (a PageArgs) Limit() (int, error) {
	switch {
	case a.First == 0:
		return DefaultPageSize, nil
	case a.First < 0:
		return 0, Errorf(EINVALID, "first must be positive, got %d", a.First)
	case a.First > MaxPageSize:
		return 0, Errorf(ETOOLARGE, "first may be at most %d, got %d", MaxPageSize, a.First)
	}
	return a.First, nil
}

// Page is one page of a keyset-paged list.
type Page[T any] struct {
	Items []T
	// Cursors[i] is the opaque cursor after which the page following
	// Items[i] starts.
	Cursors         []string
	HasNextPage     bool
	HasPreviousPage bool
	TotalCount      int
}

// cursor is what an opaque cursor holds: the ordering it belongs to, and the
// sort key of the row it points at. Keys are strings so that int64 pence
// survive JSON exactly.
type cursor struct {
	Order string   `json:"o"`
	Keys  []string `json:"k"`
}

// EncodeCursor makes an opaque cursor for a row of an ordering.
func EncodeCursor(order string, keys ...string) string {
	b, _ := json.Marshal(cursor{Order: order, Keys: keys})
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor returns the sort key held by an opaque cursor, and EINVALID
// if the cursor is malformed or belongs to another ordering (a cursor from
// one sort order cannot continue another).
func DecodeCursor(s, order string, nkeys int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Order != order || len(c.Keys) != nkeys {
		return nil, Errorf(EINVALID, "after: %q is not a cursor of this list in this order", s)
	}
	return c.Keys, nil
}
