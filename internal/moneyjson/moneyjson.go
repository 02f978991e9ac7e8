// Package moneyjson is how both backends store a revision's figure: one
// JSON text holding the amount, bounds, qualifier and currency, with
// integer pence so that nothing is rounded on the way.
package moneyjson

import (
	"encoding/json"

	"github.com/fundflow/fundflow/flow"
)

// stored is the JSON form of a figure.
type stored struct {
	Amount    *int64 `json:"amount,omitempty"`
	Low       *int64 `json:"low,omitempty"`
	High      *int64 `json:"high,omitempty"`
	Qualifier string `json:"qualifier"`
	Currency  string `json:"currency"`
	Phrase    string `json:"phrase,omitempty"`
}

// Encode renders m as JSON, or "" for nil.
func Encode(m *flow.Money) string {
	if m == nil {
		return ""
	}
	j := stored{Amount: (*int64)(m.Amount), Low: (*int64)(m.Low), High: (*int64)(m.High),
		Qualifier: string(m.Qualifier), Currency: m.Currency, Phrase: m.Phrase}
	b, _ := json.Marshal(j)
	return string(b)
}

// Decode reads what Encode wrote; "" is nil.
func Decode(s string) (*flow.Money, error) {
	if s == "" {
		return nil, nil
	}
	var j stored
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return nil, err
	}
	return &flow.Money{Amount: (*flow.Pence)(j.Amount), Low: (*flow.Pence)(j.Low), High: (*flow.Pence)(j.High),
		Qualifier: flow.Qualifier(j.Qualifier), Currency: j.Currency, Phrase: j.Phrase}, nil
}
