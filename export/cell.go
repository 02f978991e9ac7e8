package export

import "github.com/fundflow/fundflow/flow"

// text guards a text cell against formula injection (OWASP "CSV
// injection"): spreadsheets run a cell that starts with =, +, - or @ as a
// formula, and some treat a leading tab or carriage return the same way.
// Such a cell gets a leading apostrophe, which spreadsheets take as "this
// is text" and do not show. A cell starting with - that is a plain number
// is left alone, since it cannot be a formula.
func text(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if !number(s) {
			return "'" + s
		}
	}
	return s
}

// number reports whether s is a plain decimal number: an optional minus,
// digits, and optionally a point and more digits.
func number(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point && digits > 0 && i < len(s)-1:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// pounds is an amount cell: plain decimal pounds as the API writes them,
// or empty when the figure is unknown. Never guarded: it is a number.
func pounds(p *flow.Pence) string {
	if p == nil {
		return ""
	}
	return p.Pounds()
}

// moneyColumns are the column names of one amount, after a prefix
// ("planned" gives plannedLow...); with no prefix, amount, low, high,
// qualifier, phrase.
func moneyColumns(prefix string) []string {
	if prefix == "" {
		return []string{"amount", "low", "high", "qualifier", "phrase"}
	}
	return []string{prefix, prefix + "Low", prefix + "High", prefix + "Qualifier", prefix + "Phrase"}
}

// money is the cells of moneyColumns for m; all empty when m is nil.
func money(m *flow.Money) []string {
	if m == nil {
		return make([]string, 5)
	}
	return []string{pounds(m.Amount), pounds(m.Low), pounds(m.High), string(m.Qualifier), text(m.Phrase)}
}
