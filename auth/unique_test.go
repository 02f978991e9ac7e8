package auth_test

import (
	"strings"
	"testing"

	"github.com/fundflow/fundflow/auth"
)

// TestNamesAreUnique: revisions record the token's name, so two tokens with
// one name are refused wherever they come from, and the error says where
// both are without printing either secret.
func TestNamesAreUnique(t *testing.T) {
	const a, b = "0123456789abcdef0123", "fedcba9876543210fedc"
	file := "# writers\ndesk " + auth.Hash(a) + "\n\ndesk " + auth.Hash(b) + "\n"
	_, err := auth.ParseFile(strings.NewReader(file), "tokens.txt")
	want := "token name desk is given to two tokens (tokens.txt:2 and tokens.txt:4)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("one name twice in a file: got %v, want %q", err, want)
	}

	_, err = auth.ParseEnv("desk:" + a + ",desk:" + b)
	want = "token name desk is given to two tokens (FUNDFLOW_TOKENS entry 1 and FUNDFLOW_TOKENS entry 2)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("one name twice in the environment: got %v, want %q", err, want)
	}

	env, err := auth.ParseEnv("desk:" + a)
	if err != nil {
		t.Fatal(err)
	}
	ft, err := auth.ParseFile(strings.NewReader("desk "+auth.Hash(b)+"\n"), "tokens.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.Merge(ft)
	want = "token name desk is given to two tokens (FUNDFLOW_TOKENS entry 1 and tokens.txt:1)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("one name in the environment and the file: got %v, want %q", err, want)
	}
	for _, secret := range []string{a, b, auth.Hash(a), auth.Hash(b)} {
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("the error prints a secret: %v", err)
		}
	}

	if _, err := auth.ParseEnv("desk:" + a + ",other:" + a); err == nil || !strings.Contains(err.Error(), "tokens desk (FUNDFLOW_TOKENS entry 1) and other (FUNDFLOW_TOKENS entry 2) are the same token") {
		t.Errorf("one token under two names: got %v", err)
	}
}

// TestEmptyFileIsRefused: a tokens file was named, so writes were wanted; a
// file with no token in it must not quietly make the server read-only.
func TestEmptyFileIsRefused(t *testing.T) {
	for name, body := range map[string]string{"empty": "", "comments only": "# writers\n\n   \n# none yet\n"} {
		_, err := auth.ParseFile(strings.NewReader(body), "/etc/fundflow/tokens")
		if err == nil || !strings.Contains(err.Error(), "/etc/fundflow/tokens: the tokens file holds no tokens") {
			t.Errorf("%s: got %v, want the file refused by name", name, err)
		}
	}
}
