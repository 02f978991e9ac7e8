package flow

import "time"

// Today returns the day t falls on in UTC. No date a load or a write
// records may lie after it: a source cannot have been published tomorrow.
// The service passes its own clock's day, so that tests can fix it.
func Today(t time.Time) Date { return Date(t.UTC().Format("2006-01-02")) }

// EarliestDay returns the first day a publication date can mean: "2018-07"
// is read as 2018-07-01 and "2018" as 2018-01-01, so that a source dated
// only by this month or this year is not taken to lie in the future.
func EarliestDay(published string) Date {
	switch len(published) {
	case 4:
		return Date(published + "-01-01")
	case 7:
		return Date(published + "-01")
	}
	return Date(published)
}

// afterToday reports whether a well-formed publication date lies after
// today; with no today (a check without a clock) nothing does.
func afterToday(published string, today Date) bool {
	return today != "" && EarliestDay(published) > today
}
