package flow

import (
	"encoding/base64"
	"encoding/json"
)

// Page sizes: a page defaults to DefaultPageSize rows and may not exceed
// MaxPageSize, so that no request can ask a backend for everything at once.
// A child list (a fund's outflows) is paged per parent in the store, so it
// too reads at most a page per parent.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageArgs asks for a window of a list: the first rows after a cursor, or
// the last rows before one (Relay cursor connections). A nil size is the
// default; a given one must lie in 1..MaxPageSize.
type PageArgs struct {
	First  *int
	After  string
	Last   *int
	Before string
	// NoCount says nobody reads the page's TotalCount, so a store may
	// leave it 0 rather than count every matching row.
	NoCount bool
}

// Window is checked PageArgs with the ordering resolved and the cursor
// decoded: exactly which rows a store returns.
type Window struct {
	// Order is the list's ordering; its tag is what the cursors carry.
	Order Ordering
	// Limit is how many rows the page holds. A store fetches one more, to
	// know whether more follow.
	Limit int
	// Cursor is the opaque cursor the page starts from ("" for the first
	// page), and Keys the sort key it holds.
	Cursor string
	Keys   []string
	// Backward pages back from Cursor (last/before).
	Backward bool
	// NoCount lets the store skip counting: PageArgs.NoCount.
	NoCount bool
}

// Size checks the sizes and exclusive arguments: first and last, and
// after and before, cannot be combined. It returns the window without its
// ordering and keys, which depend on the list.
func (a PageArgs) Size() (Window, error) {
	w, err := a.size()
	w.NoCount = a.NoCount
	return w, err
}

func (a PageArgs) size() (Window, error) {
	switch {
	case a.First != nil && a.Last != nil:
		return Window{}, Errorf(EINVALID, "first and last cannot be used together")
	case a.After != "" && a.Before != "":
		return Window{}, Errorf(EINVALID, "after and before cannot be used together")
	case a.Last != nil || a.Before != "":
		n, err := bounded("last", a.Last, DefaultPageSize, MaxPageSize)
		return Window{Limit: n, Cursor: a.Before, Backward: true}, err
	}
	n, err := bounded("first", a.First, DefaultPageSize, MaxPageSize)
	return Window{Limit: n, Cursor: a.After}, err
}

// Page is one page of a keyset-paged list.
type Page[T any] struct {
	Items []T
	// Cursors[i] is the opaque cursor of Items[i]: pass it as after to
	// continue after the item, or as before to page back from it.
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
		return nil, Errorf(EINVALID, "%q is not a cursor of this list in this order", s)
	}
	return c.Keys, nil
}

// Paginate finishes a page from rows fetched with one extra row beyond the
// window (limit+1) in the window's direction: it trims the extra row, puts
// a backward window back in list order, and sets the page flags.
func Paginate[T any](items []T, cursors []string, w Window) *Page[T] {
	p := &Page[T]{}
	more := len(items) > w.Limit
	if more {
		items, cursors = items[:w.Limit], cursors[:w.Limit]
	}
	if w.Backward {
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
			cursors[i], cursors[j] = cursors[j], cursors[i]
		}
		p.HasPreviousPage, p.HasNextPage = more, w.Cursor != ""
	} else {
		p.HasNextPage, p.HasPreviousPage = more, w.Cursor != ""
	}
	p.Items, p.Cursors = items, cursors
	return p
}
