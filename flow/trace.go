package flow

// Normalized fills in defaults and rejects out-of-range limits, so every
// backend receives the same, bounded question.
func (q TraceQuery) Normalized() (TraceQuery, error) {
	if q.From == "" {
		return q, Errorf(EINVALID, "trace: from is required")
	}
	switch {
	case q.MaxHops == 0:
		q.MaxHops = DefaultMaxHops
	case q.MaxHops < 1:
		return q, Errorf(EINVALID, "trace: maxHops must be at least 1, got %d", q.MaxHops)
	case q.MaxHops > MaxHopsCap:
		return q, Errorf(ETOOLARGE, "trace: maxHops may be at most %d, got %d", MaxHopsCap, q.MaxHops)
	}
	switch {
	case q.Limit == 0:
		q.Limit = DefaultTraceLimit
	case q.Limit < 1:
		return q, Errorf(EINVALID, "trace: first must be positive, got %d", q.Limit)
	case q.Limit > MaxTraceLimit:
		return q, Errorf(ETOOLARGE, "trace: first may be at most %d, got %d", MaxTraceLimit, q.Limit)
	}
	for _, k := range q.Kinds {
		if !k.Valid() {
			return q, Errorf(EINVALID, "trace: unknown flow kind %q", k)
		}
	}
	return q, nil
}

// Bottleneck returns the smallest amount along the path, bound by bound:
// no more than that can have travelled the whole way.
func (p Path) Bottleneck() Money {
	var b Money
	for i, f := range p.Hops {
		if i == 0 {
			b = f.Amount
			continue
		}
		a := f.Amount
		if a.Amount < b.Amount {
			b.Amount = a.Amount
		}
		b.Low, b.High = minBound(b.Low, a.Low), minBound(b.High, a.High)
		if a.Qualifier != Exact || b.Qualifier != Exact {
			b.Qualifier = Range
		}
	}
	if b.Qualifier == Exact && len(p.Hops) > 1 && (b.Low == nil || *b.Low != b.Amount || b.High == nil || *b.High != b.Amount) {
		b.Qualifier = Range
	}
	return b
}

// minBound is the smaller of two bounds; an unknown bound is unbounded.
func minBound(a, b *Pence) *Pence {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case *b < *a:
		return b
	}
	return a
}

// SendsOnMore reports, for each hop, whether it sends on more than the hop
// before it brought in (stated amounts): a sign that the path mixes money
// from elsewhere, or that the figures do not add up.
func (p Path) SendsOnMore() []bool {
	out := make([]bool, len(p.Hops))
	for i := 1; i < len(p.Hops); i++ {
		out[i] = p.Hops[i].Amount.Amount > p.Hops[i-1].Amount.Amount
	}
	return out
}

// Length returns the number of hops.
func (p Path) Length() int { return len(p.Hops) }
