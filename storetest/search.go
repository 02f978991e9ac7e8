package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/searchdoc"
	"github.com/fundflow/fundflow/ledger"
)

// hasMatch reports whether a hit matched the text under field.
func hasMatch(h flow.SearchHit, field flow.SearchField, text string) bool {
	for _, m := range h.Matched {
		if m.Field == field && m.Text == text {
			return true
		}
	}
	return false
}

// search runs one search of at most a page of flow.MaxPageSize.
func search(tb testing.TB, svc *ledger.Service, text string) *flow.Page[flow.SearchHit] {
	tb.Helper()
	page, err := svc.Search(context.Background(), flow.SearchQuery{Text: text, Page: flow.PageArgs{First: new(flow.MaxPageSize)}})
	if err != nil {
		tb.Fatalf("search %q: %v", text, err)
	}
	return page
}

// hitIDs lists the ids of hits.
func hitIDs(hs []flow.SearchHit) []string {
	out := []string{}
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

// hit returns the hit for id, failing the test if there is none.
func hit(tb testing.TB, page *flow.Page[flow.SearchHit], id string) flow.SearchHit {
	tb.Helper()
	for _, h := range page.Items {
		if h.ID == id {
			return h
		}
	}
	tb.Fatalf("no hit for %s among %v", id, hitIDs(page.Items))
	return flow.SearchHit{}
}

// fields lists the fields a hit matched, best first.
func fields(h flow.SearchHit) []flow.SearchField {
	var out []flow.SearchField
	for _, m := range h.Matched {
		out = append(out, m.Field)
	}
	return out
}

func testSearchRanks(t *testing.T, open Opener) {
	// The best matches, in rank order: a name that is the text, an alias
	// that is, a name that starts with it, a name with every word, an
	// alias with every word; descriptions, notes and quotes follow.
	svc := Loaded(t, open)
	for _, tc := range []struct {
		text string
		head []string
	}{
		{"cyber security", []string{"cyber-security"}},                                                                               // the name itself
		{"dhsc", []string{"dhsc", "hsj-2018-07-provider-digitisation"}},                                                              // an alias, then a title starting with it
		{"PAPERLESS", []string{"paperless-point-of-care", "phc-2020"}},                                                               // a name starting with it, then aliases
		{"kíng", []string{"kings-fund"}},                                                                                             // accents and case ignored
		{"nhs", []string{"nhs-england", "nhs-england-spokesperson", "hsj-2018-01-wannacry-review"}},                                  // names starting with it, by name
		{"trusts", []string{"ambulance-trusts", "digital-exemplar-trusts", "nhs-trusts"}},                                            // names with the word, by name
		{"cybersecurity", []string{"cyber-security", "hsj-2018-01-wannacry-review", "nhs"}},                                          // an alias, a title, a description
		{"provider digitisation", []string{"provider-digitisation", "hsj-2018-07-provider-digitisation", "digital-exemplar-trusts"}}, // the name, a title, a description
	} {
		page := search(t, svc, tc.text)
		if got := hitIDs(page.Items); len(got) < len(tc.head) || !reflect.DeepEqual(got[:len(tc.head)], tc.head) {
			t.Errorf("search %q: got %v, want it to start %v", tc.text, got, tc.head)
		}
		for i := 1; i < len(page.Items); i++ {
			if page.Items[i].Rank < page.Items[i-1].Rank {
				t.Errorf("search %q: %s (rank %d) after %s (rank %d)", tc.text, page.Items[i].ID, page.Items[i].Rank, page.Items[i-1].ID, page.Items[i-1].Rank)
			}
		}
	}
	if h := hit(t, search(t, svc, "cyber security"), "cyber-security"); h.Rank != 0 || h.Matched[0].Field != flow.FieldName {
		t.Errorf("cyber security: got rank %d, fields %v; want its name first, rank 0", h.Rank, fields(h))
	}
}

func testSearchPaging(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	first, err := svc.Search(ctx, flow.SearchQuery{Text: "nhs", Page: flow.PageArgs{First: new(2)}})
	if err != nil {
		t.Fatal(err)
	}
	rest, err := svc.Search(ctx, flow.SearchQuery{Text: "nhs", Page: flow.PageArgs{First: new(flow.MaxPageSize), After: first.Cursors[1]}})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(first.Items) + len(rest.Items); got != first.TotalCount || !first.HasNextPage {
		t.Errorf("paging a search: %d + %d results, total %d", len(first.Items), len(rest.Items), first.TotalCount)
	}
}

func testSearchApostrophesAndWordOrder(t *testing.T, open Opener) {
	// The report prints "King’s Fund" with a curly apostrophe, the data
	// a straight one; people type either, or none, in any order.
	svc := Loaded(t, open)
	for _, text := range []string{"King’s Fund", "King's Fund", "Kings Fund", "kings fund", "fund king", "KING’S"} {
		page := search(t, svc, text)
		if got := hitIDs(page.Items); len(got) == 0 || got[0] != "kings-fund" {
			t.Errorf("search %q: got %v, want The King's Fund first", text, got)
			continue
		}
		if h := page.Items[0]; !hasMatch(h, flow.FieldName, "The King's Fund") || !hasMatch(h, flow.FieldAlias, "King's Fund") {
			t.Errorf("search %q: matched %+v, want its name and its alias", text, h.Matched)
		}
	}
	if h := search(t, svc, "King’s Fund").Items[0]; h.Rank != 1 || h.Matched[0].Field != flow.FieldAlias {
		t.Errorf("King’s Fund: rank %d, fields %v; want the alias that is the text, rank 1, first", h.Rank, fields(h))
	}
}

func testSearchEveryWordOfANameInAnyOrder(t *testing.T, open Opener) {
	// "Personalised Health and Care fund" is the fund's name without its
	// "2020" (and the report's own word for it).
	svc := Loaded(t, open)
	for _, text := range []string{"Personalised Health and Care fund", "personalised health care fund", "fund care health personalised", "Personalis Heal"} {
		page := search(t, svc, text)
		if got := hitIDs(page.Items); len(got) == 0 || got[0] != "phc-2020" {
			t.Errorf("search %q: got %v, want phc-2020 first", text, got)
			continue
		}
		if h := page.Items[0]; h.Matched[0].Field != flow.FieldName || h.Matched[0].Text != "Personalised Health and Care 2020 fund" {
			t.Errorf("search %q: matched %+v, want its name first", text, h.Matched)
		}
	}
	// The quote that names the fund so finds the allocation it cites.
	if h := hit(t, search(t, svc, "Personalised Health and Care fund"), "dhsc-to-phc-2020"); h.Kind != flow.KindFlow || h.Matched[0].Field != flow.FieldQuote {
		t.Errorf("the allocation of the fund: got %+v", h)
	}
}

func testSearchDescriptions(t *testing.T, open Opener) {
	// The 23 digital exemplar trusts are in two descriptions.
	svc := Loaded(t, open)
	page := search(t, svc, "23 trusts")
	if got := hitIDs(page.Items); !reflect.DeepEqual(got, []string{"digital-exemplar-trusts", "provider-digitisation"}) {
		t.Fatalf("23 trusts: got %v", got)
	}
	h := page.Items[0]
	if h.Kind != flow.KindOrganisation || h.Rank != 5 || !reflect.DeepEqual(fields(h), []flow.SearchField{flow.FieldDescription}) ||
		!strings.HasPrefix(h.Matched[0].Text, "23 trusts supported to become") {
		t.Errorf("digital exemplar trusts: got %+v", h)
	}
	if m := page.Items[1].Matched[0]; m.Field != flow.FieldDescription || !strings.Contains(m.Text, "23 digital exemplar trusts") {
		t.Errorf("provider digitisation: matched %+v", m)
	}
	if h := hit(t, search(t, svc, "Will Smart"), "nhs-england"); h.Matched[0].Field != flow.FieldDescription || !strings.HasSuffix(h.Matched[0].Text, "Will Smart.") {
		t.Errorf("Will Smart: got %+v, want NHS England's description", h)
	}
}

func testSearchNotes(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page := search(t, svc, "freedom of information")
	if len(page.Items) == 0 || page.Items[0].ID != "hsj-2018-07-provider-digitisation" || page.Items[0].Kind != flow.KindSource {
		t.Fatalf("freedom of information: got %v, want the July 2018 report first", hitIDs(page.Items))
	}
	want := "The figures are the Department of Health and Social Care's, released to HSJ under the Freedom of Information Act 2000."
	if h := page.Items[0]; h.Rank != 6 || !hasMatch(h, flow.FieldNote, want) {
		t.Errorf("the report's note: got %+v", h)
	}
}

func testSearchQuotesFindFlowsAndBudgetLines(t *testing.T, open Opener) {
	// A quote is evidence for the flow or budget line it cites, which is
	// what a match in it finds.
	svc := Loaded(t, open)
	page := search(t, svc, "£31.5m")
	if got := hitIDs(page.Items); !reflect.DeepEqual(got, []string{"cyber-security-2017-18-jan-2018"}) {
		t.Fatalf("£31.5m: got %v", got)
	}
	h := page.Items[0]
	line, ok := h.Record.(*flow.BudgetLine)
	if !ok || h.Kind != flow.KindBudgetLine || line.Forecast == nil || point(line.Forecast.Amount) != gbp(t, "£31.5m") {
		t.Fatalf("£31.5m: got %T %+v", h.Record, h)
	}
	if !hasMatch(h, flow.FieldQuote, "This financial year, the NHS expected to spend £31.5m, however HSJ understands this figure has already been revised upwards.") {
		t.Errorf("£31.5m: matched %+v", h.Matched)
	}
	// A source's note on the attack, the spokesman's statement, then the
	// diversion a quote about it cites.
	page = search(t, svc, "WannaCry ransomware")
	if got := hitIDs(page.Items); !reflect.DeepEqual(got, []string{"hsj-2018-01-wannacry-review", "dhsc-confirmed-wifi-diversion", "wifi-to-cyber-security-2017-18"}) {
		t.Fatalf("WannaCry ransomware: got %v", got)
	}
	if st, ok := page.Items[1].Record.(*flow.Statement); !ok || st.PersonID != "dhsc-spokesman" || page.Items[1].Matched[0].Field != flow.FieldStatement {
		t.Errorf("WannaCry ransomware: got %+v, want the spokesman's statement", page.Items[1])
	}
	if f, ok := page.Items[2].Record.(*flow.Flow); !ok || f.Kind != flow.Diversion || f.FromID != "wifi" || page.Items[2].Rank != 8 ||
		!hasMatch(page.Items[2], flow.FieldQuote, "A DHSC spokesman confirmed most of this money had been diverted to pay for cyber security, in response to the WannaCry ransomware attack.") {
		t.Errorf("WannaCry ransomware: got %+v", page.Items[2])
	}
}

func testSearchMatchesAreBounded(t *testing.T, open Opener) {
	// Every hit lists at most SearchMatchLimit matches, best first, each
	// at most SearchExcerptRunes long and holding a word searched for.
	svc := Loaded(t, open)
	for _, text := range []string{"the", "cyber", "nhs", "2017"} {
		page := search(t, svc, text)
		if len(page.Items) == 0 {
			t.Fatalf("search %q found nothing", text)
		}
		for _, h := range page.Items {
			if len(h.Matched) == 0 || len(h.Matched) > flow.SearchMatchLimit || h.Matched[0].Rank != h.Rank {
				t.Errorf("search %q: %s has %d matches, the first of rank %v, hit rank %d", text, h.ID, len(h.Matched), h.Matched, h.Rank)
			}
			for i, m := range h.Matched {
				if n := utf8.RuneCountInString(m.Text); n > flow.SearchExcerptRunes || !strings.Contains(" "+fold.Phrase(m.Text), " "+text) {
					t.Errorf("search %q: %s match %q (%d runes)", text, h.ID, m.Text, n)
				}
				if i > 0 && m.Rank < h.Matched[i-1].Rank {
					t.Errorf("search %q: %s lists its matches out of rank order: %+v", text, h.ID, h.Matched)
				}
			}
		}
	}
	// A provider digitisation quote runs to 164 characters; a long
	// description is cut around the word.
	h := hit(t, search(t, svc, "curator's identification"), "phc-2020")
	if m := h.Matched[0]; m.Field != flow.FieldDescription || !strings.HasPrefix(m.Text, "…") || !strings.Contains(m.Text, "Curator's identification") {
		t.Errorf("phc-2020's description: got %+v", m)
	}
}

func testSearchAgreesWithTheRule(t *testing.T, open Opener) {
	// For searches made of the data's own words (whole names, names
	// reversed, prefixes of words), paged ten at a time, the store
	// returns exactly the hits searchdoc.Rank gives, in rank, name and id
	// order, with the same matches.
	ctx := context.Background()
	svc := Loaded(t, open)
	docs := datasetDocs(Checked(t, NHS(t)).Data())
	queries := ruleQueries(docs)
	t.Logf("%d searches", len(queries))
	for _, text := range queries {
		want := expectedHits(docs, text)
		var got []string
		p := flow.PageArgs{First: new(10)}
		for {
			page, err := svc.Search(ctx, flow.SearchQuery{Text: text, Page: p})
			if err != nil {
				t.Fatalf("search %q: %v", text, err)
			}
			if page.TotalCount != len(want) {
				t.Errorf("search %q: total %d, want %d", text, page.TotalCount, len(want))
			}
			for _, h := range page.Items {
				got = append(got, describeHit(h))
			}
			if !page.HasNextPage {
				break
			}
			p.After = page.Cursors[len(page.Cursors)-1]
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search %q:\n got %q\nwant %q", text, got, want)
		}
	}
}

// datasetDocs returns the searchable texts of every record of ds.
func datasetDocs(ds *flow.Dataset) []searchdoc.Doc {
	var out []searchdoc.Doc
	for _, n := range ds.Funds {
		out = append(out, searchdoc.Node(n))
	}
	for _, n := range ds.Programmes {
		out = append(out, searchdoc.Node(n))
	}
	for _, n := range ds.Organisations {
		out = append(out, searchdoc.Node(n))
	}
	for _, n := range ds.Sources {
		out = append(out, searchdoc.Node(n))
	}
	for _, n := range ds.People {
		out = append(out, searchdoc.Node(n))
	}
	for _, f := range ds.Flows {
		out = append(out, searchdoc.Flow(f))
	}
	for _, b := range ds.BudgetLines {
		out = append(out, searchdoc.BudgetLine(b))
	}
	for _, s := range ds.Statements {
		out = append(out, searchdoc.Statement(s))
	}
	return out
}

// ruleQueries builds searches from the data's words: every name and alias,
// every name's words reversed, and the first three letters of every
// fifteenth word.
func ruleQueries(docs []searchdoc.Doc) []string {
	seen := map[string]bool{}
	var out []string
	add := func(q string) {
		if q != "" && !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	var words []string
	for _, d := range docs {
		for _, t := range d.Texts {
			if t.Field == flow.FieldName || t.Field == flow.FieldAlias {
				add(t.Text)
				ws := strings.Fields(t.Words)
				for i, j := 0, len(ws)-1; i < j; i, j = i+1, j-1 {
					ws[i], ws[j] = ws[j], ws[i]
				}
				add(strings.Join(ws, " "))
			}
			words = append(words, strings.Fields(t.Words)...)
		}
	}
	sort.Strings(words)
	for i, w := range words {
		if i%15 == 0 {
			add(string([]rune(w)[:min(3, utf8.RuneCountInString(w))]))
		}
	}
	return out
}

// expectedHits applies searchdoc.Rank to every text, as a store must, and
// describes the hits in order.
func expectedHits(docs []searchdoc.Doc, text string) []string {
	all := fold.Words(text)
	var words []string
	seen := map[string]bool{}
	for _, w := range all {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	q := flow.SearchTerms{Words: words, Phrase: strings.Join(all, " ")}
	var hits []flow.SearchHit
	name := map[string]string{}
	for _, d := range docs {
		h := flow.SearchHit{ID: d.ID, Kind: d.Kind}
		for i, t := range d.Texts {
			if rank, ok := searchdoc.Rank(t.Field, t.Words, q); ok {
				h.Matched = append(h.Matched, flow.SearchMatch{Field: t.Field, Index: i, Rank: rank,
					Text: searchdoc.Excerpt(t.Text, q.Words, flow.SearchExcerptRunes)})
			}
		}
		if len(h.Matched) == 0 {
			continue
		}
		sort.SliceStable(h.Matched, func(i, j int) bool { return h.Matched[i].Rank < h.Matched[j].Rank })
		h.Rank, h.Matched = h.Matched[0].Rank, h.Matched[:min(len(h.Matched), flow.SearchMatchLimit)]
		name[d.ID] = d.Name
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		if name[a.ID] != name[b.ID] {
			return name[a.ID] < name[b.ID]
		}
		return a.ID < b.ID
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = describeHit(h)
	}
	return out
}

// describeHit renders a hit for comparison.
func describeHit(h flow.SearchHit) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %d", h.Kind, h.ID, h.Rank)
	for _, m := range h.Matched {
		fmt.Fprintf(&b, " | %s %d %q", m.Field, m.Rank, m.Text)
	}
	return b.String()
}

func testSearchSeesWrites(t *testing.T, open Opener) {
	// Every API write is found by search as soon as it is made, and a
	// retracted flow is no longer found.
	ctx := context.Background()
	svc := Loaded(t, open)
	hsj := &flow.Organisation{ID: "hsj", Name: "HSJ", Aliases: []string{"Health Service Journal", "Health Service Journal Online"},
		Kind: "publisher", Description: "Published both reports, by Dave West and Ben Clover."}
	if err := svc.UpdateNode(ctx, writer, hsj, "new alias and description"); err != nil {
		t.Fatal(err)
	}
	if h := hit(t, search(t, svc, "journal online"), "hsj"); !hasMatch(h, flow.FieldAlias, "Health Service Journal Online") {
		t.Errorf("a new alias: got %+v", h)
	}
	if h := hit(t, search(t, svc, "ben clover"), "hsj"); !hasMatch(h, flow.FieldDescription, hsj.Description) {
		t.Errorf("a new description: got %+v", h)
	}
	f := newPayment(t)
	f.Citations[0].Quote = "NHS England has not responded to HSJ’s requests for a full breakdown of which trusts have received additional cyber security spending."
	if err := svc.RecordFlow(ctx, writer, f); err != nil {
		t.Fatal(err)
	}
	if h := hit(t, search(t, svc, "full breakdown trusts"), f.ID); h.Kind != flow.KindFlow || !hasMatch(h, flow.FieldQuote, f.Citations[0].Quote) {
		t.Errorf("a recorded flow's quote: got %+v", h)
	}
	cite := flow.Citation{SourceID: "hsj-2018-07-provider-digitisation", Quote: "The new health and social care secretary Matt Hancock has made technology one of his three early priorities in the job."}
	id := "provider-digitisation-to-cyber-security-2017-18"
	if _, err := svc.CorrectFlow(ctx, writer, id, flow.Money{Amount: ptr(gbp(t, "£80m")), Qualifier: flow.MajorityOf}, []flow.Citation{cite}, "headline figure"); err != nil {
		t.Fatal(err)
	}
	if h := hit(t, search(t, svc, "Matt Hancock"), id); !hasMatch(h, flow.FieldQuote, cite.Quote) {
		t.Errorf("a correction's quote: got %+v", h)
	}
	if _, err := svc.RetractFlow(ctx, writer, "wifi-to-cyber-security-2017-18", "misread the spokesman"); err != nil {
		t.Fatal(err)
	}
	if page := search(t, svc, "WannaCry ransomware"); !reflect.DeepEqual(hitIDs(page.Items), []string{"hsj-2018-01-wannacry-review", "dhsc-confirmed-wifi-diversion"}) || page.TotalCount != 2 {
		t.Errorf("a retracted flow is still found: %v (total %d)", hitIDs(page.Items), page.TotalCount)
	}
}

func testSearchForgetsWhatAReloadRemoves(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	ds := NHS(t)
	ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "kings-fund" })
	// and its policy researcher, with what he said
	ds.People = without(ds.People, func(p *flow.Person) bool { return p.ID == "matthew-honeyman" })
	ds.Statements = without(ds.Statements, func(st *flow.Statement) bool { return st.PersonID == "matthew-honeyman" })
	for _, p := range ds.Programmes {
		if p.ID == "wifi" {
			p.Aliases = []string{"wireless internet"}
		}
	}
	if _, err := svc.Load(ctx, Checked(t, ds)); err != nil {
		t.Fatal(err)
	}
	if page := search(t, svc, "Kings Fund"); len(page.Items) != 0 || page.TotalCount != 0 {
		t.Errorf("a removed organisation is still found: %v (total %d)", hitIDs(page.Items), page.TotalCount)
	}
	if h := hit(t, search(t, svc, "rolling out"), "wifi"); hasMatch(h, flow.FieldAlias, "rolling out Wi-Fi") {
		t.Errorf("a removed alias is still found: %+v", h)
	}
	if h := hit(t, search(t, svc, "wireless"), "wifi"); !hasMatch(h, flow.FieldAlias, "wireless internet") {
		t.Errorf("a new alias: got %+v", h)
	}
}

func testSearchOtherScripts(t *testing.T, open Opener) {
	// Words of any script match by prefix, combining marks included: the
	// full-text index must keep each folded word whole.
	ctx := context.Background()
	svc := Loaded(t, open)
	other := &flow.Dataset{ID: "other", Title: "Another dataset", Organisations: []*flow.Organisation{
		{ID: "kitab-ghar", Name: "किताब घर", Kind: "publisher"},
		{ID: "lodz-cafe", Name: "Łódź Café", Aliases: []string{"Кафе «Лодзь»"}, Kind: "cafe"},
	}}
	if _, err := svc.Load(ctx, Checked(t, other)); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"किता": "kitab-ghar", "घर किताब": "kitab-ghar", "कि": "kitab-ghar",
		"lodz cafe": "lodz-cafe", "ЛОДЗЬ": "lodz-cafe"} {
		if got := hitIDs(search(t, svc, text).Items); len(got) != 1 || got[0] != want {
			t.Errorf("search %q: got %v, want %s", text, got, want)
		}
	}
}
