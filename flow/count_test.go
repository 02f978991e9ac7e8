package flow_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

func n(v int64) *int64 { return &v }

func TestParseCount(t *testing.T) {
	for in, want := range map[string]int64{"81": 81, "23": 23, "1,000": 1000, " 9,999 ": 9999, "0": 0, "1000000": 1_000_000} {
		if got, err := flow.ParseCount(in); err != nil || got != want {
			t.Errorf("ParseCount(%q): got %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "-3", "+3", "1.5", "1,00", "1,000.0", "8 1", "1e3", "99999999999999999999"} {
		if got, err := flow.ParseCount(bad); !errors.Is(err, flow.ErrCountSyntax) {
			t.Errorf("ParseCount(%q): got %d, %v; want ErrCountSyntax", bad, got, err)
		}
	}
}

func TestCountNormalizedAndString(t *testing.T) {
	for _, tc := range []struct {
		in        flow.Count
		want      flow.Count
		formatted string
	}{
		{flow.Count{Value: n(23)}, flow.Count{Value: n(23), Low: n(23), High: n(23), Qualifier: flow.Exact}, "23"},
		// "At least 81": no upper bound is invented.
		{flow.Count{Value: n(81), Qualifier: flow.AtLeast}, flow.Count{Value: n(81), Low: n(81), Qualifier: flow.AtLeast}, "81 (AT_LEAST; 81–?)"},
		{flow.Count{Value: n(81), Qualifier: flow.AtMost}, flow.Count{Value: n(81), Low: n(0), High: n(81), Qualifier: flow.AtMost}, "81 (AT_MOST; 0–81)"},
		// More than half of 23 is 12 or more.
		{flow.Count{Value: n(23), Qualifier: flow.MajorityOf}, flow.Count{Value: n(23), Low: n(12), High: n(23), Qualifier: flow.MajorityOf}, "23 (MAJORITY_OF; 12–23)"},
		{flow.Count{Value: n(250), Qualifier: flow.About}, flow.Count{Value: n(250), Low: n(225), High: n(275), Qualifier: flow.About}, "250 (ABOUT; 225–275)"},
		// "Hundreds of": bounds, and no point value.
		{flow.Count{Low: n(100), High: n(999), Qualifier: flow.Range}, flow.Count{Low: n(100), High: n(999), Qualifier: flow.Range}, "100–999 (RANGE)"},
		{flow.Count{Low: n(1000), High: n(9999), Qualifier: flow.Range}, flow.Count{Low: n(1000), High: n(9999), Qualifier: flow.Range}, "1,000–9,999 (RANGE)"},
	} {
		got := tc.in.Normalized()
		if !reflect.DeepEqual(got, tc.want) || got.String() != tc.formatted {
			t.Errorf("%+v: got %s %+v, want %s %+v", tc.in, got, got, tc.formatted, tc.want)
		}
		if !reflect.DeepEqual(got.Normalized(), got) {
			t.Errorf("%s: normalizing twice changed it", got)
		}
	}
}

func TestCountCheck(t *testing.T) {
	for _, tc := range []struct {
		c    flow.Count
		want []string // field: message
	}{
		{flow.Count{Value: n(23), Low: n(23), High: n(23), Qualifier: flow.Exact}, nil},
		{flow.Count{Low: n(100), High: n(999), Qualifier: flow.Range}, nil},
		{flow.Count{Qualifier: flow.AtLeast}, []string{"count: a count qualified AT_LEAST needs a value"}},
		{flow.Count{Low: n(100), Qualifier: flow.Range}, []string{"count.qualifier: a RANGE needs both low and high"}},
		{flow.Count{Low: n(999), High: n(100), Qualifier: flow.Range}, []string{"count.high: upper bound is below the lower bound 999"}},
		{flow.Count{Value: n(81), Low: n(90), Qualifier: flow.AtLeast}, []string{"count.low: lower bound is above the value 81"}},
		{flow.Count{Value: n(81), Low: n(81), High: n(50), Qualifier: flow.AtLeast}, []string{"count.high: upper bound is below the value 81"}},
		{flow.Count{Value: n(-1), Low: n(-1), High: n(-1), Qualifier: flow.Exact}, []string{
			"count: a count cannot be negative", "count.low: a count cannot be negative", "count.high: a count cannot be negative"}},
		{flow.Count{Value: n(flow.MaxCount + 1), Qualifier: flow.AtLeast}, []string{"count: a count cannot exceed 1,000,000,000"}},
		{flow.Count{Value: n(23), Low: n(20), High: n(23), Qualifier: flow.Exact}, []string{"count.qualifier: an EXACT count cannot have bounds other than itself"}},
		{flow.Count{Value: n(23), Qualifier: "ROUGHLY"}, []string{"count.qualifier: unknown qualifier"}},
	} {
		var got []string
		for _, p := range tc.c.Check("facts[0].count") {
			got = append(got, p.Field+": "+p.Message)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%+v: got %q, want %q", tc.c, got, tc.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tc.want[i]) {
				t.Errorf("%+v: problem %d: got %q, want %q", tc.c, i, got[i], tc.want[i])
			}
		}
	}
}

// factDataset is a valid dataset of one count, with the given words and
// value, citing a sentence that holds the words.
func factDataset(stated string, c flow.Count, quote string) *flow.Dataset {
	return &flow.Dataset{ID: "d", Title: "D",
		Sources:       []*flow.Source{{ID: "s", Title: "S", Publisher: "P", Published: "2018-07"}},
		Organisations: []*flow.Organisation{{ID: "trusts", Name: "Trusts"}},
		Facts: []*flow.Fact{{ID: "f", SubjectID: "trusts", Counted: "trusts", Stated: stated, Count: c, Status: flow.Reported,
			Citations: []flow.Citation{{SourceID: "s", Quote: quote}}}},
	}
}

// TestStatedValue: a point value must be written in the words that state
// it, in digits or, for small counts, in words, as a number of its own.
func TestStatedValue(t *testing.T) {
	for _, tc := range []struct {
		stated string
		value  int64
		ok     bool
	}{
		{"at least 81 trusts", 81, true},
		{"at least 81 trusts", 8, false}, // 8 is not 81
		{"at least 81 trusts", 1, false},
		{"23 trusts", 23, true},
		{"three early priorities", 3, true},
		{"thirty early priorities", 3, false},
		{"1,000 trusts", 1000, true},
		{"1000 trusts", 1000, true},
		{"1,000 trusts", 1, false},
		{"hundreds of GP practices", 100, false}, // the phrase states no figure
	} {
		ds := factDataset(tc.stated, flow.Count{Value: &tc.value, Qualifier: flow.AtLeast}, "The report says "+tc.stated+".")
		ds.Normalize()
		ps := ds.Validate("2026-12-01")
		if ok := len(ps) == 0; ok != tc.ok {
			t.Errorf("%d in %q: got problems %v, want ok=%v", tc.value, tc.stated, ps, tc.ok)
		}
	}
}
