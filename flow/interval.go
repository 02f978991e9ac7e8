package flow

// Compatible reports whether two amounts can describe the same value: their
// intervals overlap (an unknown bound is open), and two exact figures are
// equal. Claims that are compatible agree; claims that are not cannot both
// be true.
func (m Money) Compatible(o Money) bool {
	_, ok := m.Intersect(o)
	return ok
}

// Intersect returns the interval both amounts allow, and false when they
// allow none. The result is EXACT when both are the same exact figure, and
// otherwise a RANGE over the common bounds with the common point, if the
// two state the same one.
func (m Money) Intersect(o Money) (Money, bool) {
	r := Money{Currency: m.Currency, Qualifier: Range, Low: maxBound(m.Low, o.Low), High: minBound(m.High, o.High)}
	if r.Low != nil && r.High != nil && *r.Low > *r.High {
		return r, false
	}
	switch {
	case m.Amount != nil && o.Amount != nil && *m.Amount == *o.Amount:
		r.Amount = m.Amount
	case m.Qualifier == Exact && m.Amount != nil:
		r.Amount = m.Amount
	case o.Qualifier == Exact && o.Amount != nil:
		r.Amount = o.Amount
	}
	if r.Amount != nil && r.Low != nil && r.High != nil && *r.Low == *r.Amount && *r.High == *r.Amount {
		r.Qualifier = Exact
	}
	return r, true
}

// Hull returns the smallest interval holding both amounts: what two
// conflicting claims say between them. It has no point unless both state
// the same one.
func (m Money) Hull(o Money) Money {
	r := Money{Currency: m.Currency, Qualifier: Range}
	if m.Low != nil && o.Low != nil {
		r.Low = minBound(m.Low, o.Low)
	}
	if m.High != nil && o.High != nil {
		r.High = maxBound(m.High, o.High)
	}
	if m.Amount != nil && o.Amount != nil && *m.Amount == *o.Amount {
		r.Amount = m.Amount
	}
	return r
}

// maxBound is the larger of two bounds; an unknown bound is unbounded.
func maxBound(a, b *Pence) *Pence {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case *b > *a:
		return b
	}
	return a
}
