// Package changejson is how both backends store the fields a revision
// changed: one JSON array of {field, previous, value}, so that a revision
// stays one row (SQLite) or one node (Neo4j), whatever it changed.
package changejson

import (
	"encoding/json"

	"github.com/fundflow/fundflow/flow"
)

// stored is the JSON form of one change.
type stored struct {
	Field    string `json:"field"`
	Previous string `json:"previous"`
	Value    string `json:"value"`
}

// Encode renders cs as a JSON array: "[]" for none.
func Encode(cs []flow.Change) string {
	out := make([]stored, len(cs))
	for i, c := range cs {
		out[i] = stored{Field: c.Field, Previous: c.Previous, Value: c.Value}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// Decode reads what Encode wrote; "" (a revision stored before changes
// were recorded) and "[]" are none, nil.
func Decode(s string) ([]flow.Change, error) {
	if s == "" {
		return nil, nil
	}
	var in []stored
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]flow.Change, len(in))
	for i, c := range in {
		out[i] = flow.Change{Field: c.Field, Previous: c.Previous, Value: c.Value}
	}
	return out, nil
}
