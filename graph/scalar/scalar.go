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

// UnmarshalDecimal reads the Decimal scalar from a string of pounds. A
// value that is not one is INVALID, with the value as a problem whose
// field the error presenter names from the input's path (amountMin, low).
func UnmarshalDecimal(v any) (flow.Pence, error) {
	const want = `a Decimal must be a string of pounds such as "202600000" or "5.10"`
	s, ok := v.(string)
	if !ok {
		return 0, invalid(fmt.Sprint(v), fmt.Sprintf("%s, got %T", want, v))
	}
	p, err := flow.ParseDecimal(s)
	if err != nil {
		return 0, invalid(s, fmt.Sprintf("%s: %v", want, err))
	}
	return p, nil
}

// invalid is the INVALID error of a scalar that cannot be read: one
// problem, without a field, since a scalar does not know where it is.
func invalid(value, msg string) error {
	return &flow.Error{Code: flow.EINVALID, Message: msg, Problems: []flow.Problem{{Value: value, Message: msg}}}
}

// MarshalDate writes a day as the Date scalar, "2018-01-31".
func MarshalDate(d flow.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) })
}

// UnmarshalDate reads the Date scalar: a day written like "2018-01-31".
func UnmarshalDate(v any) (flow.Date, error) {
	s, ok := v.(string)
	if !ok {
		return "", invalid(fmt.Sprint(v), fmt.Sprintf("Date must be a string like \"2018-01-31\", got %T", v))
	}
	d, err := flow.ParseDate(s)
	if err != nil {
		return "", invalid(s, flow.ErrorMessage(err))
	}
	return d, nil
}
