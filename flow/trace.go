package flow

// Walk checks q and fills in its defaults, so every backend receives the
// same, bounded question.
func (q TraceQuery) Walk() (TraceWalk, error) {
	w := TraceWalk{From: q.From, To: q.To, Kinds: q.Kinds, AsOf: q.AsOf, MaxHops: DefaultMaxHops, Limit: DefaultTraceLimit, Steps: TraceStepBudget}
	if q.From == "" {
		return w, Errorf(EINVALID, "trace: from is required")
	}
	var err error
	if w.MaxHops, err = bounded("maxHops", q.MaxHops, DefaultMaxHops, MaxHopsCap); err != nil {
		return w, err
	}
	if w.Limit, err = bounded("first", q.Limit, DefaultTraceLimit, MaxTraceLimit); err != nil {
		return w, err
	}
	for _, k := range q.Kinds {
		if !k.Valid() {
			return w, Errorf(EINVALID, "trace: unknown flow kind %q", k)
		}
	}
	return w, nil
}

// bounded checks an optional size: nil is def, and a given value must lie
// in 1..limit (EINVALID below, ETOOLARGE above).
func bounded(name string, n *int, def, limit int) (int, error) {
	switch {
	case n == nil:
		return def, nil
	case *n < 1:
		return 0, Errorf(EINVALID, "%s must be at least 1, got %d", name, *n)
	case *n > limit:
		return 0, Errorf(ETOOLARGE, "%s may be at most %d, got %d", name, limit, *n)
	}
	return *n, nil
}

// Bottleneck returns the smallest amount along the path, bound by bound:
// no more than that can have travelled the whole way. Its point is the
// smallest stated point, and nil if any hop states none.
func (p Path) Bottleneck() Money {
	var b Money
	for i, f := range p.Hops {
		if i == 0 {
			b = f.Amount
			continue
		}
		a := f.Amount
		b.Amount = minPoint(b.Amount, a.Amount)
		b.Low, b.High = minBound(b.Low, a.Low), minBound(b.High, a.High)
		b.Phrase = ""
		if a.Qualifier != Exact || b.Qualifier != Exact {
			b.Qualifier = Range
		}
	}
	if b.Qualifier == Exact && len(p.Hops) > 1 && (b.Amount == nil || b.Low == nil || *b.Low != *b.Amount || b.High == nil || *b.High != *b.Amount) {
		b.Qualifier = Range
	}
	return b
}

// minPoint is the smaller of two points, unknown if either is.
func minPoint(a, b *Pence) *Pence {
	if a == nil || b == nil {
		return nil
	}
	return minBound(a, b)
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
// before it brought in: a sign that the path mixes money from elsewhere,
// or that the figures do not add up. Hops compare by their points, or by
// their lower bounds against the previous hop's upper bound where a point
// is not stated, so that only a certain excess is reported.
func (p Path) SendsOnMore() []bool {
	out := make([]bool, len(p.Hops))
	for i := 1; i < len(p.Hops); i++ {
		prev, next := p.Hops[i-1].Amount, p.Hops[i].Amount
		in, out1 := prev.High, next.Low
		if prev.Amount != nil {
			in = prev.Amount
		}
		if next.Amount != nil {
			out1 = next.Amount
		}
		out[i] = in != nil && out1 != nil && *out1 > *in
	}
	return out
}

// Length returns the number of hops.
func (p Path) Length() int { return len(p.Hops) }
