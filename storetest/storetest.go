// Package storetest is the behavioural contract of flow.Store: one suite
// that every backend runs with its own constructor, so that backends agree
// because the same assertions pass on each (the pattern of nettest.TestConn).
//
// A backend's test calls Run with a function that returns a new, empty store.
// The suite exercises each store beneath the service layer (ledger.Service),
// which is how everything above the store reaches it, so its figures are the
// real figures of the bundled NHS data. Where the contract promises something
// of the store itself (what Load, SaveNode, RecordFlow
// and UpdateFlow hand decide, and that what decide returns is what is read
// back), the suite calls the store directly.
//
// Every behaviour is a named function, registered in the contract table and
// run as its own subtest, grouped by area: `go test ./sqlite -run
// 'Contract/Load/Idempotent'` runs exactly one. Each behaviour opens its own
// stores, so any one can run alone. The suite only reads and writes data it
// created.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
)

// Opener returns a new, empty store; the suite closes it.
type Opener func(tb testing.TB) flow.Store

// behaviour is one promise of the contract, run as its own subtest.
type behaviour struct {
	name string
	test func(t *testing.T, open Opener)
}

// area groups the behaviours of one part of the contract.
type area struct {
	name       string
	behaviours []behaviour
}

// contract lists every behaviour, by area. A new behaviour is a function
// and a line here.
var contract = []area{
	{"Load", []behaviour{
		{"OK", testLoadOK},
		{"Idempotent", testLoadIdempotent},
		{"UpdatesAndRemovesStale", testLoadUpdatesAndRemovesStale},
		{"IDChangesKind", testLoadIDChangesKind},
		{"TwoDatasets", testLoadTwoDatasets},
		{"ErrConflict", testLoadErrConflict},
		{"GuardGetsClaimedIDs", testLoadGuardGetsClaimedIDs},
		{"GuardGetsNothingForOwnIDs", testLoadGuardGetsNothingForOwnIDs},
		{"GuardErrorWritesNothing", testLoadGuardErrorWritesNothing},
		{"DecideGetsRevisedRecords", testLoadDecideGetsRevisedRecords},
		{"DecideKeepLeavesRecordsAsTheyAre", testLoadDecideKeepLeavesRecordsAsTheyAre},
		{"ReloadKeepsCorrection", testLoadReloadKeepsCorrection},
		{"ReloadKeepsRetraction", testLoadReloadKeepsRetraction},
		{"ReloadKeepsAddedCitation", testLoadReloadKeepsAddedCitation},
		{"ReloadKeepsUpdatedNode", testLoadReloadKeepsUpdatedNode},
		{"ReloadKeepsRecordTheFileDrops", testLoadReloadKeepsRecordTheFileDrops},
		{"ReloadRefusesKeepingADanglingFlow", testLoadReloadRefusesKeepingADanglingFlow},
		{"ReloadRefusesRemovingWhatTheAPIRefersTo", testLoadReloadRefusesRemovingWhatTheAPIRefersTo},
		{"ReloadAgreeingFileIsTheFilesAgain", testLoadReloadAgreeingFileIsTheFilesAgain},
		{"ReloadTakesFileWhenAsked", testLoadReloadTakesFileWhenAsked},
		{"ReloadWritesRevisions", testLoadReloadWritesRevisions},
		{"ReloadReportsConflicts", testLoadReloadReportsConflicts},
		{"ReloadKeepsAPIFlowOnItsNodes", testLoadReloadKeepsAPIFlowOnItsNodes},
	}},
	{"Nodes", []behaviour{
		{"OK", testNodesOK},
		{"UnknownIDsAbsent", testNodesUnknownIDsAbsent},
		{"Empty", testNodesEmpty},
		{"SourceTextsStored", testNodesSourceTextsStored},
	}},
	{"Lists", []behaviour{
		{"OrganisationsByName", testListsOrganisationsByName},
		{"PagingVisitsEveryNodeOnce", testListsPagingVisitsEveryNodeOnce},
		{"NameContainsMatchesAliasesCaseAndAccents", testListsNameContainsMatchesAliasesCaseAndAccents},
		{"ProgrammesByFund", testListsProgrammesByFund},
		{"UnknownFundHasNoProgrammes", testListsUnknownFundHasNoProgrammes},
		{"SourcesByTitle", testListsSourcesByTitle},
		{"NodesByNameDescending", testListsNodesByNameDescending},
	}},
	{"BudgetLines", []behaviour{
		{"2017-18ByVariance", testBudgetLines201718ByVariance},
		{"DescendingKeepsMissingLast", testBudgetLinesDescendingKeepsMissingLast},
		{"ByProgramme", testBudgetLinesByProgramme},
		{"UncertainVarianceRoundTrips", testBudgetLinesUncertainVarianceRoundTrips},
		{"UnknownProgrammeNotFound", testBudgetLinesUnknownProgrammeNotFound},
	}},
	{"Flows", []behaviour{
		{"DiversionsToCyberSecurity2017-18", testFlowsDiversionsToCyberSecurity201718},
		{"FiltersCombine", testFlowsFiltersCombine},
		{"AmountEndAndYearFilters", testFlowsAmountEndAndYearFilters},
		{"BudgetLinesAsFlows", testFlowsBudgetLinesAsFlows},
		{"OrderByAmountDescending", testFlowsOrderByAmountDescending},
		{"OrderByYearPutsUndatedLast", testFlowsOrderByYearPutsUndatedLast},
		{"PagingTwoAtATime", testFlowsPagingTwoAtATime},
		{"LastAndBefore", testFlowsLastAndBefore},
		{"AsOf", testFlowsAsOf},
		{"PagingTwoAtATimeWhileFlowsAreAdded", testFlowsPagingWhileFlowsAreAdded},
	}},
	{"Children", []behaviour{
		{"PagesEachParentWithACursor", testChildrenPagesEachParentWithACursor},
		{"HasNextPagePerParent", testChildrenHasNextPagePerParent},
		{"ParentsWithNoChildren", testChildrenParentsWithNoChildren},
		{"ManyParentsEachPagedLikeItsFlatList", testChildrenManyParentsEachPagedLikeItsFlatList},
		{"BudgetLinesFactsPeopleAndStatements", testChildrenBudgetLinesFactsPeopleAndStatements},
		{"UncountedPagesAlike", testChildrenUncountedPagesAlike},
	}},
	{"Search", []behaviour{
		{"Ranks", testSearchRanks},
		{"Paging", testSearchPaging},
		{"ApostrophesAndWordOrder", testSearchApostrophesAndWordOrder},
		{"EveryWordOfANameInAnyOrder", testSearchEveryWordOfANameInAnyOrder},
		{"Descriptions", testSearchDescriptions},
		{"Notes", testSearchNotes},
		{"QuotesFindFlowsAndBudgetLines", testSearchQuotesFindFlowsAndBudgetLines},
		{"MatchesAreBounded", testSearchMatchesAreBounded},
		{"AgreesWithTheRule", testSearchAgreesWithTheRule},
		{"SeesWrites", testSearchSeesWrites},
		{"ForgetsWhatAReloadRemoves", testSearchForgetsWhatAReloadRemoves},
		{"OtherScripts", testSearchOtherScripts},
	}},
	{"Trace", []behaviour{
		{"FundToCyberSecurity", testTraceFundToCyberSecurity},
		{"MaxHopsAndKinds", testTraceMaxHopsAndKinds},
		{"LimitReportsMore", testTraceLimitReportsMore},
		{"WithoutTo", testTraceWithoutTo},
		{"UnknownFromHasNoPaths", testTraceUnknownFromHasNoPaths},
		{"UnknownFromNotFound", testTraceUnknownFromNotFound},
		{"AsOfAndBudgetLines", testTraceAsOfAndBudgetLines},
		{"StepBudgetBoundsACompleteGraph", testTraceStepBudgetBoundsACompleteGraph},
		{"PathLimitStopsTheWalk", testTracePathLimitStopsTheWalk},
		{"CompleteIsNotCutShort", testTraceCompleteIsNotCutShort},
		{"SimplePathsShortestFirst", testTraceSimplePathsShortestFirst},
		{"ToFindsTheUnprunedPaths", testTraceToFindsTheUnprunedPaths},
		{"FirstStopsEarlyWithTo", testTraceFirstStopsEarlyWithTo},
	}},
	{"Analyst", []behaviour{
		{"TotalsByYear", testAnalystTotalsByYear},
		{"TotalsDivertedStayWithinTheRise", testAnalystTotalsDivertedStayWithinTheRise},
		{"TotalsNeverMixMeasures", testAnalystTotalsNeverMixMeasures},
		{"TotalsOfMoneyNotMoved", testAnalystTotalsOfMoneyNotMoved},
		{"Disagreements", testAnalystDisagreements},
		{"CompatibleClaimsAgree", testAnalystCompatibleClaimsAgree},
		{"DisagreementsFromContestedAreAll", testAnalystDisagreementsFromContestedAreAll},
	}},
	{"Totals", []behaviour{
		{"EqualRowByRowOnBundledData", testTotalsEqualRowByRowOnBundledData},
		{"EqualRowByRowOnGeneratedData", testTotalsEqualRowByRowOnGeneratedData},
		{"MovementsInOrderAndBounded", testTotalsMovementsInOrderAndBounded},
		{"EntityCountsEachEnd", testTotalsEntityCountsEachEnd},
	}},
	{"Writes", []behaviour{
		{"CreateNode", testWritesCreateNode},
		{"CreateOnTakenIDConflicts", testWritesCreateOnTakenIDConflicts},
		{"UpdateUnknownIDNotFound", testWritesUpdateUnknownIDNotFound},
		{"IDNeverChangesKind", testWritesIDNeverChangesKind},
		{"UpdateKeepsDataset", testWritesUpdateKeepsDataset},
		{"RecordFlow", testWritesRecordFlow},
		{"RecordFlowOnTakenIDConflicts", testWritesRecordFlowOnTakenIDConflicts},
		{"CorrectFlowKeepsTheEarlierValue", testWritesCorrectFlowKeepsTheEarlierValue},
		{"CorrectUnknownFlowNotFound", testWritesCorrectUnknownFlowNotFound},
		{"RetractFlow", testWritesRetractFlow},
		{"RetractTwiceConflicts", testWritesRetractTwiceConflicts},
		{"RevisionsKeepTheirChanges", testWritesRevisionsKeepTheirChanges},
	}},
	{"Decide", []behaviour{
		{"SaveNodeSeesCurrent", testDecideSaveNodeSeesCurrent},
		{"SaveNodeSeesTheNodeAsWritten", testDecideSaveNodeSeesTheNodeAsWritten},
		{"SaveNodeErrorWritesNothing", testDecideSaveNodeErrorWritesNothing},
		{"SaveNodeWritesWhatDecideReturns", testDecideSaveNodeWritesWhatDecideReturns},
		{"RecordFlowSeesCurrent", testDecideRecordFlowSeesCurrent},
		{"RecordFlowErrorWritesNothing", testDecideRecordFlowErrorWritesNothing},
		{"RecordFlowWritesWhatDecideReturns", testDecideRecordFlowWritesWhatDecideReturns},
		{"RecordFlowWithoutAnEndNotFound", testDecideRecordFlowWithoutAnEndNotFound},
		{"UpdateFlowSeesNilWithoutAFlow", testDecideUpdateFlowSeesNilWithoutAFlow},
		{"UpdateFlowSeesTheFlowWithItsCitations", testDecideUpdateFlowSeesTheFlowWithItsCitations},
		{"UpdateFlowErrorWritesNothing", testDecideUpdateFlowErrorWritesNothing},
		{"UpdateFlowWritesWhatDecideReturns", testDecideUpdateFlowWritesWhatDecideReturns},
	}},
	{"Facts", []behaviour{
		{"DigitalExemplarTrustsExactly23", testFactsDigitalExemplarTrustsExactly23},
		{"TrustsInfectedAtLeast81", testFactsTrustsInfectedAtLeast81},
		{"GPPracticesHundredsNullPoint", testFactsGPPracticesHundredsNullPoint},
		{"PagingVisitsEveryFactOnceBySubject", testFactsPagingVisitsEveryFactOnceBySubject},
		{"OrderByDateDescendingKeepsUndatedLast", testFactsOrderByDateDescendingKeepsUndatedLast},
		{"AsOf", testFactsAsOf},
		{"RoundTrip", testFactsRoundTrip},
		{"ReloadRemovesStale", testFactsReloadRemovesStale},
		{"IDsAreGlobal", testFactsIDsAreGlobal},
	}},
	{"People", []behaviour{
		{"WithRoleAndOrganisation", testPeopleWithRoleAndOrganisation},
		{"ByOrganisationAndName", testPeopleByOrganisationAndName},
		{"AreNodes", testPeopleAreNodes},
	}},
	{"Statements", []behaviour{
		{"ByPerson", testStatementsByPerson},
		{"AboutInOrderSaid", testStatementsAboutInOrderSaid},
		{"AsOf", testStatementsAsOf},
	}},
	{"Generation", []behaviour{
		{"StillWithoutWrites", testGenerationStillWithoutWrites},
		{"MovesWithEveryWrite", testGenerationMovesWithEveryWrite},
	}},
	{"Ping", []behaviour{
		{"OK", testPingOK},
	}},
}

// Run runs the whole contract against stores made by open: one subtest per
// area, and within it one per behaviour.
func Run(t *testing.T, open Opener) {
	for _, a := range contract {
		t.Run(a.name, func(t *testing.T) {
			for _, b := range a.behaviours {
				t.Run(b.name, func(t *testing.T) { b.test(t, open) })
			}
		})
	}
}

// RevisionAt is when every revision the suite's service writes is made:
// the service's clock is fixed, so history is comparable.
const RevisionAt = "2026-11-23T09:00:00Z"

// clock is the suite's service clock.
func clock() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }

// writer is the name the suite's writes are made by.
const writer = "newsdesk"

// service returns the service over st, as the server builds it.
func service(st flow.Store) *ledger.Service { return ledger.New(st, zerolog.Nop(), clock) }

// NHS parses the bundled NHS technology dataset, failing the test if it is
// invalid. Each call returns a fresh, checked copy that the caller may
// change (and check again with Checked before loading it).
func NHS(tb testing.TB) *flow.Dataset {
	tb.Helper()
	ds, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		tb.Fatalf("parse bundled dataset: %v", err)
	}
	return ds.Data()
}

// Checked runs the service's dataset rules over ds, failing the test on any
// problem, and returns the dataset ready to load.
func Checked(tb testing.TB, ds *flow.Dataset) *ledger.Dataset {
	tb.Helper()
	checked, ps := ledger.Check(ds, flow.Today(clock()))
	if len(ps) > 0 {
		tb.Fatalf("dataset %s: %d problems: %v", ds.ID, len(ps), ps)
	}
	return checked
}

// fresh returns a new, empty store made by open, closed when the test ends.
func fresh(tb testing.TB, open Opener) flow.Store {
	tb.Helper()
	st := open(tb)
	tb.Cleanup(func() { st.Close() })
	return st
}

// loaded returns a new store holding the bundled NHS dataset, and the
// service over it.
func loaded(tb testing.TB, open Opener) (flow.Store, *ledger.Service) {
	tb.Helper()
	st := fresh(tb, open)
	svc := service(st)
	if _, err := svc.Load(context.Background(), Checked(tb, NHS(tb))); err != nil {
		tb.Fatalf("load bundled dataset: %v", err)
	}
	return st, svc
}

// Loaded returns the service over a new store holding the bundled NHS
// dataset; the store is closed when the test ends.
func Loaded(tb testing.TB, open Opener) *ledger.Service {
	tb.Helper()
	_, svc := loaded(tb, open)
	return svc
}

// WantCode fails the test unless err carries the flow error code want.
func WantCode(tb testing.TB, err error, want string) {
	tb.Helper()
	if got := flow.ErrorCode(err); got != want {
		tb.Fatalf("error code: got %q (%v), want %q", got, err, want)
	}
	var fe *flow.Error
	if !errors.As(err, &fe) {
		tb.Fatalf("error %v is not a *flow.Error", err)
	}
}

// Snapshot renders everything the service reads from its store, in a
// stable order, so that a test can assert that a failed write changed
// nothing.
func Snapshot(tb testing.TB, svc *ledger.Service) string {
	tb.Helper()
	ctx := context.Background()
	var b strings.Builder
	c, err := svc.Counts(ctx)
	if err != nil {
		tb.Fatalf("Counts: %v", err)
	}
	fmt.Fprintf(&b, "counts %+v\n", c)
	var ids []string
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Fund], error) {
		return svc.Funds(ctx, flow.NodeQuery{Page: p})
	}, func(f *flow.Fund) { ids = append(ids, f.ID) })
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Programme], error) {
		return svc.Programmes(ctx, flow.NodeQuery{Page: p})
	}, func(f *flow.Programme) { ids = append(ids, f.ID) })
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Organisation], error) {
		return svc.Organisations(ctx, flow.NodeQuery{Page: p})
	}, func(f *flow.Organisation) { ids = append(ids, f.ID) })
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Source], error) {
		return svc.Sources(ctx, flow.NodeQuery{Page: p})
	}, func(f *flow.Source) { ids = append(ids, f.ID) })
	nodes, err := svc.Nodes(ctx, ids)
	if err != nil {
		tb.Fatalf("Nodes: %v", err)
	}
	for _, id := range ids {
		fmt.Fprintf(&b, "node %+v\n", nodes[id])
	}
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Flow], error) { return svc.Flows(ctx, flow.FlowQuery{Page: p}) },
		func(f *flow.Flow) {
			fmt.Fprintf(&b, "flow %s %s %s->%s %s %s %s %q\n", f.ID, f.Kind, f.FromID, f.ToID, f.Year, f.Amount, f.Status, f.Citations)
		})
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.BudgetLine], error) {
		return svc.BudgetLines(ctx, flow.BudgetLineQuery{Page: p})
	}, func(l *flow.BudgetLine) {
		fmt.Fprintf(&b, "line %s %s %s %v %v %v %v %s %q\n", l.ID, l.ProgrammeID, l.Year, l.Planned, l.Forecast, l.Actual, l.Variance, l.Status, l.Citations)
	})
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Person], error) {
		return svc.People(ctx, flow.PersonQuery{Page: p})
	},
		func(p *flow.Person) { fmt.Fprintf(&b, "person %+v\n", *p) })
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Fact], error) { return svc.Facts(ctx, flow.FactQuery{Page: p}) },
		func(f *flow.Fact) {
			fmt.Fprintf(&b, "fact %s %s %q %s %s %s %q\n", f.ID, f.SubjectID, f.Stated, f.Count, f.Date, f.Status, f.Citations)
		})
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Statement], error) {
		return svc.Statements(ctx, flow.StatementQuery{Page: p})
	}, func(s *flow.Statement) {
		fmt.Fprintf(&b, "statement %s %s %s %s %v %q %q\n", s.ID, s.PersonID, s.Form, s.Date, s.AboutIDs, s.Said, s.Citations)
	})
	return b.String()
}

// each visits every item of a paged list, page by page.
func each[T any](tb testing.TB, list func(flow.PageArgs) (*flow.Page[T], error), visit func(T)) {
	tb.Helper()
	p := flow.PageArgs{First: new(flow.MaxPageSize)}
	for {
		page, err := list(p)
		if err != nil {
			tb.Fatalf("list: %v", err)
		}
		for _, it := range page.Items {
			visit(it)
		}
		if !page.HasNextPage {
			return
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
}

// gbp parses a curator-style amount for expectations ("£202.6m").
func gbp(tb testing.TB, s string) flow.Pence {
	tb.Helper()
	p, err := flow.ParsePounds(s)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func testPingOK(t *testing.T, open Opener) {
	st := fresh(t, open)
	if err := st.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

// point is a figure's stated point for comparisons, or a value no figure
// has when the source states none.
func point(p *flow.Pence) flow.Pence {
	if p == nil {
		return math.MinInt64
	}
	return *p
}
