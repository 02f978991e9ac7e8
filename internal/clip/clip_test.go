package clip

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		cut      bool
	}{
		{"short", "short", false},
		{strings.Repeat("a", Max), strings.Repeat("a", Max), false},
		{strings.Repeat("a", Max+1), strings.Repeat("a", Max) + "…", true},
		// Characters, not bytes: 65 two-byte letters keep 64 whole ones.
		{strings.Repeat("é", Max+1), strings.Repeat("é", Max) + "…", true},
		{strings.Repeat("é", Max), strings.Repeat("é", Max), false},
	} {
		if got, cut := String(tc.in); got != tc.want || cut != tc.cut {
			t.Errorf("String(%d characters): got %q, %v; want %q, %v", len([]rune(tc.in)), got, cut, tc.want, tc.cut)
		}
	}
}
