package flow

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Pence is an exact amount of money in pence. Integer pence keep every figure
// in the reports exact (£202.6m is 20,260,000,000p) and fit int64 up to
// £92 quadrillion, which no public budget approaches.
type Pence int64

// Pounds returns p as a decimal string of pounds: "202600000" for £202.6m,
// "5.10" for £5.10. It is how the API writes amounts.
func (p Pence) Pounds() string {
	neg := p < 0
	u := uint64(p)
	if neg {
		u = uint64(-p) // -MinInt64 wraps to itself, which uint64 reads correctly
	}
	s := strconv.FormatUint(u/100, 10)
	if r := u % 100; r != 0 {
		s += fmt.Sprintf(".%02d", r)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// String renders p for people in the short scale the reports use:
// "£202.6m", "£1bn", "£13.7m", "£5.10".
func (p Pence) String() string {
	sign := ""
	v := int64(p)
	if v < 0 {
		sign, v = "-", -v
	}
	switch {
	case v >= 100_000_000_000: // £1bn = 1e11p
		if s, ok := shortScale(v, 100_000_000_000); ok {
			return sign + "£" + s + "bn"
		}
		fallthrough
	case v >= 100_000_000: // £1m = 1e8p
		if s, ok := shortScale(v, 100_000_000); ok {
			return sign + "£" + s + "m"
		}
	}
	return sign + "£" + Pence(v).Pounds()
}

// shortScale writes v/unit with up to three decimals, exactly, and reports
// false when that would round.
func shortScale(v, unit int64) (string, bool) {
	const decimals = 1000
	if v%(unit/decimals) != 0 {
		return "", false
	}
	whole, frac := v/unit, (v%unit)/(unit/decimals)
	s := strconv.FormatInt(whole, 10)
	if frac != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%03d", frac), "0")
	}
	return s, true
}

// ErrAmountSyntax is returned (wrapped) by ParsePounds and ParseDecimal for
// text that is not an amount.
var ErrAmountSyntax = errors.New("not an amount")

// ParseDecimal parses a plain decimal number of pounds ("202600000", "5.10",
// "-3500000"), the form the API reads amounts in. It rejects fractions of a
// penny rather than rounding them away.
func ParseDecimal(s string) (Pence, error) {
	return parseScaled(s, 1)
}

// ParsePounds parses an amount as curators write it: an optional sign and
// "£", digits with optional thousands commas and decimals, and an optional
// scale suffix k, m or bn ("£202.6m", "£1bn", "£1,300,000", "-£3.5m").
func ParsePounds(s string) (Pence, error) {
	t := strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	}
	t = strings.TrimPrefix(t, "£")
	if strings.HasPrefix(t, "-") && !neg {
		neg, t = true, t[1:]
	}
	scale := int64(1)
	switch {
	case strings.HasSuffix(t, "bn"):
		scale, t = 1_000_000_000, strings.TrimSuffix(t, "bn")
	case strings.HasSuffix(t, "m"):
		scale, t = 1_000_000, strings.TrimSuffix(t, "m")
	case strings.HasSuffix(t, "k"):
		scale, t = 1_000, strings.TrimSuffix(t, "k")
	}
	if strings.Contains(t, ",") {
		if !validThousands(t) {
			return 0, fmt.Errorf("%q: %w", s, ErrAmountSyntax)
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	p, err := parseScaled(t, scale)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, errors.Unwrap(err))
	}
	if neg {
		p = -p
	}
	return p, nil
}

func validThousands(t string) bool {
	whole, _, _ := strings.Cut(t, ".")
	groups := strings.Split(whole, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// parseScaled parses an unsigned-or-signed decimal and multiplies it by scale
// pounds, in exact integer arithmetic.
func parseScaled(s string, scale int64) (Pence, error) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || s == "" || strings.ContainsAny(s, "eE/+ _") {
		return 0, fmt.Errorf("%q: %w", s, ErrAmountSyntax)
	}
	r.Mul(r, new(big.Rat).SetInt64(scale*100))
	if !r.IsInt() {
		return 0, fmt.Errorf("%q is a fraction of a penny: %w", s, ErrAmountSyntax)
	}
	n := r.Num()
	if !n.IsInt64() || n.Int64() == math.MinInt64 {
		return 0, fmt.Errorf("%q is too large: %w", s, ErrAmountSyntax)
	}
	return Pence(n.Int64()), nil
}

// CheckedAdd adds with an overflow check, failing with LIMIT_EXCEEDED:
// no stored figure exceeds MaxAmount, but a sum of enough of them can
// exceed what Pence holds, and must be refused rather than wrap.
func CheckedAdd(a, b Pence) (Pence, error) {
	s, ok := AddPence(a, b)
	if !ok {
		return 0, Errorf(ETOOLARGE, "the sum of %s and %s is larger than an amount can be (about £92 quadrillion); narrow the filter", a, b)
	}
	return s, nil
}

// AddPence adds with an overflow check: sums of large figures must fail
// loudly rather than wrap.
func AddPence(a, b Pence) (Pence, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}
