package flow

// Dataset is one curated, self-contained set of records, loaded and replaced
// as a whole: every reference in it resolves within it.
type Dataset struct {
	ID            string
	Title         string
	Funds         []*Fund
	Programmes    []*Programme
	Organisations []*Organisation
	Sources       []*Source
	Flows         []*Flow
	BudgetLines   []*BudgetLine
	// Links say which claims describe one movement of money, and which
	// movements are parts of another figure.
	Links []*Link
	// People, Facts and Statements are the records that are not money:
	// who the sources quote, the counts they give, and what was said.
	People     []*Person
	Facts      []*Fact
	Statements []*Statement
	// SourceTexts holds the full text of source documents by source id, when
	// the curator bundled them, so that every quote can be checked against
	// the document it claims to come from. Normalize gives each source its
	// text (Source.Text), which is stored with it, so that quotes written
	// later through the API are checked against the same text.
	SourceTexts map[string]string
}

// Counts is how many records of each kind a dataset or store holds.
type Counts struct {
	Funds         int
	Programmes    int
	Organisations int
	Sources       int
	Flows         int
	BudgetLines   int
	Links         int
	People        int
	Facts         int
	Statements    int
	Citations     int
}

// Total is the number of records of every kind, citations excluded.
func (c Counts) Total() int {
	return c.Funds + c.Programmes + c.Organisations + c.Sources + c.Flows + c.BudgetLines + c.Links +
		c.People + c.Facts + c.Statements
}

// Counts returns how many records of each kind d holds.
func (d *Dataset) Counts() Counts {
	c := Counts{
		Funds: len(d.Funds), Programmes: len(d.Programmes), Organisations: len(d.Organisations),
		Sources: len(d.Sources), Flows: len(d.Flows), BudgetLines: len(d.BudgetLines), Links: len(d.Links),
		People: len(d.People), Facts: len(d.Facts), Statements: len(d.Statements),
	}
	for _, f := range d.Flows {
		c.Citations += len(f.Citations)
	}
	for _, b := range d.BudgetLines {
		c.Citations += len(b.Citations)
	}
	for _, l := range d.Links {
		c.Citations += len(l.Citations)
	}
	for _, f := range d.Facts {
		c.Citations += len(f.Citations)
	}
	for _, s := range d.Statements {
		c.Citations += len(s.Citations)
	}
	return c
}

// Normalize fills in defaults (currency, qualifier bounds) so that what is
// validated is exactly what is stored.
func (d *Dataset) Normalize() {
	published := map[string]Date{}
	for _, s := range d.Sources {
		if validDate(s.Published) {
			published[s.ID] = LatestDay(s.Published)
		}
	}
	dates := func(cs []Citation) Date {
		for i := range cs {
			cs[i].Published = published[cs[i].SourceID]
		}
		return Earliest(cs)
	}
	for _, f := range d.Flows {
		f.Dataset = d.ID
		f.Amount = f.Amount.Normalized()
		f.Measure = MeasureOf(f.Kind, f.Status)
		f.KnownFrom = dates(f.Citations)
	}
	for _, l := range d.Links {
		l.Dataset = d.ID
		l.KnownFrom = dates(l.Citations)
	}
	for _, b := range d.BudgetLines {
		b.Dataset = d.ID
		b.KnownFrom = dates(b.Citations)
		for _, m := range []**Money{&b.Planned, &b.Forecast, &b.Actual, &b.Variance} {
			if *m != nil {
				n := (*m).Normalized()
				*m = &n
			}
		}
	}
	for _, f := range d.Funds {
		f.Dataset = d.ID
	}
	for _, p := range d.Programmes {
		p.Dataset = d.ID
	}
	for _, o := range d.Organisations {
		o.Dataset = d.ID
	}
	for _, s := range d.Sources {
		s.Dataset = d.ID
		switch text, ok := d.SourceTexts[s.ID]; {
		case ok:
			s.Text = text
		case s.Text != "":
			if d.SourceTexts == nil {
				d.SourceTexts = map[string]string{}
			}
			d.SourceTexts[s.ID] = s.Text
		}
	}
	d.normalizeFacts(dates)
}

// IDs returns the id of every record in d, in document order.
func (d *Dataset) IDs() []string {
	ids := make([]string, 0, d.Counts().Total())
	for _, f := range d.Funds {
		ids = append(ids, f.ID)
	}
	for _, p := range d.Programmes {
		ids = append(ids, p.ID)
	}
	for _, o := range d.Organisations {
		ids = append(ids, o.ID)
	}
	for _, s := range d.Sources {
		ids = append(ids, s.ID)
	}
	for _, f := range d.Flows {
		ids = append(ids, f.ID)
	}
	for _, b := range d.BudgetLines {
		ids = append(ids, b.ID)
	}
	for _, l := range d.Links {
		ids = append(ids, l.ID)
	}
	for _, p := range d.People {
		ids = append(ids, p.ID)
	}
	for _, f := range d.Facts {
		ids = append(ids, f.ID)
	}
	for _, s := range d.Statements {
		ids = append(ids, s.ID)
	}
	return ids
}

// BudgetFlows returns every budget line's figures as BUDGET_LINE flows.
func (d *Dataset) BudgetFlows() []*Flow {
	fund := map[string]string{}
	for _, p := range d.Programmes {
		fund[p.ID] = p.FundID
	}
	var out []*Flow
	for _, b := range d.BudgetLines {
		out = append(out, b.Flows(fund[b.ProgrammeID])...)
	}
	return out
}
