package flow

import (
	"fmt"
)

// Currency is the only currency the NHS dataset uses. Money still carries it
// explicitly so that a figure never travels without its unit.
const CurrencyGBP = "GBP"

// Qualifier says how a stated figure relates to the true value.
type Qualifier string

// The qualifiers found in the reports. The bounds each implies are filled in
// by Money.Normalized.
const (
	Exact      Qualifier = "EXACT"       // "£202.6m": the figure is the value
	About      Qualifier = "ABOUT"       // "about £250m": close to the figure
	AtLeast    Qualifier = "AT_LEAST"    // "more than quarter of billion"
	AtMost     Qualifier = "AT_MOST"     // "the actual sum ... was lower"
	MajorityOf Qualifier = "MAJORITY_OF" // "most of this money": over half the figure
	Range      Qualifier = "RANGE"       // "hundreds of millions": between low and high
)

// Qualifiers lists every qualifier, in the order the schema declares them.
var Qualifiers = []Qualifier{Exact, About, AtLeast, AtMost, MajorityOf, Range}

// Money is an amount with its uncertainty. Amount is the point figure the
// source states ("£202.6m", "about £250m"), and nil when the source states
// none: "hundreds of millions", "lower than £1bn", "the majority of £81m".
// Low and High, when known, bound the true value; Qualifier relates the
// two; Phrase keeps the source's own words for a figure without a point, so
// that nothing shown is a number the source did not give.
type Money struct {
	Amount    *Pence
	Currency  string
	Low       *Pence
	High      *Pence
	Qualifier Qualifier
	Phrase    string
}

// GBP returns an exact amount in pounds sterling.
func GBP(p Pence) Money {
	return Money{Amount: ptr(p), Currency: CurrencyGBP, Qualifier: Exact, Low: ptr(p), High: ptr(p)}
}

func ptr(p Pence) *Pence { return &p }

// Normalized fills in the bounds a qualifier implies and leaves explicit
// bounds alone: EXACT is its own bounds; AT_LEAST starts at the figure;
// AT_MOST ends at it (and starts at zero for a non-negative amount);
// MAJORITY_OF lies above half of its upper bound (the figure it is the
// majority of); ABOUT lies within a tenth of the figure.
func (m Money) Normalized() Money {
	if m.Currency == "" {
		m.Currency = CurrencyGBP
	}
	if m.Qualifier == "" {
		m.Qualifier = Exact
	}
	switch m.Qualifier {
	case Exact:
		if m.Amount != nil {
			m.Low, m.High = orPtr(m.Low, *m.Amount), orPtr(m.High, *m.Amount)
		}
	case AtLeast:
		if m.Amount != nil {
			m.Low = orPtr(m.Low, *m.Amount)
		}
	case AtMost:
		if m.Amount != nil {
			m.High = orPtr(m.High, *m.Amount)
		}
		if m.High != nil && *m.High >= 0 {
			m.Low = orPtr(m.Low, 0)
		}
	case MajorityOf:
		if m.Amount != nil {
			m.High = orPtr(m.High, *m.Amount)
		}
		if m.High != nil {
			m.Low = orPtr(m.Low, (*m.High+1)/2)
		}
	case About:
		// "About £250m" is read as within a tenth of the figure unless the
		// curator gives bounds, so that sums can carry its uncertainty.
		if m.Amount != nil {
			tenth := *m.Amount / 10
			if tenth < 0 {
				tenth = -tenth
			}
			m.Low = orPtr(m.Low, *m.Amount-tenth)
			m.High = orPtr(m.High, *m.Amount+tenth)
		}
	}
	return m
}

func orPtr(p *Pence, v Pence) *Pence {
	if p != nil {
		return p
	}
	return ptr(v)
}

// MaxAmount is the ceiling on every amount and bound a load or a write
// records: £10 trillion, far above any public budget. It keeps every
// figure, and every sum of up to 9,223 of them, well inside what Pence
// holds, so that no reader's total can be broken by one absurd figure; a
// sum that still overflows is refused with LIMIT_EXCEEDED (see CheckedAdd).
const MaxAmount Pence = 10_000_000_000_000 * 100

// Check reports every rule m breaks. path names m in its record
// ("flows[3].amount") so the loader can point at the line.
func (m Money) Check(path string, allowNegative bool) []Problem {
	var ps []Problem
	base := lastSegment(path)
	bad := func(field, value, msg string) {
		name := base + field
		if field == ".value" {
			name = base
		}
		ps = append(ps, Problem{Path: path + field, Field: name, Value: value, Message: msg})
	}
	if m.Currency != CurrencyGBP {
		bad(".currency", m.Currency, "currency must be GBP")
	}
	if !m.Qualifier.Valid() {
		bad(".qualifier", string(m.Qualifier), "unknown qualifier; want one of EXACT, ABOUT, AT_LEAST, AT_MOST, MAJORITY_OF, RANGE")
		return ps
	}
	if m.Amount == nil {
		switch {
		case m.Qualifier == Exact || m.Qualifier == About:
			bad(".value", "", "an "+string(m.Qualifier)+" amount needs its figure; a phrase with bounds is a RANGE, AT_LEAST, AT_MOST or MAJORITY_OF")
		case m.Low == nil && m.High == nil:
			bad(".value", "", "an amount without a figure needs a bound: low, high or both")
		case m.Phrase == "":
			bad(".phrase", "", "an amount without a figure needs the source's phrase for it (\"hundreds of millions\")")
		}
	}
	for _, v := range []struct {
		field string
		p     *Pence
	}{{".value", m.Amount}, {".low", m.Low}, {".high", m.High}} {
		// A bound equal to the amount is the same figure, reported once.
		if v.p != nil && (*v.p > MaxAmount || *v.p < -MaxAmount) && (v.field == ".value" || m.Amount == nil || *v.p != *m.Amount) {
			bad(v.field, v.p.String(), "amounts may not exceed £10 trillion (10000000000000 pounds) either way")
		}
	}
	if !allowNegative {
		if m.Amount != nil && *m.Amount < 0 {
			bad(".value", m.Amount.String(), "amount must not be negative")
		}
		if m.Low != nil && *m.Low < 0 && (m.Amount == nil || *m.Amount >= 0) {
			bad(".low", m.Low.String(), "lower bound must not be negative")
		}
	}
	if m.Amount != nil && m.Low != nil && *m.Low > *m.Amount {
		bad(".low", m.Low.String(), fmt.Sprintf("lower bound is above the amount %s", m.Amount))
	}
	if m.Amount != nil && m.High != nil && *m.High < *m.Amount {
		bad(".high", m.High.String(), fmt.Sprintf("upper bound is below the amount %s", m.Amount))
	}
	if m.Low != nil && m.High != nil && *m.Low > *m.High {
		bad(".low", m.Low.String(), fmt.Sprintf("lower bound is above the upper bound %s", m.High))
	}
	switch m.Qualifier {
	case Exact:
		if m.Amount != nil && ((m.Low != nil && *m.Low != *m.Amount) || (m.High != nil && *m.High != *m.Amount)) {
			bad(".qualifier", string(m.Qualifier), "an EXACT amount cannot have bounds other than itself; use ABOUT or RANGE")
		}
	case Range:
		if m.Low == nil || m.High == nil {
			bad(".qualifier", string(m.Qualifier), "a RANGE needs both low and high")
		}
	case MajorityOf:
		if m.High == nil {
			bad(".qualifier", string(m.Qualifier), "MAJORITY_OF needs the figure it is the majority of, as high")
		}
	}
	return ps
}

func lastSegment(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[i+1:]
		}
	}
	return path
}

// Valid reports whether q is one of the declared qualifiers.
func (q Qualifier) Valid() bool { return oneOf(q, Qualifiers) }

// Neg returns -m: bounds swap and AT_LEAST becomes AT_MOST, so "at least
// £250m unspent" reads as a variance of at most -£250m.
func (m Money) Neg() Money {
	n := Money{Currency: m.Currency, Qualifier: m.Qualifier, Phrase: m.Phrase}
	if m.Amount != nil {
		n.Amount = ptr(-*m.Amount)
	}
	if m.High != nil {
		n.Low = ptr(-*m.High)
	}
	if m.Low != nil {
		n.High = ptr(-*m.Low)
	}
	switch m.Qualifier {
	case AtLeast:
		n.Qualifier = AtMost
	case AtMost:
		n.Qualifier = AtLeast
	case MajorityOf:
		n.Qualifier = Range
	}
	return n
}

// Add sums two amounts and their bounds (interval arithmetic): the sum is
// EXACT only when both are, and otherwise a RANGE whose bounds are known
// where both operands' are (an unknown bound stays unknown). Its point is
// the sum of the points, or nil where either has none: a sum never shows a
// figure that its parts do not state. It fails on mixed currencies, and
// with LIMIT_EXCEEDED when the amount or a bound overflows: a bound is
// never silently dropped.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, Errorf(EINVALID, "cannot add %s to %s", o.Currency, m.Currency)
	}
	r := Money{Currency: m.Currency, Qualifier: Range}
	if m.Qualifier == Exact && o.Qualifier == Exact {
		r.Qualifier = Exact
	}
	var err error
	if r.Amount, err = addBounds(m.Amount, o.Amount); err != nil {
		return Money{}, err
	}
	if r.Low, err = addBounds(m.Low, o.Low); err != nil {
		return Money{}, err
	}
	if r.High, err = addBounds(m.High, o.High); err != nil {
		return Money{}, err
	}
	if r.Qualifier == Exact && r.Amount == nil {
		r.Qualifier = Range
	}
	return r, nil
}

// addBounds adds two optional figures: unknown if either is.
func addBounds(a, b *Pence) (*Pence, error) {
	if a == nil || b == nil {
		return nil, nil
	}
	s, err := CheckedAdd(*a, *b)
	return &s, err
}

// Sub returns m - o with the same interval arithmetic as Add.
func (m Money) Sub(o Money) (Money, error) { return m.Add(o.Neg()) }

// String renders m for people: "£250m (ABOUT; £225m–£275m)", or for an
// amount without a point figure the source's phrase with its bounds:
// "hundreds of millions (RANGE; £100m–£1bn)".
func (m Money) String() string {
	var s string
	switch {
	case m.Amount != nil:
		s = m.Amount.String()
	case m.Phrase != "":
		s = m.Phrase
	default:
		s = "an amount"
	}
	if m.Qualifier != Exact && m.Qualifier != "" {
		s += " (" + string(m.Qualifier)
		if m.Low != nil || m.High != nil {
			s += "; " + boundString(m.Low) + "–" + boundString(m.High)
		}
		s += ")"
	}
	return s
}

func boundString(p *Pence) string {
	if p == nil {
		return "?"
	}
	return p.String()
}
