package flow_test

import (
	"testing"

	"github.com/fundflow/fundflow/flow"
)

func TestParseFinancialYear(t *testing.T) {
	for _, ok := range []string{"2017-18", "2016-17", "1999-00", "2099-00"} {
		if _, err := flow.ParseFinancialYear(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"2017/2018", "2017-2018", "2017-19", "2017/18", "17-18", "", "2017-1", "abcd-ef", "2017--8", "2017-+8"} {
		if _, err := flow.ParseFinancialYear(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
	if y := flow.FinancialYear("2017-18").StartYear(); y != 2017 {
		t.Errorf("StartYear: got %d", y)
	}
}
