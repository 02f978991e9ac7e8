// Package scalar marshals the API's custom scalars, so that the domain
// types they carry (flow.Pence, flow.Date) stay free of any wire format.
package scalar

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/fundflow/fundflow/flow"
)

// MarshalDecimal writes pence as the Decimal scalar: a JSON string of
// pounds ("202600000", "5.10"), because GraphQL's Int is 32-bit and Float
// would lose pence.
func MarshalDecimal(p flow.Pence) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(p.Pounds())) })
}

// UnmarshalDecimal reads the Decimal scalar from a string of pounds.
func UnmarshalDecimal(v any) (flow.Pence, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("a Decimal must be a string of pounds such as \"202600000\" or \"5.10\", got %T", v)
	}
	p, err := flow.ParseDecimal(s)
	if err != nil {
		return 0, fmt.Errorf("a Decimal must be a string of pounds such as \"202600000\" or \"5.10\": %w", err)
	}
	return p, nil
}

// MarshalDate writes a day as the Date scalar, "2018-01-31".
func MarshalDate(d flow.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) })
}

// UnmarshalDate reads the Date scalar: a day written like "2018-01-31".
func UnmarshalDate(v any) (flow.Date, error) {
	s, ok := v.(string)
	if !ok {
		return "", flow.Errorf(flow.EINVALID, "Date must be a string like \"2018-01-31\", got %T", v)
	}
	return flow.ParseDate(s)
}
