package flow

// Search finds records by the words of their texts. Each record offers its
// texts under a field (its name, its aliases, its description, a source's
// notes, the quotes that cite a flow or budget line); a text matches when
// each word searched for begins one of its words, in any order. A record is
// found when any of its texts matches, and ranks by its best match.

// SearchField names the kind of text a search matched.
type SearchField string

// The fields search looks in.
const (
	FieldName        SearchField = "NAME"
	FieldAlias       SearchField = "ALIAS"
	FieldDescription SearchField = "DESCRIPTION"
	// FieldNote is a curator's note on a source.
	FieldNote SearchField = "NOTE"
	// FieldQuote is the quote of a citation: a match finds the flow or
	// budget line the quote is evidence for.
	FieldQuote SearchField = "QUOTE"
	// FieldStatement is what a person said: a match finds the statement.
	FieldStatement SearchField = "STATEMENT"
)

// SearchRank gives a field's rank (lower is better) when its text is
// exactly the words searched for, when it starts with them (the last word
// by prefix), and when it holds every one of them in any order.
type SearchRank struct {
	Field                SearchField
	Exact, Prefix, Words int
}

// SearchRanks is the ranking, one row per field, in the order matches are
// listed: a name that is the text, an alias that is the text, a name that
// starts with it, a name with every word, an alias with every word, then
// descriptions, notes and quotes. Results with the same rank follow by
// folded name (a flow or budget line, which has no name, by its id) and
// then by id. A new kind of searchable text is one more row here.
var SearchRanks = []SearchRank{
	{FieldName, 0, 2, 3},
	{FieldAlias, 1, 4, 4},
	{FieldDescription, 5, 5, 5},
	{FieldNote, 6, 6, 6},
	{FieldStatement, 7, 7, 7},
	{FieldQuote, 8, 8, 8},
}

// Search limits bound the cost of a search and the size of its answer.
const (
	// MaxSearchRunes bounds the text searched for.
	MaxSearchRunes = 200
	// MaxSearchWords bounds its distinct words.
	MaxSearchWords = 24
	// SearchMatchLimit bounds the matches listed per result, best first.
	SearchMatchLimit = 5
	// SearchExcerptRunes bounds the text shown of each match.
	SearchExcerptRunes = 200
)

// Searchable is a record search can find: a fund, programme, organisation,
// source, flow or budget line.
type Searchable interface {
	// SearchID returns the record's id.
	SearchID() string
}

// SearchID implements Searchable.
func (f *Fund) SearchID() string { return f.ID }

// SearchID implements Searchable.
func (p *Person) SearchID() string { return p.ID }

// SearchID implements Searchable.
func (s *Statement) SearchID() string { return s.ID }

// SearchID implements Searchable.
func (p *Programme) SearchID() string { return p.ID }

// SearchID implements Searchable.
func (o *Organisation) SearchID() string { return o.ID }

// SearchID implements Searchable.
func (s *Source) SearchID() string { return s.ID }

// SearchID implements Searchable.
func (f *Flow) SearchID() string { return f.ID }

// SearchID implements Searchable.
func (b *BudgetLine) SearchID() string { return b.ID }

// SearchTerms is a checked search: what a store matches. The service folds
// the text once, exactly as the stores folded every text when they wrote it.
type SearchTerms struct {
	// Words are the distinct folded words; each must begin a word of the
	// text that matches.
	Words []string
	// Phrase is every folded word in order, joined by spaces, for the
	// exact and prefix ranks.
	Phrase string
}

// SearchHit is one record a search found.
type SearchHit struct {
	ID   string
	Kind RecordKind
	// Rank is the best rank of its matches.
	Rank int
	// Matched lists the texts that matched. A store returns every one;
	// the service orders them best first and keeps SearchMatchLimit.
	Matched []SearchMatch
	// Record is the record itself, filled in by the service.
	Record Searchable
}

// SearchMatch is one text of a record that matched.
type SearchMatch struct {
	Field SearchField
	// Index is the text's place among the record's searchable texts.
	Index int
	Rank  int
	// Text is the text, cut to SearchExcerptRunes around the first word
	// matched; the service fills it in.
	Text string
}
