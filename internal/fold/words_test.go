package fold

import (
	"reflect"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"The King’s Fund":                  "the king's fund",
		"‘Paperless’ – 2020 — “fund”":      "'paperless' - 2020 - \"fund\"",
		"Persönalised\u00a0 Health":        "personalised health",
		"Straße Łódź Ærø":                  "strasse lodz aero",
		"ﬁnance ＮＨＳ":                       "finance nhs",
		"  cyber\u2011security\u2212fund ": "cyber-security-fund",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"The King’s Fund":                    {"the", "kings", "fund"},
		"The King's Fund":                    {"the", "kings", "fund"},
		"Kings Fund":                         {"kings", "fund"},
		"Dr Simon Eccles' annual report":     {"dr", "simon", "eccles", "annual", "report"},
		"rock 'n' roll":                      {"rock", "n", "roll"},
		"Wi-Fi in primary care":              {"wi", "fi", "in", "primary", "care"},
		"£63.7m, £81,000,000 and 1.3bn.":     {"63.7m", "81000000", "and", "1.3bn"},
		"2017-18":                            {"2017", "18"},
		"e.g. DHSC's figures":                {"e", "g", "dhscs", "figures"},
		"PERSONALISED health & care (2020)":  {"personalised", "health", "care", "2020"},
		"Café 🚑 fund":                        {"cafe", "fund"},
		"—":                                  {},
		"23 digital exemplar trusts":         {"23", "digital", "exemplar", "trusts"},
		"naïve coöperation résumé":           {"naive", "cooperation", "resume"},
		"one,two 3,x":                        {"one", "two", "3", "x"},
		strings.Repeat("a", MaxWordRunes+10): {strings.Repeat("a", MaxWordRunes)},
	} {
		if got := Words(in); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSpansPointIntoTheText(t *testing.T) {
	text := "The King’s Fund’s £63.7m"
	var got []string
	for _, s := range Spans(text) {
		got = append(got, text[s.Start:s.End])
	}
	if want := []string{"The", "King’s", "Fund’s", "63.7m"}; !reflect.DeepEqual(got, want) {
		t.Errorf("spans of %q: got %q, want %q", text, got, want)
	}
}

func TestPhrase(t *testing.T) {
	if got := Phrase("  Personalised Health and Care 2020 fund "); got != "personalised health and care 2020 fund" {
		t.Errorf("Phrase: got %q", got)
	}
}

// TestKeyUnchanged pins Key, which stored sort keys depend on: folding for
// search must not change it.
func TestKeyUnchanged(t *testing.T) {
	if got := Key("The King’s Fund — Wi-Fi"); got != "the king’s fund — wi-fi" {
		t.Errorf("Key: got %q", got)
	}
}
