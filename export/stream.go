package export

import (
	"context"

	"github.com/fundflow/fundflow/flow"
)

// DefaultMaxRows is the most records one export may hold unless
// configured.
const DefaultMaxRows = 100_000

// Options bound an export.
type Options struct {
	// MaxRows is the most records (flows, lines, funds, totals...) one
	// export may hold; 0 means DefaultMaxRows. A flow with three citations
	// is one record written as three rows.
	MaxRows int
	// PageSize is how many records each call to the ledger fetches and
	// each flush writes, 1 to flow.MaxPageSize; 0 means flow.MaxPageSize.
	PageSize int
}

func (o Options) maxRows() int {
	if o.MaxRows <= 0 {
		return DefaultMaxRows
	}
	return o.MaxRows
}

func (o Options) pageSize() int {
	if o.PageSize <= 0 || o.PageSize > flow.MaxPageSize {
		return flow.MaxPageSize
	}
	return o.PageSize
}

// fetcher asks the ledger for one page of a list.
type fetcher[T any] func(ctx context.Context, p flow.PageArgs) (*flow.Page[T], error)

// rower turns one page of records into CSV rows; it may look things up
// (the names of a page's entities), so it can fail.
type rower[T any] func(ctx context.Context, items []T) ([][]string, error)

// stream pages through a list with its cursor, writing and flushing each
// page before it fetches the next. The first page's count is checked
// against the limit before anything is written, so an export over it is
// refused whole; records that arrive while it is written and take it past
// the limit stop it, leaving the file incomplete.
func stream[T any](ctx context.Context, s *sheet, o Options, what string, fetch fetcher[T], rows rower[T]) error {
	size, after, seen := o.pageSize(), "", 0
	for {
		first := size
		page, err := fetch(ctx, flow.PageArgs{First: &first, After: after})
		if err != nil {
			return err
		}
		if after == "" && page.TotalCount > o.maxRows() {
			return overLimit(what, page.TotalCount, o.maxRows())
		}
		if seen += len(page.Items); seen > o.maxRows() {
			return flow.Errorf(flow.ETOOLARGE, "%s: records arrived while the export was written and took it past the export limit of %d; the file is incomplete", what, o.maxRows())
		}
		out, err := rows(ctx, page.Items)
		if err != nil {
			return err
		}
		if err := s.page(out); err != nil {
			return err
		}
		if !page.HasNextPage {
			return nil
		}
		if len(page.Cursors) == 0 {
			// Ending here would send a short file as if it were whole.
			return flow.Errorf(flow.EINTERNAL, "%s: the store said more records follow but gave no cursor to read them from", what)
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
}

// overLimit refuses an export of n records, over the limit max.
func overLimit(what string, n, max int) error {
	return flow.Errorf(flow.ETOOLARGE, "%s: %d records match, more than the export limit of %d; narrow the filter", what, n, max)
}
