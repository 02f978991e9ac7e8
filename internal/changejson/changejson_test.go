package changejson_test

import (
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/changejson"
)

func TestRoundTrip(t *testing.T) {
	cs := []flow.Change{
		{Field: "aliases", Previous: `["Paperless 2020","the paperless fund"]`, Value: "[]"},
		{Field: "published", Previous: "2018-07", Value: "2018-07-12"},
		{Field: "dateNote", Previous: "", Value: "Dated from the print edition."},
	}
	s := changejson.Encode(cs)
	got, err := changejson.Decode(s)
	if err != nil || !reflect.DeepEqual(got, cs) {
		t.Errorf("Decode(%s): got %+v, %v; want %+v", s, got, err, cs)
	}
	for _, none := range []string{"", "[]", changejson.Encode(nil)} {
		if got, err := changejson.Decode(none); err != nil || got != nil {
			t.Errorf("Decode(%q): got %+v, %v; want none", none, got, err)
		}
	}
	if _, err := changejson.Decode(`{"field":`); err == nil {
		t.Error("malformed JSON decoded")
	}
}
