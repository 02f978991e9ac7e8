package searchdoc

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
)

func terms(words ...string) flow.SearchTerms {
	return flow.SearchTerms{Words: words, Phrase: strings.Join(words, " ")}
}

func TestNodeTexts(t *testing.T) {
	d := Node(&flow.Organisation{ID: "kings-fund", Name: "The King's Fund", Aliases: []string{"King’s Fund", "—"},
		Description: "Its policy researcher commented."})
	want := Doc{ID: "kings-fund", Kind: flow.KindOrganisation, Name: "the king's fund", Texts: []Text{
		{flow.FieldName, "The King's Fund", "the kings fund"},
		{flow.FieldAlias, "King’s Fund", "kings fund"}, // an alias without words ("—") is left out
		{flow.FieldDescription, "Its policy researcher commented.", "its policy researcher commented"},
	}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("got %+v\nwant %+v", d, want)
	}
}

func TestFlowTexts(t *testing.T) {
	f := &flow.Flow{ID: "f", Kind: flow.Payment, Status: flow.Reported,
		Citations: []flow.Citation{{SourceID: "s", Quote: "One."}, {SourceID: "s", Quote: "Two."}}}
	if d := Flow(f); len(d.Texts) != 2 || d.Texts[1].Words != "two" || d.Name != "f" || d.Kind != flow.KindFlow {
		t.Errorf("flow texts: %+v", d)
	}
	f.Status = flow.Retracted
	if d := Flow(f); len(d.Texts) != 0 {
		t.Errorf("a retracted flow has texts: %+v", d)
	}
	f.Status, f.Kind = flow.Planned, flow.BudgetSpend
	if d := Flow(f); len(d.Texts) != 0 {
		t.Errorf("a budget line's figure has texts of its own: %+v", d)
	}
}

func TestRank(t *testing.T) {
	for _, tc := range []struct {
		field flow.SearchField
		words string
		q     flow.SearchTerms
		rank  int
		ok    bool
	}{
		{flow.FieldName, "cyber security", terms("cyber", "security"), 0, true},
		{flow.FieldAlias, "kings fund", terms("kings", "fund"), 1, true},
		{flow.FieldName, "paperless at the point of care", terms("paperl"), 2, true},
		{flow.FieldName, "the kings fund", terms("fund", "king"), 3, true},
		{flow.FieldAlias, "paperless 2020 programme", terms("paperless", "2020"), 4, true},
		{flow.FieldDescription, "23 trusts supported", terms("23", "trusts"), 5, true},
		{flow.FieldQuote, "the fund was announced", terms("fund", "nounced"), 0, false}, // a prefix, not a substring
		{flow.FieldNote, "the report dates", terms("report", "wannacry"), 0, false},
	} {
		rank, ok := Rank(tc.field, tc.words, tc.q)
		if rank != tc.rank || ok != tc.ok {
			t.Errorf("Rank(%s, %q, %v) = %d, %v; want %d, %v", tc.field, tc.words, tc.q.Words, rank, ok, tc.rank, tc.ok)
		}
	}
}

func TestExcerpt(t *testing.T) {
	quote := "Tens of millions of pounds earmarked to create a new cohort of digitally advanced trusts was diverted to pay for urgent cyber security improvement in the wake of the WannaCry attack, HSJ can reveal."
	if got := Excerpt(quote, []string{"wannacry"}, 500); got != quote {
		t.Errorf("a text that fits is cut: %q", got)
	}
	got := Excerpt(quote, []string{"wannacry"}, 60)
	if utf8.RuneCountInString(got) > 60 || !strings.Contains(got, "WannaCry") || !strings.HasPrefix(got, "…") {
		t.Errorf("excerpt around WannaCry: %q (%d runes)", got, utf8.RuneCountInString(got))
	}
	if got := Excerpt(quote, []string{"tens"}, 40); got != "Tens of millions of pounds earmarked to…" {
		t.Errorf("excerpt from the start: %q", got)
	}
	if got := Excerpt(quote, []string{"digital"}, 40); got != "…of digitally advanced trusts was…" {
		t.Errorf("excerpt in the middle: %q", got)
	}
	if got := Excerpt(quote, []string{"reveal"}, 40); !strings.HasSuffix(got, "HSJ can reveal.") || !strings.HasPrefix(got, "…") || utf8.RuneCountInString(got) > 40 {
		t.Errorf("excerpt at the end: %q", got)
	}
}
