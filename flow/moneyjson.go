package flow

import "encoding/json"

// moneyJSON is the stored form of a revision's figure.
type moneyJSON struct {
	Amount    int64  `json:"amount"`
	Low       *int64 `json:"low,omitempty"`
	High      *int64 `json:"high,omitempty"`
	Qualifier string `json:"qualifier"`
	Currency  string `json:"currency"`
}

// EncodeMoney renders m as JSON for storage, or "" for nil.
func EncodeMoney(m *Money) string {
	if m == nil {
		return ""
	}
	j := moneyJSON{Amount: int64(m.Amount), Qualifier: string(m.Qualifier), Currency: m.Currency}
	if m.Low != nil {
		v := int64(*m.Low)
		j.Low = &v
	}
	if m.High != nil {
		v := int64(*m.High)
		j.High = &v
	}
	b, _ := json.Marshal(j)
	return string(b)
}

// DecodeMoney reads what EncodeMoney wrote; "" is nil.
func DecodeMoney(s string) (*Money, error) {
	if s == "" {
		return nil, nil
	}
	var j moneyJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return nil, err
	}
	m := &Money{Amount: Pence(j.Amount), Qualifier: Qualifier(j.Qualifier), Currency: j.Currency}
	if j.Low != nil {
		v := Pence(*j.Low)
		m.Low = &v
	}
	if j.High != nil {
		v := Pence(*j.High)
		m.High = &v
	}
	return m, nil
}
