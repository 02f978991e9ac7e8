package flow

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// idPattern keeps ids readable and safe in URLs, Cypher and SQL parameters:
// lower-case words joined by hyphens ("provider-digitisation").
var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidID reports whether id is a well-formed record id.
func ValidID(id string) bool { return len(id) <= 100 && idPattern.MatchString(id) }

// Validate checks every rule a dataset must satisfy before anything of it is
// written, and returns every problem found, in document order. The loader
// and the API's writes share it, so the rules live in one place. today is
// the day no date may lie after (Today of the service's clock).
func (d *Dataset) Validate(today Date) []Problem { return d.check(today).problems }

// check runs Validate's rules and returns the checker, which holds the
// problems and what the check cost.
func (d *Dataset) check(today Date) *checker {
	c := newChecker(d, nil, today)
	if !ValidID(d.ID) {
		c.add(Problem{Path: "dataset", Field: "dataset", Value: d.ID, Message: "dataset id must be lower-case words joined by hyphens"})
	} else if d.ID == APIDataset {
		// Loading it would replace, and so remove, every record written
		// through the API.
		c.add(Problem{Path: "dataset", Field: "dataset", Value: d.ID, Message: "dataset " + APIDataset + " holds the records written through the API and cannot be loaded from a file; choose another dataset id"})
	}
	if strings.TrimSpace(d.Title) == "" {
		c.add(Problem{Path: "title", Field: "title", Message: "dataset title is required"})
	}
	// Ids first, so references can be checked against the full set.
	for i, f := range d.Funds {
		c.id(fmt.Sprintf("funds[%d]", i), f.ID, "fund")
	}
	for i, p := range d.Programmes {
		c.id(fmt.Sprintf("programmes[%d]", i), p.ID, "programme")
	}
	for i, o := range d.Organisations {
		c.id(fmt.Sprintf("organisations[%d]", i), o.ID, "organisation")
	}
	for i, s := range d.Sources {
		c.id(fmt.Sprintf("sources[%d]", i), s.ID, "source")
	}
	for i, f := range d.Flows {
		c.id(fmt.Sprintf("flows[%d]", i), f.ID, "flow")
	}
	for i, b := range d.BudgetLines {
		c.id(fmt.Sprintf("budget_lines[%d]", i), b.ID, "budget line")
	}
	for i, l := range d.Links {
		c.id(fmt.Sprintf("links[%d]", i), l.ID, "link")
	}
	c.factIDs()

	for i, f := range d.Funds {
		c.name(fmt.Sprintf("funds[%d]", i), f.ID, "name", f.Name)
	}
	for i, p := range d.Programmes {
		at := fmt.Sprintf("programmes[%d]", i)
		c.name(at, p.ID, "name", p.Name)
		if p.FundID != "" {
			c.ref(at+".fund", p.ID, "fund", p.FundID, "fund")
		}
	}
	for i, o := range d.Organisations {
		c.name(fmt.Sprintf("organisations[%d]", i), o.ID, "name", o.Name)
	}
	for i, s := range d.Sources {
		c.source(fmt.Sprintf("sources[%d]", i), s)
	}
	for i, f := range d.Flows {
		c.flow(fmt.Sprintf("flows[%d]", i), f)
	}
	for i, b := range d.BudgetLines {
		c.budgetLine(fmt.Sprintf("budget_lines[%d]", i), b)
	}
	c.links(d)
	c.factRecords()
	return c
}

type checker struct {
	ds       *Dataset
	ids      map[string]string // id -> record type
	today    Date
	quotes   *quoteIndex
	problems []Problem
}

// newChecker checks against d, with the ids already known (from the store,
// for a write) mapped to their kind, and no date after today.
func newChecker(d *Dataset, known map[string]RecordKind, today Date) *checker {
	c := &checker{ds: d, ids: map[string]string{}, today: today, quotes: newQuoteIndex(d.SourceTexts)}
	for id, k := range known {
		c.ids[id] = string(k)
	}
	return c
}

func (c *checker) add(p Problem) { c.problems = append(c.problems, p) }

func (c *checker) id(at, id, typ string) {
	switch {
	case id == "":
		c.add(Problem{Path: at + ".id", Field: "id", Message: typ + " has no id"})
	case !ValidID(id):
		c.add(Problem{Path: at + ".id", ID: id, Field: "id", Value: id, Message: "id must be lower-case words joined by hyphens, at most 100 characters"})
	case c.ids[id] != "":
		c.add(Problem{Path: at + ".id", ID: id, Field: "id", Value: id, Message: "duplicate id: already used by " + article(c.ids[id])})
	default:
		c.ids[id] = typ
	}
}

func (c *checker) name(at, id, field, v string) {
	if strings.TrimSpace(v) == "" {
		c.add(Problem{Path: at + "." + field, ID: id, Field: field, Message: field + " is required"})
	}
}

// ref checks that target names a record of one of the wanted types.
func (c *checker) ref(at, id, field, target string, want ...string) {
	got, ok := c.ids[target]
	switch {
	case target == "":
		c.add(Problem{Path: at, ID: id, Field: field, Message: field + " is required"})
	case !ok:
		c.add(Problem{Path: at, ID: id, Field: field, Value: target, Message: "dangling reference: no " + strings.Join(want, " or ") + " has this id"})
	case !oneOf(got, want):
		c.add(Problem{Path: at, ID: id, Field: field, Value: target, Message: fmt.Sprintf("refers to %s; want %s", article(got), article(strings.Join(want, " or ")))})
	}
}

// article prefixes a or an: "an organisation", "a fund or programme".
func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func (c *checker) source(at string, s *Source) {
	c.name(at, s.ID, "title", s.Title)
	c.name(at, s.ID, "publisher", s.Publisher)
	if s.Published == "" {
		c.add(Problem{Path: at + ".published", ID: s.ID, Field: "published", Message: "published is required (2018-01-24, or 2018-07 when only the month is known)"})
	} else if !validDate(s.Published) {
		c.add(Problem{Path: at + ".published", ID: s.ID, Field: "published", Value: s.Published, Message: "published must be a date: 2018-01-24, 2018-07 or 2018"})
	} else if afterToday(s.Published, c.today) {
		c.add(Problem{Path: at + ".published", ID: s.ID, Field: "published", Value: s.Published, Message: "published lies after today, " + string(c.today)})
	}
}

func validDate(s string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}

// endpoints says which record types each kind of flow may run between.
var endpoints = map[FlowKind][2][]string{
	Allocation:  {{"fund", "organisation"}, {"fund", "programme"}},
	Diversion:   {{"fund", "programme"}, {"fund", "programme"}},
	Payment:     {{"fund", "programme", "organisation"}, {"organisation"}},
	Request:     {{"organisation", "fund"}, {"fund", "programme", "organisation"}},
	Requirement: {{"organisation", "fund", "programme"}, {"fund", "programme", "organisation"}},
}

func (c *checker) flow(at string, f *Flow) {
	if !oneOf(f.Kind, EdgeKinds) {
		c.add(Problem{Path: at + ".kind", ID: f.ID, Field: "kind", Value: string(f.Kind), Message: "unknown kind; want one of " + joinAll(EdgeKinds)})
	} else {
		ends := endpoints[f.Kind]
		c.ref(at+".from", f.ID, "from", f.FromID, ends[0]...)
		c.ref(at+".to", f.ID, "to", f.ToID, ends[1]...)
	}
	if f.FromID != "" && f.FromID == f.ToID {
		c.add(Problem{Path: at + ".to", ID: f.ID, Field: "to", Value: f.ToID, Message: "a flow cannot run from a node to itself"})
	}
	if f.Year != "" {
		c.year(at+".year", f.ID, f.Year)
	}
	c.status(at+".status", f.ID, f.Status)
	c.money(at+".amount", f.ID, &f.Amount, false)
	c.citations(at, f.ID, f.Citations)
}

func (c *checker) budgetLine(at string, b *BudgetLine) {
	c.ref(at+".programme", b.ID, "programme", b.ProgrammeID, "programme")
	if b.Year == "" {
		c.add(Problem{Path: at + ".year", ID: b.ID, Field: "year", Message: "year is required"})
	} else {
		c.year(at+".year", b.ID, b.Year)
	}
	c.status(at+".status", b.ID, b.Status)
	if b.Planned == nil && b.Forecast == nil && b.Actual == nil && b.Variance == nil {
		c.add(Problem{Path: at, ID: b.ID, Field: "planned", Message: "a budget line needs at least one of planned, forecast, actual or variance"})
	}
	c.money(at+".planned", b.ID, b.Planned, false)
	c.money(at+".forecast", b.ID, b.Forecast, false)
	c.money(at+".actual", b.ID, b.Actual, false)
	c.money(at+".variance", b.ID, b.Variance, true)
	if b.Planned != nil && b.Actual != nil && b.Variance != nil {
		if v, err := b.Actual.Sub(*b.Planned); err == nil && !v.Compatible(*b.Variance) {
			c.add(Problem{Path: at + ".variance", ID: b.ID, Field: "variance", Value: b.Variance.String(),
				Message: fmt.Sprintf("variance does not match actual - planned = %s", v)})
		}
	}
	c.citations(at, b.ID, b.Citations)
}

// links checks that every link names figures the dataset has, that a SAME
// link's claims measure one thing, and that no claim is in two movements.
func (c *checker) links(d *Dataset) {
	figures := map[string]*Flow{} // the flows a link may name
	for _, f := range d.Flows {
		figures[f.ID] = f
	}
	lines := map[string]*BudgetLine{}
	for _, b := range d.BudgetLines {
		lines[b.ID] = b
	}
	for _, f := range d.BudgetFlows() {
		figures[f.ID] = f
	}
	known := func(fig string) bool {
		if _, ok := figures[fig]; ok {
			return true
		}
		id, suffix := SplitFigure(fig)
		return lines[id] != nil && lines[id].Figure(suffix) != nil
	}
	inMovement := map[string]string{}
	for i, l := range d.Links {
		at := fmt.Sprintf("links[%d]", i)
		switch l.Kind {
		case Same:
			if len(l.Claims) < 2 {
				c.add(Problem{Path: at + ".claims", ID: l.ID, Field: "claims", Message: "a SAME link joins at least two claims"})
			}
			if l.Whole != "" {
				c.add(Problem{Path: at + ".whole", ID: l.ID, Field: "whole", Value: l.Whole, Message: "only a PART_OF link has a whole"})
			}
		case PartOf:
			if len(l.Claims) == 0 {
				c.add(Problem{Path: at + ".claims", ID: l.ID, Field: "claims", Message: "a PART_OF link names at least one part"})
			}
			if l.Whole == "" {
				c.add(Problem{Path: at + ".whole", ID: l.ID, Field: "whole", Message: "a PART_OF link needs its whole"})
			} else if !known(l.Whole) {
				c.add(Problem{Path: at + ".whole", ID: l.ID, Field: "whole", Value: l.Whole, Message: "no flow or budget line figure has this name"})
			}
		default:
			c.add(Problem{Path: at + ".kind", ID: l.ID, Field: "kind", Value: string(l.Kind), Message: "unknown link kind; want one of " + joinAll(LinkKinds)})
		}
		var measure Measure
		for j, fig := range l.Claims {
			cat := fmt.Sprintf("%s.claims[%d]", at, j)
			if !known(fig) {
				c.add(Problem{Path: cat, ID: l.ID, Field: "claims", Value: fig, Message: "no flow or budget line figure has this name"})
				continue
			}
			if l.Kind != Same {
				continue
			}
			if other, ok := inMovement[fig]; ok {
				c.add(Problem{Path: cat, ID: l.ID, Field: "claims", Value: fig, Message: "already joined to a movement by link " + other + "; join all its claims in one link"})
			}
			inMovement[fig] = l.ID
			if f, ok := figures[fig]; ok {
				if measure != "" && f.Measure != measure {
					c.add(Problem{Path: cat, ID: l.ID, Field: "claims", Value: fig, Message: fmt.Sprintf("measures %s, not %s: claims of one movement measure one thing", f.Measure, measure)})
				}
				measure = f.Measure
			}
		}
		c.citations(at, l.ID, l.Citations)
	}
}

func (c *checker) year(at, id string, fy FinancialYear) {
	if _, err := ParseFinancialYear(string(fy)); err != nil {
		c.add(Problem{Path: at, ID: id, Field: "year", Value: string(fy), Message: "financial year must be written like 2017-18 (April 2017 to March 2018)"})
	}
}

func (c *checker) status(at, id string, s Status) {
	switch {
	case s == Retracted:
		c.add(Problem{Path: at, ID: id, Field: "status", Value: string(s), Message: "RETRACTED is set only by retracting a flow, with a reason; want one of " + joinAll(WriteStatuses)})
	case !oneOf(s, WriteStatuses):
		c.add(Problem{Path: at, ID: id, Field: "status", Value: string(s), Message: "unknown status; want one of " + joinAll(WriteStatuses)})
	}
}

func (c *checker) money(at, id string, m *Money, allowNegative bool) {
	if m == nil {
		return
	}
	for _, p := range m.Check(at, allowNegative) {
		p.ID = id
		c.add(p)
	}
}

func (c *checker) citations(at, id string, cs []Citation) {
	if len(cs) == 0 {
		c.add(Problem{Path: at + ".citations", ID: id, Field: "citations", Message: "every figure needs at least one citation: a source and the exact sentence it comes from"})
	}
	for i, ct := range cs {
		c.citation(fmt.Sprintf("%s.citations[%d]", at, i), id, ct)
	}
}

// citation checks one citation at path at of record id: a known source and
// a quote that, where the source has a text, appears in it. A source
// without one is unverified: its quotes cannot be checked, and say so.
func (c *checker) citation(at, id string, ct Citation) {
	c.ref(at+".source", id, "source", ct.SourceID, "source")
	quote := strings.TrimSpace(ct.Quote)
	switch {
	case quote == "":
		c.add(Problem{Path: at + ".quote", ID: id, Field: "quote", Message: "quote is required: the exact sentence the figure comes from"})
	default:
		if hasText, found := c.quotes.has(ct.SourceID, quote); hasText && !found {
			c.add(Problem{Path: at + ".quote", ID: id, Field: "quote", Value: abbreviate(quote), Message: "quote does not appear in the text of source " + ct.SourceID})
		}
	}
}

// quoted reports whether quote appears in text, white space collapsed.
func quoted(text, quote string) bool { return strings.Contains(collapse(text), collapse(quote)) }

// collapse folds runs of white space so a quote may wrap differently from
// the document without being rejected.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func abbreviate(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

func joinAll[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
