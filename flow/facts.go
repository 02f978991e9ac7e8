package flow

// The records of facts that are not money: the people the sources quote,
// what each said, and the counts the sources give (trusts, GP practices,
// appointments). Each is cited to the exact sentence of a source, like
// every money figure.

// The kinds of record that are not money. Ids are unique across these and
// every other kind.
const (
	KindPerson    RecordKind = "person"
	KindFact      RecordKind = "fact"
	KindStatement RecordKind = "statement"
)

// Person is someone a source names or quotes: a named official ("Will
// Smart") or an unnamed one ("a DHSC spokesman"). Role and organisation
// are the source's words, not the curator's knowledge.
type Person struct {
	ID   string
	Name string
	// Aliases are the other ways the sources refer to the person ("Mr
	// Smart", "Dr Eccles").
	Aliases []string
	// Role is the post the source gives ("chief information officer").
	Role string
	// OrganisationID names the organisation the source places the person
	// in, or is empty when the source names none.
	OrganisationID string
	Description    string
	Dataset        string
}

// NodeID implements Node.
func (p *Person) NodeID() string { return p.ID }

// NodeName implements Node.
func (p *Person) NodeName() string { return p.Name }

// NodeAliases implements Entity.
func (p *Person) NodeAliases() []string { return p.Aliases }

// SearchTexts returns the texts a search may match a person by.
func (p *Person) SearchTexts() []string {
	return nonEmpty(append(append([]string{p.Name}, p.Aliases...), p.Role, p.Description))
}

// Fact is a count a source states about an entity: the 23 digital exemplar
// trusts, the at least 81 trusts WannaCry infected. A count is not money:
// it has its own bounds, and where the source gives only a phrase
// ("hundreds of GP practices") it has no point value at all.
type Fact struct {
	ID string
	// SubjectID names the entity the count describes: a fund, programme,
	// organisation or person.
	SubjectID string
	// Counted says what is counted ("NHS trusts infected by the WannaCry
	// ransomware attack").
	Counted string
	// Stated is the source's own words for the count ("at least 81
	// trusts"); it appears in one of the citations' quotes.
	Stated string
	Count  Count
	// Date is when the count held, as precisely as known ("2017-05"), or
	// empty when only the report's own date is known.
	Date      string
	Status    Status
	Citations []Citation
	Note      string
	Dataset   string
	// KnownFrom is the day the count was first reported.
	KnownFrom Date
}

// SearchTexts returns the texts a search may match a fact by.
func (f *Fact) SearchTexts() []string {
	return nonEmpty(append([]string{f.Counted, f.Stated, f.Note}, quotes(f.Citations)...))
}

// StatementForm says whether a statement gives the person's own words.
type StatementForm string

// The forms of statement. Only a DIRECT statement may be printed as the
// person's words; a REPORTED one is the source's account of them.
const (
	DirectSpeech   StatementForm = "DIRECT"   // the person's words, in quotation marks in the source
	ReportedSpeech StatementForm = "REPORTED" // the source's account of what the person said
)

// StatementForms lists every form in schema order.
var StatementForms = []StatementForm{DirectSpeech, ReportedSpeech}

// Valid reports whether f is a declared form.
func (f StatementForm) Valid() bool { return oneOf(f, StatementForms) }

// Statement is something a person said, as a source reports it.
type Statement struct {
	ID string
	// PersonID names who said it.
	PersonID string
	// Said is what they said, exactly as in the source: the quoted words
	// for DIRECT speech, the source's clause for REPORTED speech. It
	// appears in one of the citations' quotes.
	Said string
	Form StatementForm
	// Date is when it was said, as precisely as known; when the curator
	// gives none it is the publication date of the first cited source.
	Date string
	// AboutIDs name the entities the statement is about, if any.
	AboutIDs  []string
	Citations []Citation
	Note      string
	Dataset   string
	// KnownFrom is the day the statement was first reported.
	KnownFrom Date
}

// SearchTexts returns the texts a search may match a statement by.
func (s *Statement) SearchTexts() []string {
	return nonEmpty(append([]string{s.Said, s.Note}, quotes(s.Citations)...))
}

func quotes(cs []Citation) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Quote
	}
	return out
}

func nonEmpty(xs []string) []string {
	out := xs[:0:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}
