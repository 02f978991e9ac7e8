package flow

import "strings"

// LinkKind says how a link relates the claims it names.
type LinkKind string

// The kinds of link.
const (
	// Same links claims that describe one movement of money: two sources'
	// figures for it, or a plan restated as a budget line's planned figure.
	// Totals add the movement once, with the interval its claims jointly
	// support.
	Same LinkKind = "SAME"
	// PartOf links movements to a figure that contains them, as the source
	// states: the diversions paid for the £63.7m rise, the local shortfall
	// is part of the £1bn. Together the parts never add beyond the whole.
	PartOf LinkKind = "PART_OF"
)

// LinkKinds lists every kind of link in schema order.
var LinkKinds = []LinkKind{Same, PartOf}

// Link is a cited statement that claims are related: one movement with
// several claims (SAME), or parts of a whole (PART_OF). Claims are named by
// figure: a flow's id, or a budget line's figure as "LINE:planned",
// "LINE:forecast", "LINE:actual" or "LINE:variance".
type Link struct {
	ID   string
	Kind LinkKind
	// Whole is the figure a PART_OF link's claims are part of.
	Whole string
	// Claims are the figures the link relates: for SAME, the claims of one
	// movement; for PART_OF, the parts.
	Claims    []string
	Note      string
	Citations []Citation
	Dataset   string
	// KnownFrom is the day the link was first reported.
	KnownFrom Date
}

// Figures returns every figure the link names, the whole first.
func (l *Link) Figures() []string {
	if l.Whole == "" {
		return l.Claims
	}
	return append([]string{l.Whole}, l.Claims...)
}

// figureSuffixes are the figures of a budget line a link can name.
var figureSuffixes = map[string]BudgetMeasure{":planned": LinePlanned, ":forecast": "", ":actual": LineActual, ":variance": LineVariance}

// SplitFigure parses a figure name into the record it belongs to and, for a
// budget line's figure, the figure's suffix ("planned"); a flow's id has
// none.
func SplitFigure(figure string) (record, suffix string) {
	if i := strings.LastIndexByte(figure, ':'); i > 0 {
		if _, ok := figureSuffixes[figure[i:]]; ok {
			return figure[:i], figure[i+1:]
		}
	}
	return figure, ""
}

// Figure returns the money a budget line states or derives for a suffix
// ("planned", "forecast", "actual", "variance"), or nil.
func (b *BudgetLine) Figure(suffix string) *Money {
	r := b.Resolve()
	switch suffix {
	case "planned":
		return r.Planned
	case "forecast":
		return b.Forecast
	case "actual":
		return r.Actual
	case "variance":
		return r.Variance
	}
	return nil
}
