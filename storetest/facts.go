package storetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Facts that are not money: the counts the reports give, the people they
// quote and what each said, with the real figures of the bundled data.

// factsAbout lists the facts about one subject.
func factsAbout(t testing.TB, open Opener, subject string) []*flow.Fact {
	t.Helper()
	svc := Loaded(t, open)
	page, err := svc.Facts(context.Background(), flow.FactQuery{Filter: flow.FactFilter{SubjectIDs: []string{subject}}})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func int64p(n int64) *int64 { return &n }

// wantCount fails unless c is exactly want, bounds and qualifier included.
func wantCount(t testing.TB, what string, c, want flow.Count) {
	t.Helper()
	if !reflect.DeepEqual(c, want) {
		t.Errorf("%s: got %s %#v, want %s", what, c, c, want)
	}
}

func testFactsDigitalExemplarTrustsExactly23(t *testing.T, open Opener) {
	fs := factsAbout(t, open, "digital-exemplar-trusts")
	if len(fs) != 1 {
		t.Fatalf("facts about the digital exemplar trusts: got %d, want 1", len(fs))
	}
	f := fs[0]
	wantCount(t, "digital exemplar trusts", f.Count, flow.Count{Value: int64p(23), Low: int64p(23), High: int64p(23), Qualifier: flow.Exact})
	if f.Stated != "23 trusts" || f.Status != flow.Reported || f.Date != "" || f.KnownFrom != "2018-07-31" {
		t.Errorf("digital exemplar trusts: got stated %q, status %s, date %q, known from %s", f.Stated, f.Status, f.Date, f.KnownFrom)
	}
	if len(f.Citations) != 1 || f.Citations[0].SourceID != "hsj-2018-07-provider-digitisation" ||
		!strings.Contains(f.Citations[0].Quote, "gone to support 23 trusts to become “digital exemplars”") {
		t.Errorf("citations: got %q", f.Citations)
	}
}

func testFactsTrustsInfectedAtLeast81(t *testing.T, open Opener) {
	fs := factsAbout(t, open, "nhs-trusts")
	if len(fs) != 1 {
		t.Fatalf("facts about NHS trusts: got %d, want 1", len(fs))
	}
	f := fs[0]
	// "At least 81": no upper bound, and none invented.
	wantCount(t, "trusts infected", f.Count, flow.Count{Value: int64p(81), Low: int64p(81), Qualifier: flow.AtLeast})
	if f.Date != "2017-05" || f.Stated != "at least 81 trusts" || !strings.Contains(f.Note, "May 2016") {
		t.Errorf("trusts infected: got date %q, stated %q, note %q; want May 2017, with the report's May 2016 noted", f.Date, f.Stated, f.Note)
	}
	if len(f.Citations) != 1 || !strings.Contains(f.Citations[0].Quote, "infected at least 81 trusts, hundreds of GP practices") ||
		f.Citations[0].Published != "2018-01-24" {
		t.Errorf("citations: got %q", f.Citations)
	}
}

func testFactsGPPracticesHundredsNullPoint(t *testing.T, open Opener) {
	gp := factsAbout(t, open, "gp-practices")
	if len(gp) != 1 {
		t.Fatalf("facts about GP practices: got %d, want 1", len(gp))
	}
	// "Hundreds of": a range, and no point figure the source does not state.
	wantCount(t, "GP practices infected", gp[0].Count, flow.Count{Low: int64p(100), High: int64p(999), Qualifier: flow.Range})
	if gp[0].Stated != "hundreds of GP practices" {
		t.Errorf("stated: got %q", gp[0].Stated)
	}
	var cancelled *flow.Fact
	for _, f := range factsAbout(t, open, "nhs") {
		if f.ID == "wannacry-cancelled-appointments" {
			cancelled = f
		}
	}
	if cancelled == nil {
		t.Fatal("no fact about the cancelled appointments")
	}
	wantCount(t, "appointments and operations cancelled", cancelled.Count, flow.Count{Low: int64p(1000), High: int64p(9999), Qualifier: flow.Range})
}

func testFactsPagingVisitsEveryFactOnceBySubject(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	var got []string
	p := flow.PageArgs{First: new(2)}
	for {
		page, err := svc.Facts(context.Background(), flow.FactQuery{Page: p})
		if err != nil {
			t.Fatal(err)
		}
		if page.TotalCount != 5 {
			t.Errorf("total: got %d, want 5", page.TotalCount)
		}
		for _, f := range page.Items {
			got = append(got, f.SubjectID)
		}
		if !page.HasNextPage {
			break
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
	want := []string{"digital-exemplar-trusts", "gp-practices", "matt-hancock", "nhs", "nhs-trusts"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("subjects, two at a time: got %v, want %v", got, want)
	}
}

func testFactsOrderByDateDescendingKeepsUndatedLast(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.Facts(context.Background(), flow.FactQuery{Order: []flow.FactOrder{{Field: flow.FactByDate, Desc: true}, {Field: flow.FactByID}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range page.Items {
		got = append(got, f.ID)
	}
	want := []string{"wannacry-cancelled-appointments", "wannacry-infected-gp-practices", "wannacry-infected-trusts",
		"digital-exemplar-trusts-count", "hancock-early-priorities"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("by date, newest first: got %v, want %v", got, want)
	}
}

// julyCitation is a sentence of the July 2018 report, which the as-of
// behaviours add to records first reported in January: as of a day
// between the two, those records keep only their January citations.
var julyCitation = flow.Citation{SourceID: "hsj-2018-07-provider-digitisation",
	Quote: "A DHSC spokesman confirmed most of this money had been diverted to pay for cyber security, in response to the WannaCry ransomware attack."}

// loadedCitingJuly returns the service over a store holding the bundled
// dataset in which the trusts WannaCry infected and the NHS source's
// statement also cite the July report.
func loadedCitingJuly(t testing.TB, open Opener) *ledger.Service {
	t.Helper()
	ds := NHS(t)
	for _, f := range ds.Facts {
		if f.ID == "wannacry-infected-trusts" {
			f.Citations = append(f.Citations, julyCitation)
		}
	}
	for _, s := range ds.Statements {
		if s.ID == "nhs-source-treasury-ask" {
			s.Citations = append(s.Citations, julyCitation)
		}
	}
	svc := service(fresh(t, open))
	if _, err := svc.Load(context.Background(), Checked(t, ds)); err != nil {
		t.Fatal(err)
	}
	return svc
}

func testFactsAsOf(t *testing.T, open Opener) {
	svc := loadedCitingJuly(t, open)
	page, err := svc.Facts(context.Background(), flow.FactQuery{Filter: flow.FactFilter{AsOf: "2018-06-30"}})
	if err != nil {
		t.Fatal(err)
	}
	// Only the January report was out by the end of June 2018.
	if page.TotalCount != 3 {
		t.Errorf("facts as of 2018-06-30: got %d, want the 3 from January 2018", page.TotalCount)
	}
	for _, f := range page.Items {
		if len(f.Citations) != 1 || f.Citations[0].SourceID != "hsj-2018-01-wannacry-review" {
			t.Errorf("%s: citations %q", f.ID, f.Citations)
		}
	}
}

func testPeopleWithRoleAndOrganisation(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.People(context.Background(), flow.PersonQuery{})
	if err != nil {
		t.Fatal(err)
	}
	type person struct{ name, role, org string }
	var got []person
	for _, p := range page.Items {
		got = append(got, person{p.Name, p.Role, p.OrganisationID})
	}
	want := []person{
		{"DHSC spokesman", "spokesman", "dhsc"},
		{"Matt Hancock", "health and social care secretary", ""}, // the report names his office, not a department
		{"Matthew Honeyman", "policy researcher", "kings-fund"},
		{"Matthew Swindells", "national director of operations and information", "nhs-england"},
		{"NHS England spokesperson", "spokesperson", "nhs-england"},
		{"Simon Eccles", "chief clinical information officer", "nhs"},
		{"Well placed NHS source", "source", "nhs"},
		{"Will Smart", "chief information officer", "nhs-england"},
	}
	if !reflect.DeepEqual(got, want) || page.TotalCount != 8 {
		t.Errorf("people by name (total %d):\n got %q\nwant %q", page.TotalCount, got, want)
	}
}

func testPeopleByOrganisationAndName(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	page, err := svc.People(ctx, flow.PersonQuery{Filter: flow.PersonFilter{OrganisationIDs: []string{"nhs-england"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(page.Items); !reflect.DeepEqual(got, []string{"matthew-swindells", "nhs-england-spokesperson", "will-smart"}) {
		t.Errorf("NHS England's people: got %v", got)
	}
	// An alias, in another case: "Dr Eccles".
	page, err = svc.People(ctx, flow.PersonQuery{Filter: flow.PersonFilter{NameContains: "DR ECCLES"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(page.Items); !reflect.DeepEqual(got, []string{"simon-eccles"}) || page.TotalCount != 1 {
		t.Errorf("people matching Dr Eccles: got %v (total %d)", got, page.TotalCount)
	}
	page, err = svc.People(ctx, flow.PersonQuery{Order: []flow.NodeOrder{{Field: flow.NodeByName, Desc: true}}, Page: flow.PageArgs{Last: new(2)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(page.Items); !reflect.DeepEqual(got, []string{"matt-hancock", "dhsc-spokesman"}) || !page.HasPreviousPage || page.HasNextPage {
		t.Errorf("last two by name descending: got %v (previous %v, next %v)", got, page.HasPreviousPage, page.HasNextPage)
	}
}

func testPeopleAreNodes(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	got, err := svc.Nodes(context.Background(), []string{"will-smart", "dhsc", "no-such-person"})
	if err != nil {
		t.Fatal(err)
	}
	want := find(NHS(t).People, "will-smart")
	if p, ok := got["will-smart"].(*flow.Person); !ok || !reflect.DeepEqual(p, want) {
		t.Errorf("will-smart:\n got %#v\nwant %#v", got["will-smart"], want)
	}
	if _, ok := got["dhsc"].(*flow.Organisation); !ok || len(got) != 2 {
		t.Errorf("nodes: got %v, want will-smart and dhsc", keysOf(got))
	}
	// Search finds people too: Will Smart by his name, first.
	page, err := svc.Search(context.Background(), flow.SearchQuery{Text: "Will Smart"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) == 0 || page.Items[0].ID != "will-smart" || page.Items[0].Kind != flow.KindPerson ||
		len(page.Items[0].Matched) == 0 || page.Items[0].Matched[0].Field != flow.FieldName {
		t.Errorf("search Will Smart: got %+v, want the person first, by name", page.Items)
	}
}

func testStatementsByPerson(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.Statements(context.Background(), flow.StatementQuery{Filter: flow.StatementFilter{PersonIDs: []string{"matthew-honeyman"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Fatalf("Matthew Honeyman's statements: got %d, want 2", len(page.Items))
	}
	first := page.Items[0]
	if first.Said != "Historically, funding was often diverted before reaching the front line, despite government recognition of this need to invest." ||
		first.Form != flow.DirectSpeech || first.Date != "2018-07" || first.AboutIDs != nil {
		t.Errorf("first: got %q %s %s about %v", first.Said, first.Form, first.Date, first.AboutIDs)
	}
	second := page.Items[1]
	if !strings.HasPrefix(second.Said, "These figures would suggest that is changing.") || !reflect.DeepEqual(second.AboutIDs, []string{"matt-hancock"}) ||
		len(second.Citations) != 2 || !strings.Contains(second.Citations[0].Quote, "Matthew Honeyman, a policy researcher at the King’s Fund, said") {
		t.Errorf("second: got %q about %v citations %q", second.Said, second.AboutIDs, second.Citations)
	}
}

func testStatementsAboutInOrderSaid(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.Statements(context.Background(), flow.StatementQuery{Filter: flow.StatementFilter{AboutIDs: []string{"cyber-security", "no-such-entity"}}})
	if err != nil {
		t.Fatal(err)
	}
	type said struct{ date, person, form string }
	var got []said
	for _, s := range page.Items {
		got = append(got, said{s.Date, s.PersonID, string(s.Form)})
	}
	// By date, then by who said it: Swindells in July 2017 first, dated by
	// the report; the rest by their sources' dates.
	want := []said{
		{"2017-07", "matthew-swindells", "REPORTED"},
		{"2018-01-24", "nhs-england-spokesperson", "REPORTED"},
		{"2018-01-24", "nhs-england-spokesperson", "DIRECT"},
		{"2018-01-24", "nhs-source", "REPORTED"},
		{"2018-07", "dhsc-spokesman", "REPORTED"},
		{"2018-07", "dhsc-spokesman", "DIRECT"},
	}
	if !reflect.DeepEqual(got, want) || page.TotalCount != 6 {
		t.Errorf("statements about cyber security (total %d):\n got %v\nwant %v", page.TotalCount, got, want)
	}
}

func testStatementsAsOf(t *testing.T, open Opener) {
	svc := loadedCitingJuly(t, open)
	page, err := svc.Statements(context.Background(), flow.StatementQuery{Filter: flow.StatementFilter{AsOf: "2018-01-31"}})
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount != 4 {
		t.Errorf("statements reported by 2018-01-31: got %d, want the January report's 4", page.TotalCount)
	}
	for _, s := range page.Items {
		for _, c := range s.Citations {
			if c.SourceID != "hsj-2018-01-wannacry-review" {
				t.Errorf("%s as of 2018-01-31 cites %s, published later", s.ID, c.SourceID)
			}
		}
	}
	page, err = svc.Statements(context.Background(), flow.StatementQuery{Filter: flow.StatementFilter{AsOf: "2018-01-23"}})
	if err != nil || page.TotalCount != 0 {
		t.Errorf("statements reported by 2018-01-23: got %v, %v; want none", page, err)
	}
}

func testFactsRoundTrip(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	ds := NHS(t)
	people, err := svc.People(ctx, flow.PersonQuery{Order: []flow.NodeOrder{{Field: flow.NodeByID}}})
	if err != nil {
		t.Fatal(err)
	}
	facts, err := svc.Facts(ctx, flow.FactQuery{Order: []flow.FactOrder{{Field: flow.FactByID}}})
	if err != nil {
		t.Fatal(err)
	}
	statements, err := svc.Statements(ctx, flow.StatementQuery{Order: []flow.StatementOrder{{Field: flow.StatementByID}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ds.People {
		if got := find(people.Items, p.ID); !reflect.DeepEqual(got, p) {
			t.Errorf("person %s:\n got %#v\nwant %#v", p.ID, got, p)
		}
	}
	for _, f := range ds.Facts {
		if got := findRecord(facts.Items, func(x *flow.Fact) bool { return x.ID == f.ID }); !reflect.DeepEqual(got, f) {
			t.Errorf("fact %s:\n got %#v\nwant %#v", f.ID, got, f)
		}
	}
	for _, s := range ds.Statements {
		if got := findRecord(statements.Items, func(x *flow.Statement) bool { return x.ID == s.ID }); !reflect.DeepEqual(got, s) {
			t.Errorf("statement %s:\n got %#v\nwant %#v", s.ID, got, s)
		}
	}
	if len(people.Items) != len(ds.People) || len(facts.Items) != len(ds.Facts) || len(statements.Items) != len(ds.Statements) {
		t.Errorf("read back %d people, %d facts, %d statements; want %d, %d, %d", len(people.Items), len(facts.Items),
			len(statements.Items), len(ds.People), len(ds.Facts), len(ds.Statements))
	}
}

func findRecord[T any](xs []T, match func(T) bool) T {
	for _, x := range xs {
		if match(x) {
			return x
		}
	}
	var zero T
	return zero
}

func testFactsReloadRemovesStale(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	ds := NHS(t)
	// Drop a fact, a statement and a person who said nothing, and correct
	// a count.
	ds.Facts = without(ds.Facts, func(f *flow.Fact) bool { return f.ID == "hancock-early-priorities" })
	ds.Statements = without(ds.Statements, func(s *flow.Statement) bool { return s.ID == "eccles-greater-clarity" })
	ds.People = without(ds.People, func(p *flow.Person) bool { return p.ID == "matt-hancock" })
	for _, s := range ds.Statements {
		s.AboutIDs = without(s.AboutIDs, func(id string) bool { return id == "matt-hancock" })
	}
	for _, f := range ds.Facts {
		if f.ID == "digital-exemplar-trusts-count" {
			f.Stated, f.Count = "the vast majority of funding has gone to support 23 trusts", flow.Count{Value: int64p(23), Qualifier: flow.AtLeast}
		}
	}
	rep, err := svc.Load(ctx, Checked(t, ds))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Removed != 3 {
		t.Errorf("removed: got %d, want 3", rep.Removed)
	}
	c, err := svc.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c != ds.Counts() || c.People != 7 || c.Facts != 4 || c.Statements != 9 {
		t.Errorf("counts: got %+v, want %+v", c, ds.Counts())
	}
	nodes, err := svc.Nodes(ctx, []string{"matt-hancock"})
	if err != nil || len(nodes) != 0 {
		t.Errorf("a removed person is still a node: %v, %v", nodes, err)
	}
	page, err := svc.Facts(ctx, flow.FactQuery{Filter: flow.FactFilter{SubjectIDs: []string{"digital-exemplar-trusts"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 {
		t.Fatalf("digital exemplar facts after reload: got %d, want 1", len(page.Items))
	}
	wantCount(t, "reloaded count", page.Items[0].Count, flow.Count{Value: int64p(23), Low: int64p(23), Qualifier: flow.AtLeast})
}

// testFactsIDsAreGlobal: a person's, a fact's and a statement's id is
// taken for every other kind of record, through the API and by another
// dataset's load; both rules hold only if the store reports them.
func testFactsIDsAreGlobal(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	before := Snapshot(t, svc)
	for _, id := range []string{"will-smart", "wannacry-infected-trusts", "honeyman-that-is-changing"} {
		err := svc.CreateNode(ctx, writer, &flow.Fund{ID: id, Name: "A fund"})
		WantCode(t, err, flow.ECONFLICT)
	}
	other := Checked(t, &flow.Dataset{ID: "other", Title: "Another dataset",
		Funds: []*flow.Fund{{ID: "will-smart", Name: "A fund"}, {ID: "wannacry-infected-trusts", Name: "Another"}}})
	g := &guardSpy{err: errRefused}
	if _, err := st.Load(ctx, other.Data(), g.guard); !errors.Is(err, errRefused) {
		t.Fatalf("Load: got %v, want the guard's error", err)
	}
	want := []flow.Claimed{{ID: "wannacry-infected-trusts", Dataset: nhsID}, {ID: "will-smart", Dataset: nhsID}}
	if !reflect.DeepEqual(g.claimed, want) {
		t.Errorf("guard got %+v, want %+v", g.claimed, want)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("refused writes changed the store")
	}
}
