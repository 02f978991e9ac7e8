package graph

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// batchWait is how long a child-list loader gathers the parents that
// gqlgen resolves concurrently before it asks the store for all of them.
const batchWait = 5 * time.Millisecond

// children batches the child lists of a request (a programme's budget
// lines, an entity's inflows...): one loader per list and arguments, each
// answering every parent of the request with one store call.
type children struct {
	mu      sync.Mutex
	wait    time.Duration
	loaders map[string]any
}

// childLoader returns the request's loader for key, making it with batch
// on first use.
func childLoader[T any](ctx context.Context, r *Resolver, key string,
	batch func(ctx context.Context, parents []string) (map[string]*flow.Page[T], error)) *dataloader.Loader[string, *flow.Page[T]] {
	c := loadersFor(ctx, r.Store).children
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.loaders[key].(*dataloader.Loader[string, *flow.Page[T]]); ok {
		return l
	}
	fn := func(ctx context.Context, parents []string) []*dataloader.Result[*flow.Page[T]] {
		pages, err := batch(ctx, parents)
		out := make([]*dataloader.Result[*flow.Page[T]], len(parents))
		for i, p := range parents {
			out[i] = &dataloader.Result[*flow.Page[T]]{Data: pages[p], Error: err}
		}
		return out
	}
	l := dataloader.NewBatchedLoader(fn, dataloader.WithWait[string, *flow.Page[T]](c.wait),
		dataloader.WithBatchCapacity[string, *flow.Page[T]](flow.MaxPageSize))
	c.loaders[key] = l
	return l
}

// argsKey identifies a child list's arguments.
func argsKey(field string, args ...any) string {
	b, _ := json.Marshal(args)
	return field + string(b)
}

// pageGroups splits every row of a parent-spanning list (fetched whole, in
// order) into one page per parent, applying the window in memory with the
// same cursors the store makes.
func pageGroups[T any](all *flow.Page[T], parents []string, parentOf func(T) []string, tag string, p flow.PageArgs) (map[string]*flow.Page[T], error) {
	w, err := p.Window()
	if err != nil {
		return nil, err
	}
	var at []string
	if w.Cursor != "" {
		if at, err = flow.DecodeCursor(w.Cursor, tag, 2*flow.MaxOrderKeys+1); err != nil {
			return nil, err
		}
	}
	type row struct {
		item   T
		cursor string
		keys   []string
	}
	groups := map[string][]row{}
	for i, it := range all.Items {
		keys, err := flow.DecodeCursor(all.Cursors[i], tag, 2*flow.MaxOrderKeys+1)
		if err != nil {
			return nil, err
		}
		for _, parent := range parentOf(it) {
			groups[parent] = append(groups[parent], row{it, all.Cursors[i], keys})
		}
	}
	out := map[string]*flow.Page[T]{}
	for _, parent := range parents {
		rows := groups[parent]
		var items []T
		var cursors []string
		if w.Backward {
			for i := len(rows) - 1; i >= 0 && len(items) <= w.Limit; i-- {
				if at == nil || sortkey.Less(rows[i].keys, at) {
					items, cursors = append(items, rows[i].item), append(cursors, rows[i].cursor)
				}
			}
		} else {
			for i := 0; i < len(rows) && len(items) <= w.Limit; i++ {
				if at == nil || sortkey.Less(at, rows[i].keys) {
					items, cursors = append(items, rows[i].item), append(cursors, rows[i].cursor)
				}
			}
		}
		page := flow.Paginate(items, cursors, w)
		page.TotalCount = len(rows)
		out[parent] = page
	}
	return out, nil
}
