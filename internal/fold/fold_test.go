package fold

import "testing"

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"Personalised  Health and Care": "personalised health and care",
		"  The King’s Fund ":            "the king’s fund",
		"Persönalised":                  "personalised",
		"Café 🚑 fund":                   "cafe \uFFFD fund", // beyond the BMP: one replacement character
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}
