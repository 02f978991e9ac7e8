package flow

import "strings"

// Node is anything with a stable id that money or evidence attaches to:
// a Fund, Programme, Organisation or Source.
type Node interface {
	// NodeID returns the node's stable, readable id ("cyber-security").
	NodeID() string
	// NodeName returns what people call it (a Source's title).
	NodeName() string
}

// Entity is a node that money flows between: a Fund, Programme or
// Organisation (never a Source).
type Entity interface {
	Node
	// NodeAliases returns the other names the sources use for it.
	NodeAliases() []string
}

// Fund is a pot of money with its own name, such as the £4.2bn Personalised
// Health and Care 2020 fund.
type Fund struct {
	ID          string
	Name        string
	Aliases     []string
	Description string
	Dataset     string
}

// Programme is a line of spending with a budget, such as provider
// digitisation or central cyber security.
type Programme struct {
	ID          string
	Name        string
	Aliases     []string
	Description string
	// FundID names the fund the programme is paid from, when a source says.
	FundID  string
	Dataset string
}

// Organisation is a body that funds, spends, receives or reports on money.
type Organisation struct {
	ID          string
	Name        string
	Aliases     []string
	Kind        string
	Description string
	Dataset     string
}

// Source is a document that figures cite.
type Source struct {
	ID        string
	Title     string
	Publisher string
	// Published is the publication date as precisely as the document gives
	// it: "2018-01-24", or "2018-07" when only the month is known.
	Published string
	DateNote  string
	URL       string
	// File names the bundled text of the document, relative to the dataset.
	File string
	// Notes record what a careful curator noticed about the document, such as
	// errors of fact, rather than silently correcting it.
	Notes []string
	// Text is the document's full text, stored with it so that every quote
	// written later, through the API too, can be checked against it: a load
	// takes it from the bundled file, a writer may give it. A source without
	// a text is unverified: quotes citing it cannot be checked.
	Text string
	// HasText says that a source read without its text has one stored:
	// Store.NodesBrief and the lists, which show sources, leave out texts
	// of tens of kilobytes each. A source that holds its text leaves it
	// false.
	HasText bool
	Dataset string
}

// NodeID implements Node.
func (f *Fund) NodeID() string { return f.ID }

// NodeName implements Node.
func (f *Fund) NodeName() string { return f.Name }

// NodeID implements Node.
func (p *Programme) NodeID() string { return p.ID }

// NodeName implements Node.
func (p *Programme) NodeName() string { return p.Name }

// NodeID implements Node.
func (o *Organisation) NodeID() string { return o.ID }

// NodeName implements Node.
func (o *Organisation) NodeName() string { return o.Name }

// NodeID implements Node.
func (s *Source) NodeID() string { return s.ID }

// NodeName implements Node.
func (s *Source) NodeName() string { return s.Title }

// NodeAliases implements Entity.
func (f *Fund) NodeAliases() []string { return f.Aliases }

// NodeAliases implements Entity.
func (p *Programme) NodeAliases() []string { return p.Aliases }

// NodeAliases implements Entity.
func (o *Organisation) NodeAliases() []string { return o.Aliases }

// Verified reports whether the source has a text that quotes are checked
// against.
func (s *Source) Verified() bool { return s.Text != "" || s.HasText }

// Quotes reports whether quote appears in the source's text, white space
// collapsed (the rule every load and write applies); never for a source
// without a text, nor for one read without it.
func (s *Source) Quotes(quote string) bool { return NewQuoteText(s.Text).QuotedIn(quote) }

// QuoteText is a source text prepared for QuotedIn: its white space
// collapsed once, for checking many quotes against it.
type QuoteText string

// NewQuoteText prepares text for QuotedIn.
func NewQuoteText(text string) QuoteText { return QuoteText(collapse(text)) }

// QuotedIn reports whether quote appears in t by the rule Quotes applies;
// never when t is empty (a source without a text).
func (t QuoteText) QuotedIn(quote string) bool {
	return t != "" && strings.Contains(string(t), collapse(quote))
}
