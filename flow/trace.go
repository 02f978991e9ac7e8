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

// Bottleneck returns the smallest stated amount along the path: no more than
// that can have travelled the whole way.
func (p Path) Bottleneck() Money {
	var min Money
	for i, f := range p.Hops {
		if i == 0 || f.Amount.Amount < min.Amount {
			min = f.Amount
		}
	}
	return min
}

// Length returns the number of hops.
func (p Path) Length() int { return len(p.Hops) }
