package export

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/fundflow/fundflow/flow"
)

// params reads an export's URL query parameters, collecting every problem
// rather than stopping at the first, and remembers which it read so that
// the rest can be refused as unknown.
type params struct {
	v        url.Values
	read     map[string]bool
	problems []flow.Problem
}

func newParams(v url.Values) *params { return &params{v: v, read: map[string]bool{}} }

// bad records a problem with one value of a parameter.
func (p *params) bad(name, value, format string, args ...any) {
	p.problems = append(p.problems, flow.Problem{Field: name, Value: value, Message: fmt.Sprintf(format, args...)})
}

// list returns every value of a repeatable parameter; an empty value is a
// problem.
func (p *params) list(name string) []string {
	p.read[name] = true
	vs := p.v[name]
	var out []string
	for _, s := range vs {
		if s == "" {
			p.bad(name, s, "must not be empty")
			continue
		}
		out = append(out, s)
	}
	return out
}

// one returns the value of a parameter given at most once, or "".
func (p *params) one(name string) string {
	vs := p.list(name)
	if len(vs) > 1 {
		p.bad(name, strings.Join(vs, ","), "may be given once, got %d values", len(vs))
		return ""
	}
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// ids returns a repeatable id parameter, nil when absent.
func (p *params) ids(name string) []string { return p.list(name) }

// id returns a single id parameter as a list of it, nil when absent.
func (p *params) id(name string) []string {
	if s := p.one(name); s != "" {
		return []string{s}
	}
	return nil
}

// year returns a financial year parameter ("2017-18").
func (p *params) year(name string) flow.FinancialYear {
	s := p.one(name)
	if s == "" {
		return ""
	}
	y, err := flow.ParseFinancialYear(s)
	if err != nil {
		p.bad(name, s, "want a financial year written like 2017-18")
		return ""
	}
	return y
}

// date returns a day parameter ("2018-01-31").
func (p *params) date(name string) flow.Date {
	s := p.one(name)
	if s == "" {
		return ""
	}
	d, err := flow.ParseDate(s)
	if err != nil {
		p.bad(name, s, "want a day written like 2018-01-31")
		return ""
	}
	return d
}

// decimal returns an amount parameter in plain decimal pounds.
func (p *params) decimal(name string) *flow.Pence {
	s := p.one(name)
	if s == "" {
		return nil
	}
	d, err := flow.ParseDecimal(s)
	if err != nil {
		p.bad(name, s, "want plain decimal pounds, like 81000000 or 5.10")
		return nil
	}
	return &d
}

// flag returns a yes-or-no parameter: 1 or true, 0 or false.
func (p *params) flag(name string) bool {
	switch s := p.one(name); s {
	case "", "0", "false":
		return false
	case "1", "true":
		return true
	default:
		p.bad(name, s, "want 1 or 0")
		return false
	}
}

// enums returns a repeatable parameter whose values must be among all.
func enums[T ~string](p *params, name string, all []T) []T {
	var out []T
	for _, s := range p.list(name) {
		if !oneOf(T(s), all) {
			p.bad(name, s, "want one of %s", join(all))
			continue
		}
		out = append(out, T(s))
	}
	return out
}

// orders reads orderBy: each value a field, or a field and a direction
// after a colon ("AMOUNT:DESC"), in key order.
func orders[F ~string](p *params, fields []F) (fs []F, desc []bool) {
	for _, s := range p.list("orderBy") {
		field, dir, _ := strings.Cut(s, ":")
		if !oneOf(F(field), fields) {
			p.bad("orderBy", s, "want a field (%s), optionally with :ASC or :DESC", join(fields))
			continue
		}
		switch dir {
		case "", "ASC", "DESC":
		default:
			p.bad("orderBy", s, "the direction after : must be ASC or DESC")
			continue
		}
		fs, desc = append(fs, F(field)), append(desc, dir == "DESC")
	}
	return fs, desc
}

// check refuses every parameter that was not read, and returns all the
// problems found as one INVALID error naming the list.
func (p *params) check(list string) error {
	var unknown []string
	for name := range p.v {
		if !p.read[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		var known []string
		for k := range p.read {
			known = append(known, k)
		}
		sort.Strings(known)
		p.bad(name, strings.Join(p.v[name], ","), "unknown parameter of %s; it takes %s", list, strings.Join(known, ", "))
	}
	if len(p.problems) == 0 {
		return nil
	}
	return &flow.Error{Code: flow.EINVALID, Problems: p.problems,
		Message: fmt.Sprintf("%s: %d %s with the parameters", list, len(p.problems), plural(len(p.problems), "problem", "problems"))}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if a == v {
			return true
		}
	}
	return false
}

func join[T ~string](all []T) string {
	s := make([]string, len(all))
	for i, a := range all {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}
