package ledger_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
)

// These are the rules that are the service's business alone: they refuse
// a request from what it says, before any backend is involved, so they are
// tested here once rather than in every backend's contract suite. Each
// refusal is also checked never to reach the store.

// spy is a store that counts the calls that reach it and passes them on
// to the real store it embeds.
type spy struct {
	flow.Store
	mu    sync.Mutex
	calls map[string]int
	// sumHook, if set before the calls begin, runs in every SumFlows.
	sumHook func()
}

func (s *spy) called(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
}

// count is the number of calls to method since the last reset.
func (s *spy) count(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// reset forgets the calls so far.
func (s *spy) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = map[string]int{}
}

// total is the number of calls since the last reset.
func (s *spy) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

func (s *spy) Load(ctx context.Context, ds *flow.Dataset, decide func(flow.LoadState) (flow.LoadPlan, error)) (*flow.LoadReport, error) {
	s.called("Load")
	return s.Store.Load(ctx, ds, decide)
}

func (s *spy) Counts(ctx context.Context) (flow.Counts, error) {
	s.called("Counts")
	return s.Store.Counts(ctx)
}

func (s *spy) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	s.called("Nodes")
	return s.Store.Nodes(ctx, ids)
}

func (s *spy) NodesBrief(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	s.called("NodesBrief")
	return s.Store.NodesBrief(ctx, ids)
}

func (s *spy) ListNodes(ctx context.Context, kind flow.RecordKind, f flow.NodeFilter, w flow.Window) (*flow.Page[flow.Node], error) {
	s.called("ListNodes")
	return s.Store.ListNodes(ctx, kind, f, w)
}

func (s *spy) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	s.called("BudgetLines")
	return s.Store.BudgetLines(ctx, f, w)
}

func (s *spy) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	s.called("Flows")
	return s.Store.Flows(ctx, f, w)
}

func (s *spy) Trace(ctx context.Context, w flow.TraceWalk) (*flow.TraceResult, error) {
	s.called("Trace")
	return s.Store.Trace(ctx, w)
}

func (s *spy) Search(ctx context.Context, q flow.SearchTerms, w flow.Window) (*flow.Page[flow.SearchHit], error) {
	s.called("Search")
	return s.Store.Search(ctx, q, w)
}

func (s *spy) SaveNode(ctx context.Context, id string, decide func(flow.Current) (flow.Node, flow.Revision, error)) error {
	s.called("SaveNode")
	return s.Store.SaveNode(ctx, id, decide)
}

func (s *spy) RecordFlow(ctx context.Context, id string, decide func(flow.Current) (*flow.Flow, flow.Revision, error)) error {
	s.called("RecordFlow")
	return s.Store.RecordFlow(ctx, id, decide)
}

func (s *spy) UpdateFlow(ctx context.Context, id string, decide func(*flow.Flow) (*flow.Flow, flow.Revision, error)) (*flow.Flow, error) {
	s.called("UpdateFlow")
	return s.Store.UpdateFlow(ctx, id, decide)
}

func (s *spy) History(ctx context.Context, ids []string) (map[string][]flow.Revision, error) {
	s.called("History")
	return s.Store.History(ctx, ids)
}

func (s *spy) SumFlows(ctx context.Context, q flow.TotalsQuery, linked int) (*flow.FlowSums, error) {
	s.called("SumFlows")
	if s.sumHook != nil {
		s.sumHook()
	}
	return s.Store.SumFlows(ctx, q, linked)
}

func (s *spy) Generation(ctx context.Context) (uint64, error) {
	s.called("Generation")
	return s.Store.Generation(ctx)
}

func (s *spy) Ping(ctx context.Context) error {
	s.called("Ping")
	return s.Store.Ping(ctx)
}

// clock is the service's clock in these tests: a time outside UTC, so that
// revisions are seen to be stamped in UTC.
func clock() time.Time {
	return time.Date(2026, 11, 23, 10, 30, 0, 0, time.FixedZone("CET", 3600))
}

// today is the day of the service's clock.
var today = flow.Today(clock())

// nhs parses the bundled dataset.
func nhs(t *testing.T) *ledger.Dataset {
	t.Helper()
	ds, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// newService returns the service over a spied SQLite store holding the
// bundled dataset, with the spy's count at zero.
func newService(t *testing.T) (*ledger.Service, *spy) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sp := &spy{Store: st, calls: map[string]int{}}
	svc := ledger.New(sp, zerolog.Nop(), clock)
	if _, err := svc.Load(context.Background(), nhs(t)); err != nil {
		t.Fatal(err)
	}
	sp.reset()
	return svc, sp
}

func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := flow.ErrorCode(err); got != want {
		t.Fatalf("error code: got %q (%v), want %q", got, err, want)
	}
}

func TestRefusedRequestsNeverReachTheStore(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	// Cursors of other orderings, taken before the count starts.
	lines, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Page: flow.PageArgs{First: new(1)}})
	if err != nil {
		t.Fatal(err)
	}
	byID, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{First: new(1)}})
	if err != nil {
		t.Fatal(err)
	}
	found, err := svc.Search(ctx, flow.SearchQuery{Text: "nhs", Page: flow.PageArgs{First: new(1)}})
	if err != nil {
		t.Fatal(err)
	}
	// The spy sees what reaches the store: a request that passes does.
	sp.reset()
	if _, err := svc.Funds(ctx, flow.NodeQuery{}); err != nil || sp.calls["ListNodes"] != 1 {
		t.Fatalf("a valid list: %v, store calls %v; want one ListNodes", err, sp.calls)
	}
	byAmount := []flow.FlowOrder{{Field: flow.FlowByAmount}}
	four := []flow.BudgetLineOrder{{Field: flow.BudgetByYear}, {Field: flow.BudgetByPlanned}, {Field: flow.BudgetByActual}, {Field: flow.BudgetByVariance}}
	provider := "provider-digitisation-to-cyber-security-2017-18"
	amount := flow.Money{Amount: new(flow.Pence(8_000_000_000)), Qualifier: flow.MajorityOf}

	for _, tc := range []struct {
		name string
		code string
		call func() error
	}{
		// Cursors.
		{"bad cursor", flow.EINVALID, func() error {
			_, err := svc.Funds(ctx, flow.NodeQuery{Page: flow.PageArgs{After: "not-a-cursor"}})
			return err
		}},
		{"cursor of another list", flow.EINVALID, func() error {
			_, err := svc.Funds(ctx, flow.NodeQuery{Page: flow.PageArgs{After: lines.Cursors[0]}})
			return err
		}},
		{"cursor of another ordering", flow.EINVALID, func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Order: byAmount, Page: flow.PageArgs{After: byID.Cursors[0]}})
			return err
		}},
		{"search cursor for a list", flow.EINVALID, func() error {
			_, err := svc.Organisations(ctx, flow.NodeQuery{Page: flow.PageArgs{Before: found.Cursors[0]}})
			return err
		}},
		{"list cursor for a search", flow.EINVALID, func() error {
			_, err := svc.Search(ctx, flow.SearchQuery{Text: "nhs", Page: flow.PageArgs{After: byID.Cursors[0]}})
			return err
		}},
		// Page sizes.
		{"first too large", flow.ETOOLARGE, func() error {
			_, err := svc.Programmes(ctx, flow.NodeQuery{Page: flow.PageArgs{First: new(flow.MaxPageSize + 1)}})
			return err
		}},
		{"first negative", flow.EINVALID, func() error {
			_, err := svc.Programmes(ctx, flow.NodeQuery{Page: flow.PageArgs{First: new(-1)}})
			return err
		}},
		{"first zero", flow.EINVALID, func() error {
			_, err := svc.Sources(ctx, flow.NodeQuery{Page: flow.PageArgs{First: new(0)}})
			return err
		}},
		{"last too large", flow.ETOOLARGE, func() error {
			_, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Page: flow.PageArgs{Last: new(flow.MaxPageSize + 1)}})
			return err
		}},
		{"first with last", flow.EINVALID, func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{First: new(1), Last: new(1)}})
			return err
		}},
		{"after with before", flow.EINVALID, func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{After: byID.Cursors[0], Before: byID.Cursors[0]}})
			return err
		}},
		// Orderings.
		{"unknown orderBy field", flow.EINVALID, func() error {
			_, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Order: []flow.BudgetLineOrder{{Field: "PROGRAMME_NAME; DROP TABLE"}}})
			return err
		}},
		{"more orderBy fields than a store has slots", flow.EINVALID, func() error {
			_, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Order: four})
			return err
		}},
		{"orderBy field given twice", flow.EINVALID, func() error {
			_, err := svc.Funds(ctx, flow.NodeQuery{Order: []flow.NodeOrder{{Field: flow.NodeByName}, {Field: flow.NodeByName, Desc: true}}})
			return err
		}},
		// Filters.
		{"inverted year range", flow.EINVALID, func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{YearFrom: "2018-19", YearTo: "2016-17"}})
			return err
		}},
		{"inverted year range of budget lines", flow.EINVALID, func() error {
			_, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{YearFrom: "2018-19", YearTo: "2016-17"}})
			return err
		}},
		{"malformed year", flow.EINVALID, func() error {
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{Year: "2017/18"}})
			return err
		}},
		{"amountMin above amountMax", flow.EINVALID, func() error {
			lo, hi := flow.Pence(200), flow.Pence(100)
			_, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{AmountMin: &lo, AmountMax: &hi}})
			return err
		}},
		{"totals over an inverted year range", flow.EINVALID, func() error {
			_, _, err := svc.Totals(ctx, []flow.TotalsDimension{flow.ByYear}, flow.FlowFilter{YearFrom: "2018-19", YearTo: "2016-17"})
			return err
		}},
		{"disagreements in a malformed year", flow.EINVALID, func() error {
			_, err := svc.Disagreements(ctx, "2017", "", "", false)
			return err
		}},
		// Search.
		{"empty search text", flow.EINVALID, func() error {
			_, err := svc.Search(ctx, flow.SearchQuery{Text: "  "})
			return err
		}},
		{"backward search", flow.EINVALID, func() error {
			_, err := svc.Search(ctx, flow.SearchQuery{Text: "nhs", Page: flow.PageArgs{Last: new(2)}})
			return err
		}},
		{"search before a cursor", flow.EINVALID, func() error {
			_, err := svc.Search(ctx, flow.SearchQuery{Text: "nhs", Page: flow.PageArgs{Before: found.Cursors[0]}})
			return err
		}},
		{"search text without a word", flow.EINVALID, func() error {
			_, err := svc.Search(ctx, flow.SearchQuery{Text: "— £ “…”"})
			return err
		}},
		{"search text too long", flow.ETOOLARGE, func() error {
			_, err := svc.Search(ctx, flow.SearchQuery{Text: strings.Repeat("nhs ", flow.MaxSearchRunes/4+1)})
			return err
		}},
		{"search of too many words", flow.ETOOLARGE, func() error {
			var words []string
			for i := 0; i <= flow.MaxSearchWords; i++ {
				words = append(words, fmt.Sprint("w", i))
			}
			_, err := svc.Search(ctx, flow.SearchQuery{Text: strings.Join(words, " ")})
			return err
		}},
		{"search cursor without a rank", flow.EINVALID, func() error {
			_, err := svc.Search(ctx, flow.SearchQuery{Text: "nhs", Page: flow.PageArgs{After: flow.EncodeCursor(flow.SearchOrder, "first", "nhs", "nhs")}})
			return err
		}},
		// Trace limits.
		{"trace maxHops 0", flow.EINVALID, func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", MaxHops: new(0)})
			return err
		}},
		{"trace maxHops 7", flow.ETOOLARGE, func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", MaxHops: new(flow.MaxHopsCap + 1)})
			return err
		}},
		{"trace without from", flow.EINVALID, func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{})
			return err
		}},
		{"trace limit 0", flow.EINVALID, func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", Limit: new(0)})
			return err
		}},
		{"trace limit too large", flow.ETOOLARGE, func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", Limit: new(flow.MaxTraceLimit + 1)})
			return err
		}},
		{"trace of an unknown kind", flow.EINVALID, func() error {
			_, err := svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", Kinds: []flow.FlowKind{"DONATION"}})
			return err
		}},
		// Writes without a reason.
		{"correction without a reason", flow.EINVALID, func() error {
			_, err := svc.CorrectFlow(ctx, "newsdesk", provider, amount, nil, "")
			return err
		}},
		{"correction with a blank reason", flow.EINVALID, func() error {
			_, err := svc.CorrectFlow(ctx, "newsdesk", provider, amount, nil, " \t ")
			return err
		}},
		{"retraction without a reason", flow.EINVALID, func() error {
			_, err := svc.RetractFlow(ctx, "newsdesk", provider, "")
			return err
		}},
		{"correction to a negative amount", flow.EINVALID, func() error {
			_, err := svc.CorrectFlow(ctx, "newsdesk", provider, flow.GBP(-100), nil, "sign error")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp.reset()
			wantCode(t, tc.call(), tc.code)
			if n := sp.total(); n != 0 {
				t.Errorf("a refused request reached the store: %v", sp.calls)
			}
		})
	}
}

// TestInvalidWritesNeverReachTheWrite: a write that breaks a rule may look
// up what it refers to, but never reaches the store's write.
func TestInvalidWritesNeverReachTheWrite(t *testing.T) {
	ctx := context.Background()
	svc, sp := newService(t)
	for _, tc := range []struct {
		name  string
		write string
		call  func() error
	}{
		{"node with a malformed id", "SaveNode", func() error {
			return svc.CreateNode(ctx, "newsdesk", &flow.Fund{ID: "Not An Id", Name: "X"})
		}},
		{"node without a name", "SaveNode", func() error {
			return svc.UpdateNode(ctx, "newsdesk", &flow.Organisation{ID: "dhsc"}, "blank it")
		}},
		{"programme of an unknown fund", "SaveNode", func() error {
			return svc.CreateNode(ctx, "newsdesk", &flow.Programme{ID: "new-programme", Name: "New", FundID: "no-such-fund"})
		}},
		{"flow to an unknown node", "RecordFlow", func() error {
			return svc.RecordFlow(ctx, "newsdesk", &flow.Flow{ID: "new-flow", Kind: flow.Payment, FromID: "cyber-security", ToID: "no-such-node",
				Amount: flow.GBP(100), Status: flow.Reported, Citations: []flow.Citation{{SourceID: "hsj-2018-01-wannacry-review", Quote: "Q."}}})
		}},
		{"flow without a citation", "RecordFlow", func() error {
			return svc.RecordFlow(ctx, "newsdesk", &flow.Flow{ID: "new-flow", Kind: flow.Payment, FromID: "cyber-security", ToID: "nhs-trusts",
				Amount: flow.GBP(100), Status: flow.Reported})
		}},
		{"correction citing an unknown source", "UpdateFlow", func() error {
			_, err := svc.CorrectFlow(ctx, "newsdesk", "wifi-to-cyber-security-2017-18", flow.GBP(100),
				[]flow.Citation{{SourceID: "no-such-source", Quote: "Q."}}, "new source")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp.reset()
			wantCode(t, tc.call(), flow.EINVALID)
			if n := sp.calls[tc.write]; n != 0 {
				t.Errorf("an invalid write reached %s: %v", tc.write, sp.calls)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	t.Run("ErrInvalid", func(t *testing.T) {
		ds := nhs(t).Data()
		ds.Flows[0].ToID = "no-such-programme"
		ds.Flows[1].Amount = flow.GBP(-100)
		checked, ps := ledger.Check(ds, today)
		if checked != nil || len(ps) != 2 {
			t.Fatalf("got %v with %d problems (%v), want no dataset and 2 problems", checked, len(ps), ps)
		}
		if ps[0].ID != ds.Flows[0].ID || ps[0].Field != "to" || ps[1].ID != ds.Flows[1].ID || ps[1].Field != "amount" {
			t.Errorf("problems: got %v, want the first flow's to and the second flow's amount", ps)
		}
	})

	t.Run("NormalizesWhatItChecks", func(t *testing.T) {
		ds := &flow.Dataset{ID: "other", Title: "Another dataset",
			Funds:      []*flow.Fund{{ID: "fund", Name: "Fund"}},
			Programmes: []*flow.Programme{{ID: "programme", Name: "Programme"}},
			Sources:    []*flow.Source{{ID: "source", Title: "Source", Publisher: "P", Published: "2018-07"}},
			Flows: []*flow.Flow{{ID: "fund-to-programme", Kind: flow.Allocation, FromID: "fund", ToID: "programme", Status: flow.Reported,
				Amount: flow.Money{Amount: new(flow.Pence(100)), Qualifier: flow.MajorityOf}, Citations: []flow.Citation{{SourceID: "source", Quote: "Q."}}}}}
		checked, ps := ledger.Check(ds, today)
		if len(ps) != 0 || checked.Data() != ds {
			t.Fatalf("got %v, %v; want the dataset checked", checked, ps)
		}
		f := ds.Flows[0]
		if f.Dataset != "other" || f.KnownFrom != "2018-07-31" || f.Amount.Currency != flow.CurrencyGBP ||
			f.Amount.Low == nil || *f.Amount.Low != 50 || ds.Funds[0].Dataset != "other" {
			t.Errorf("normalized flow: got %+v", f)
		}
	})
}

// TestRevisions: the service, not the store, makes revisions: stamped by
// its clock in UTC, by the writer named, with the reason trimmed.
func TestRevisions(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	if err := svc.CreateNode(ctx, "newsdesk", &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.UpdateNode(ctx, "desk-two", &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital (NHSD)"}, "  full name \n"); err != nil {
		t.Fatal(err)
	}
	id := "wifi-to-cyber-security-2017-18"
	if _, err := svc.RetractFlow(ctx, "newsdesk", id, "misread"); err != nil {
		t.Fatal(err)
	}
	h, err := svc.History(ctx, []string{"nhs-digital", id})
	if err != nil {
		t.Fatal(err)
	}
	org := h["nhs-digital"]
	if len(org) != 2 || org[0].Action != flow.Created || org[0].By != "newsdesk" || org[0].At != "2026-11-23T09:30:00Z" ||
		org[1].Action != flow.Updated || org[1].By != "desk-two" || org[1].Reason != "full name" {
		t.Errorf("organisation history: got %+v", org)
	}
	r := h[id]
	if len(r) != 1 || r[0].Action != flow.Retraction || r[0].PreviousStatus != flow.Confirmed || r[0].Status != flow.Retracted ||
		r[0].Previous == nil || !reflect.DeepEqual(r[0].Previous, r[0].Amount) {
		t.Errorf("retraction history: got %+v", r)
	}
	nodes, err := svc.Nodes(ctx, []string{"nhs-digital"})
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := nodes["nhs-digital"].(*flow.Organisation); !ok || o.Dataset != flow.APIDataset || o.Name != "NHS Digital (NHSD)" {
		t.Errorf("an update keeps the API's dataset: got %#v", nodes["nhs-digital"])
	}
}

// TestLoadConflictNamesEveryID: the service's refusal of a load lists
// each id another dataset owns, in order, with its owner.
func TestLoadConflictNamesEveryID(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	other, ps := ledger.Check(&flow.Dataset{ID: "other", Title: "Another dataset", Funds: []*flow.Fund{
		{ID: "wifi", Name: "A programme's id"}, {ID: "dhsc", Name: "An organisation's id"}, {ID: "new-fund", Name: "New"}}}, today)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	_, err := svc.Load(ctx, other)
	wantCode(t, err, flow.ECONFLICT)
	want := "dataset other: 2 ids belong to another dataset; nothing was written\n" +
		"  dhsc: id: id already belongs to dataset nhs-tech-2016-18 (got \"dhsc\")\n" +
		"  wifi: id: id already belongs to dataset nhs-tech-2016-18 (got \"wifi\")"
	if !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %q, want it to end %q", err.Error(), want)
	}
}
