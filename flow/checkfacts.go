package flow

import (
	"fmt"
	"strings"
)

// entityTypes are the record types a fact can describe and a statement
// can be about.
var entityTypes = []string{"fund", "programme", "organisation", "person"}

// normalizeFacts completes people, facts and statements as Normalize does
// the money records: their dataset, the publication day of each citation,
// the day each was first reported, a count's implied bounds, and a
// statement's date, which is its first source's when the curator gives
// none.
func (d *Dataset) normalizeFacts(dates func([]Citation) Date) {
	published := map[string]string{}
	for _, s := range d.Sources {
		if validDate(s.Published) {
			published[s.ID] = s.Published
		}
	}
	for _, p := range d.People {
		p.Dataset = d.ID
	}
	for _, f := range d.Facts {
		f.Dataset = d.ID
		f.Count = f.Count.Normalized()
		f.KnownFrom = dates(f.Citations)
	}
	for _, s := range d.Statements {
		s.Dataset = d.ID
		s.KnownFrom = dates(s.Citations)
		if s.Date == "" && len(s.Citations) > 0 {
			s.Date = published[s.Citations[0].SourceID]
		}
	}
}

// factIDs registers the ids of people, facts and statements, so that
// every reference can be checked against the full set.
func (c *checker) factIDs() {
	for i, p := range c.ds.People {
		c.id(fmt.Sprintf("people[%d]", i), p.ID, "person")
	}
	for i, f := range c.ds.Facts {
		c.id(fmt.Sprintf("facts[%d]", i), f.ID, "fact")
	}
	for i, s := range c.ds.Statements {
		c.id(fmt.Sprintf("statements[%d]", i), s.ID, "statement")
	}
}

// factRecords checks every person, fact and statement.
func (c *checker) factRecords() {
	for i, p := range c.ds.People {
		c.person(fmt.Sprintf("people[%d]", i), p)
	}
	for i, f := range c.ds.Facts {
		c.fact(fmt.Sprintf("facts[%d]", i), f)
	}
	for i, s := range c.ds.Statements {
		c.statement(fmt.Sprintf("statements[%d]", i), s)
	}
}

func (c *checker) person(at string, p *Person) {
	c.name(at, p.ID, "name", p.Name)
	if p.OrganisationID != "" {
		c.ref(at+".organisation", p.ID, "organisation", p.OrganisationID, "organisation")
	}
}

func (c *checker) fact(at string, f *Fact) {
	c.ref(at+".subject", f.ID, "subject", f.SubjectID, entityTypes...)
	c.name(at, f.ID, "counted", f.Counted)
	c.status(at+".status", f.ID, f.Status)
	ps := f.Count.Check(at + ".count")
	for _, p := range ps {
		p.ID = f.ID
		c.add(p)
	}
	c.date(at+".date", f.ID, f.Date, f.KnownFrom)
	c.citations(at, f.ID, f.Citations)
	if c.inQuotes(at+".stated", f.ID, "stated", f.Stated, f.Citations) && len(ps) == 0 && f.Count.Value != nil &&
		!writtenIn(*f.Count.Value, f.Stated) {
		// A point value the source's words do not give is an invented
		// figure: "hundreds of" is a RANGE with no value, never 100.
		c.add(Problem{Path: at + ".count.value", ID: f.ID, Field: "count", Value: FormatCount(*f.Count.Value),
			Message: fmt.Sprintf("the value is not written in stated %q; where the source gives only a phrase, leave the value out and give the bounds", f.Stated)})
	}
}

func (c *checker) statement(at string, s *Statement) {
	c.ref(at+".person", s.ID, "person", s.PersonID, "person")
	switch {
	case s.Form == "":
		c.add(Problem{Path: at + ".form", ID: s.ID, Field: "form", Message: "form is required: DIRECT for the person's own words in quotation marks, REPORTED for the source's account of them"})
	case !s.Form.Valid():
		c.add(Problem{Path: at + ".form", ID: s.ID, Field: "form", Value: string(s.Form), Message: "unknown form; want one of " + joinAll(StatementForms)})
	}
	seen := map[string]bool{}
	for j, a := range s.AboutIDs {
		p := fmt.Sprintf("%s.about[%d]", at, j)
		if seen[a] {
			c.add(Problem{Path: p, ID: s.ID, Field: "about", Value: a, Message: "listed twice"})
			continue
		}
		seen[a] = true
		c.ref(p, s.ID, "about", a, entityTypes...)
	}
	c.date(at+".date", s.ID, s.Date, s.KnownFrom)
	c.citations(at, s.ID, s.Citations)
	c.inQuotes(at+".said", s.ID, "said", s.Said, s.Citations)
}

// inQuotes checks that a required text appears in one of the record's
// citation quotes (which are themselves checked against the sources), so
// that nothing is put in a source's mouth that it does not say. It
// reports whether the text was there.
func (c *checker) inQuotes(at, id, field, text string, cs []Citation) bool {
	t := collapse(text)
	if t == "" {
		c.add(Problem{Path: at, ID: id, Field: field, Message: field + " is required: the source's own words, as they appear in one of the quotes"})
		return false
	}
	for _, ct := range cs {
		if strings.Contains(collapse(ct.Quote), t) {
			return true
		}
	}
	if len(cs) > 0 {
		c.add(Problem{Path: at, ID: id, Field: field, Value: abbreviate(t), Message: field + " does not appear in any of the record's quotes"})
	}
	return false
}

// date checks an optional date of a fact or statement: well formed, and
// not after the day the record was first reported.
func (c *checker) date(at, id, d string, known Date) {
	switch {
	case d == "":
	case !validDate(d):
		c.add(Problem{Path: at, ID: id, Field: "date", Value: d, Message: "date must be written like 2017-05-12, 2017-05 or 2017"})
	case known != "" && Date(firstDay(d)) > known:
		c.add(Problem{Path: at, ID: id, Field: "date", Value: d, Message: fmt.Sprintf("date is after the first report of it (%s)", known)})
	}
}

// firstDay returns the first day a date can mean: "2017-05" is 2017-05-01.
func firstDay(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return d
}
