package ledger

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/fundflow/fundflow/flow"
)

// A reload compares the file's version of a record with the stored one
// field by field, over the record type's exported fields, so that a field
// added to a record later is compared without being listed here. Only the
// fields a store derives or assigns itself are left out.
var derivedFields = map[string]bool{
	"ID":        true, // the record's key: equal by construction
	"Dataset":   true, // set by the load
	"KnownFrom": true, // the earliest of the citations' dates
}

var (
	citationsType = reflect.TypeOf([]flow.Citation(nil))
	moneyType     = reflect.TypeOf(flow.Money{})
)

// fieldDiffs compares two records of the same type (pointers to structs)
// and returns each field that differs, named as the dataset file names it.
func fieldDiffs(loaded, cur any) []diff {
	lv, cv := reflect.ValueOf(loaded).Elem(), reflect.ValueOf(cur).Elem()
	var out []diff
	for i := 0; i < lv.NumField(); i++ {
		f := lv.Type().Field(i)
		if !f.IsExported() || derivedFields[f.Name] {
			continue
		}
		a, b := lv.Field(i), cv.Field(i)
		switch {
		case reflect.DeepEqual(normalForm(a), normalForm(b)):
		case f.Type == citationsType:
			// Lists of quotes are long: each side shows what only it has.
			x, y := a.Interface().([]flow.Citation), b.Interface().([]flow.Citation)
			out = append(out, diff{field: fileField(f.Name), loaded: renderCitations(x, y, "the store"), current: renderCitations(y, x, "the file")})
		default:
			out = append(out, diff{field: fileField(f.Name), loaded: render(a), current: render(b)})
		}
	}
	return out
}

// normalForm strips what a round trip through a store may change without
// changing the record: an empty list may come back as none, and a
// citation's date is derived from its source.
func normalForm(v reflect.Value) any {
	switch {
	case v.Type() == citationsType:
		var out []flow.Citation
		for _, c := range v.Interface().([]flow.Citation) {
			out = append(out, flow.Citation{SourceID: c.SourceID, Quote: c.Quote})
		}
		return out
	case v.Kind() == reflect.Slice && v.Len() == 0:
		return nil
	}
	return v.Interface()
}

// fileField names a Go field as the dataset file does: FromID is "from",
// DateNote "date_note", URL "url".
func fileField(name string) string {
	if n := strings.TrimSuffix(name, "ID"); n != "" {
		name = n
	}
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) && unicode.IsLower(rs[i-1]) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// render writes a field's value for people, short enough for one line of a
// load's report.
func render(v reflect.Value) string {
	switch {
	case v.Kind() == reflect.Pointer && v.IsNil():
		return "none"
	case v.Kind() == reflect.Pointer:
		return render(v.Elem())
	case v.Type() == moneyType:
		return v.Interface().(flow.Money).String()
	case v.Kind() == reflect.Slice:
		if v.Len() == 0 {
			return "none"
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = render(v.Index(i))
		}
		return strings.Join(parts, ", ")
	case v.Kind() == reflect.String && v.Len() == 0:
		return "none"
	case v.Type() == reflect.TypeOf(""):
		return strconv.Quote(abbreviate(v.String(), 80))
	}
	// Named strings (a status, a kind, a year) and anything else.
	return fmt.Sprint(v.Interface())
}

// renderCitations writes a list of citations as its length and the
// citations the other list, held by other, lacks: "5 citations, 1 not in
// the file: hsj-2018-07 "DHSC figures show…"", or "in another order" when
// both hold the same ones.
func renderCitations(cs, others []flow.Citation, other string) string {
	s := fmt.Sprintf("%d %s", len(cs), map[bool]string{true: "citation", false: "citations"}[len(cs) == 1])
	held := map[[2]string]int{}
	for _, c := range others {
		held[[2]string{c.SourceID, c.Quote}]++
	}
	var only []string
	for _, c := range cs {
		if k := [2]string{c.SourceID, c.Quote}; held[k] > 0 {
			held[k]--
		} else {
			only = append(only, c.SourceID+" "+strconv.Quote(abbreviate(c.Quote, 60)))
		}
	}
	switch {
	case len(only) > 0:
		return s + fmt.Sprintf(", %d not in %s: ", len(only), other) + strings.Join(only, "; ")
	case len(cs) == len(others):
		return s + " in another order"
	}
	return s
}

// abbreviate cuts s to n runes, marking the cut.
func abbreviate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
