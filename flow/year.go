package flow

import (
	"fmt"
	"strconv"
)

// FinancialYear is a UK public-sector financial year, April to March,
// written "2017-18" (1 April 2017 to 31 March 2018).
type FinancialYear string

// ParseFinancialYear accepts only the "2017-18" form: the second part must be
// the year after the first, so "2017/2018", "2017-2018" and "2017-19" are
// rejected rather than guessed at.
func ParseFinancialYear(s string) (FinancialYear, error) {
	if len(s) != 7 || s[4] != '-' {
		return "", fmt.Errorf("financial year %q must be written like 2017-18 (April 2017 to March 2018)", s)
	}
	start, err1 := strconv.Atoi(s[:4])
	end, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || s[0] == '+' || s[5] == '+' || s[5] == '-' {
		return "", fmt.Errorf("financial year %q must be written like 2017-18 (April 2017 to March 2018)", s)
	}
	if start < 1900 || start > 2199 {
		return "", fmt.Errorf("financial year %q starts outside 1900-2199", s)
	}
	if (start+1)%100 != end {
		return "", fmt.Errorf("financial year %q must end the year after it starts: %d-%02d", s, start, (start+1)%100)
	}
	return FinancialYear(s), nil
}

// StartYear returns the calendar year in which fy begins (2017 for "2017-18").
func (fy FinancialYear) StartYear() int {
	n, _ := strconv.Atoi(string(fy[:4]))
	return n
}
