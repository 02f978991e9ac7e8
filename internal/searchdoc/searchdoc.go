// Package searchdoc is what both backends store for search: each record's
// searchable texts, under their field, with the folded words they are
// matched by (fold.Phrase), computed when the record is written so that a
// search folds only what was typed.
//
// A record's texts come in a fixed order, and a text's place in it (its
// index) is how a store names a match: the service rebuilds the texts of
// the records it returns (Of) and reads each matched text from its index.
//
// Adding a kind of searchable record is one more row source: a function
// here returning its Doc (and a case in Of), called by each backend where
// it writes that record, a row in flow.SearchRanks for any new field, and
// a case where the service resolves hits by kind.
package searchdoc

import (
	"fmt"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

// Version is the version of what this package computes. A backend that
// holds texts written by another version rebuilds them when it opens: bump
// it whenever folding (fold.Words) or the choice of texts changes.
const Version = 3 // 2: people; 3: statements

// Text is one searchable text of a record.
type Text struct {
	Field flow.SearchField
	// Text is the text as written.
	Text string
	// Words is fold.Phrase of the text: its folded words, joined by spaces.
	Words string
}

// Doc is a record's searchable texts.
type Doc struct {
	ID   string
	Kind flow.RecordKind
	// Name orders results of the same rank: the folded name (the node's
	// sort key, fold.Key), or the id of a record without a name.
	Name  string
	Texts []Text
}

// add appends the texts that have words.
func (d *Doc) add(field flow.SearchField, texts ...string) {
	for _, t := range texts {
		if w := fold.Phrase(t); w != "" {
			d.Texts = append(d.Texts, Text{Field: field, Text: t, Words: w})
		}
	}
}

// Node returns the texts of a fund, programme, organisation or source: its
// name (a source's title), aliases and description, and a source's notes.
func Node(n flow.Node) Doc {
	d := Doc{ID: n.NodeID(), Name: fold.Key(n.NodeName())}
	d.add(flow.FieldName, n.NodeName())
	switch n := n.(type) {
	case *flow.Fund:
		d.Kind = flow.KindFund
		d.add(flow.FieldAlias, n.Aliases...)
		d.add(flow.FieldDescription, n.Description)
	case *flow.Programme:
		d.Kind = flow.KindProgramme
		d.add(flow.FieldAlias, n.Aliases...)
		d.add(flow.FieldDescription, n.Description)
	case *flow.Organisation:
		d.Kind = flow.KindOrganisation
		d.add(flow.FieldAlias, n.Aliases...)
		d.add(flow.FieldDescription, n.Description)
	case *flow.Source:
		d.Kind = flow.KindSource
		d.add(flow.FieldNote, n.Notes...)
	case *flow.Person:
		d.Kind = flow.KindPerson
		d.add(flow.FieldAlias, n.Aliases...)
		d.add(flow.FieldDescription, n.Role, n.Description)
	default:
		panic(fmt.Sprintf("searchdoc: no texts for a %T", n))
	}
	return d
}

// Flow returns the texts of a flow: the quotes that cite it. A retracted
// flow has none, as every list leaves retracted flows out unless asked for
// by status; nor has a budget line's figure as a flow (BUDGET_LINE), which
// search finds as its budget line.
func Flow(f *flow.Flow) Doc {
	d := Doc{ID: f.ID, Kind: flow.KindFlow, Name: f.ID}
	if f.Status == flow.Retracted || f.Kind == flow.BudgetSpend {
		return d
	}
	for _, c := range f.Citations {
		d.add(flow.FieldQuote, c.Quote)
	}
	return d
}

// BudgetLine returns the texts of a budget line: the quotes that cite it.
func BudgetLine(b *flow.BudgetLine) Doc {
	d := Doc{ID: b.ID, Kind: flow.KindBudgetLine, Name: b.ID}
	for _, c := range b.Citations {
		d.add(flow.FieldQuote, c.Quote)
	}
	return d
}

// Statement returns the texts of a statement: what was said. (Its
// citations' quotes hold the same words in the source's sentence.)
func Statement(s *flow.Statement) Doc {
	d := Doc{ID: s.ID, Kind: flow.KindStatement, Name: s.ID}
	d.add(flow.FieldStatement, s.Said)
	return d
}

// Of returns the texts of any record search can find.
func Of(r flow.Searchable) Doc {
	switch r := r.(type) {
	case *flow.Flow:
		return Flow(r)
	case *flow.BudgetLine:
		return BudgetLine(r)
	case *flow.Statement:
		return Statement(r)
	case flow.Node:
		return Node(r)
	}
	panic(fmt.Sprintf("searchdoc: no texts for a %T", r))
}

// Rank reports whether a text's folded words (Text.Words) match the terms,
// and its rank if so: the rule each store applies in its own query
// language, written once in Go to document it and to check the stores by.
func Rank(field flow.SearchField, words string, q flow.SearchTerms) (int, bool) {
	for _, w := range q.Words {
		if !strings.Contains(" "+words, " "+w) {
			return 0, false
		}
	}
	for _, r := range flow.SearchRanks {
		if r.Field != field {
			continue
		}
		switch {
		case words == q.Phrase:
			return r.Exact, true
		case strings.HasPrefix(words, q.Phrase):
			return r.Prefix, true
		}
		return r.Words, true
	}
	panic("searchdoc: no rank for field " + string(field))
}

// Ranks returns flow.SearchRanks as a store parameter: each field's exact,
// prefix and words ranks, by field.
func Ranks() map[string]any {
	out := map[string]any{}
	for _, r := range flow.SearchRanks {
		out[string(r.Field)] = []any{int64(r.Exact), int64(r.Prefix), int64(r.Words)}
	}
	return out
}
