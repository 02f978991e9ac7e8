package export

import (
	"context"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Request is one checked export: which list, what to ask the ledger for,
// and how to write it.
type Request struct {
	list   string
	header []string
	bom    bool
	write  func(ctx context.Context, svc *ledger.Service, s *sheet, o Options) error
}

// list is one exportable answer: how it reads its parameters into the
// header and the writer of its request.
type list struct {
	parse func(p *params) (header []string, write func(ctx context.Context, svc *ledger.Service, s *sheet, o Options) error)
}

// lists are the exports, by the name of the GraphQL field they answer.
var lists = map[string]list{
	"flows":         {parseFlows},
	"diversions":    {parseDiversions},
	"budgetLines":   {parseBudgetLines},
	"totals":        {parseTotals},
	"funds":         {parseFunds},
	"programmes":    {parseProgrammes},
	"organisations": {parseOrganisations},
	"sources":       {parseSources},
	"people":        {parsePeople},
	"facts":         {parseFacts},
	"statements":    {parseStatements},
}

// Lists names every export, sorted.
func Lists() []string {
	out := make([]string, 0, len(lists))
	for name := range lists {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Parse checks an export of the named list with the given parameters:
// the GraphQL list's filter fields and arguments, list-valued ones
// repeated, orderBy as FIELD or FIELD:DESC, and bom=1 for a file that
// starts with a byte order mark. An unknown list is NOT_FOUND; unknown
// parameters and bad values are one INVALID error listing every problem.
func Parse(name string, q url.Values) (*Request, error) {
	l, ok := lists[name]
	if !ok {
		return nil, flow.Errorf(flow.ENOTFOUND, "no export called %q; the exports are %s", clip(name), strings.Join(Lists(), ", "))
	}
	p := newParams(q)
	header, write := l.parse(p)
	r := &Request{list: name, header: header, write: write, bom: p.flag("bom")}
	if err := p.check(name); err != nil {
		return nil, err
	}
	return r, nil
}

// ParseQuery is Parse with the parameters written as a URL query
// ("kind=DIVERSION&year=2017-18"), as the command line takes them.
func ParseQuery(name, query string) (*Request, error) {
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, flow.Errorf(flow.EINVALID, "%s: the filter %q is not a URL query (name=value&name=value)", name, clip(query))
	}
	return Parse(name, q)
}

// Filename is the name the file is offered under: "flows.csv".
func (r *Request) Filename() string { return r.list + ".csv" }

// Header is the export's header row.
func (r *Request) Header() []string { return append([]string(nil), r.header...) }

// Write streams the export to w, flushing w after each page when it has a
// Flush() error method. It writes nothing before the first page has been
// fetched and turned into rows, so an error it returns with nothing
// written is the whole answer; an error after that leaves w incomplete.
func (r *Request) Write(ctx context.Context, svc *ledger.Service, w io.Writer, o Options) error {
	s := newSheet(w, r.header, r.bom)
	if err := r.write(ctx, svc, s, o); err != nil {
		return err
	}
	if s.started {
		return nil
	}
	return s.page(nil) // a list with no rows is still a file with its header
}

// clip shortens a client's text for an error message.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	for i := max; i > 0; i-- {
		if (s[i] & 0xC0) != 0x80 {
			return s[:i] + "…"
		}
	}
	return ""
}
