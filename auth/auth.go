// Package auth decides who may write: bearer tokens, each with a name that
// revisions record. Only SHA-256 hashes of tokens are kept, in memory and in
// token files, and a presented token is compared with every hash in
// constant time, so neither a leaked file nor timing reveals a token.
package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

type entry struct {
	name string
	hash [sha256.Size]byte
	// from says where the token was configured ("tokens:3",
	// "FUNDFLOW_TOKENS entry 2"), so that a conflict can be found without
	// printing a secret.
	from string
}

// Tokens are the configured write tokens. The zero value has none: the
// server is then read-only.
type Tokens struct {
	entries []entry
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9._@-]{1,64}$`)

// Hash returns the "sha256:<hex>" form a token file stores.
func Hash(token string) string {
	h := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(h[:])
}

// New returns a random token for name, and the token file line that admits
// it.
func New(name string) (token, line string, err error) {
	if !namePattern.MatchString(name) {
		return "", "", fmt.Errorf("token name %q: use letters, digits, . _ @ -", name)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = hex.EncodeToString(b)
	return token, name + " " + Hash(token), nil
}

// ParseEnv reads "name:token,name:token" (FUNDFLOW_TOKENS), hashing each
// token at once.
func ParseEnv(s string) (Tokens, error) {
	var t Tokens
	n := 0
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n++
		name, token, ok := strings.Cut(part, ":")
		if !ok || !namePattern.MatchString(name) || len(token) < 16 {
			return Tokens{}, fmt.Errorf("FUNDFLOW_TOKENS: want name:token pairs with tokens of 16 characters or more")
		}
		t.entries = append(t.entries, entry{name: name, hash: sha256.Sum256([]byte(token)), from: fmt.Sprintf("FUNDFLOW_TOKENS entry %d", n)})
	}
	return t.Merge(Tokens{})
}

// ParseFile reads a token file: one "name sha256:<hex>" line per token;
// blank lines and lines starting with # are ignored. A file without a token
// is refused: naming a tokens file means writes are wanted, and an empty one
// (a failed deploy, a truncated copy) would silently make the API read-only.
func ParseFile(r io.Reader, file string) (Tokens, error) {
	var t Tokens
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 || !namePattern.MatchString(fields[0]) || !strings.HasPrefix(fields[1], "sha256:") {
			return Tokens{}, fmt.Errorf("%s:%d: want \"name sha256:<hex>\" (see `fundflow token NAME`)", file, n)
		}
		raw, err := hex.DecodeString(strings.TrimPrefix(fields[1], "sha256:"))
		if err != nil || len(raw) != sha256.Size {
			return Tokens{}, fmt.Errorf("%s:%d: the hash must be 64 hex digits", file, n)
		}
		e := entry{name: fields[0], from: fmt.Sprintf("%s:%d", file, n)}
		copy(e.hash[:], raw)
		t.entries = append(t.entries, e)
	}
	if err := sc.Err(); err != nil {
		return Tokens{}, fmt.Errorf("%s: %w", file, err)
	}
	if len(t.entries) == 0 {
		return Tokens{}, fmt.Errorf("%s: the tokens file holds no tokens; add a line \"name sha256:<hex>\" (see `fundflow token NAME`), or leave the file out to serve read-only", file)
	}
	return t.Merge(Tokens{})
}

// Merge returns the tokens of both, refusing a token configured twice (its
// revisions could be credited to the wrong name) and a name given to two
// tokens (revisions record the name, so they could not be told apart).
func (t Tokens) Merge(o Tokens) (Tokens, error) {
	out := Tokens{entries: append(append([]entry{}, t.entries...), o.entries...)}
	byHash := map[[sha256.Size]byte]entry{}
	byName := map[string]entry{}
	for _, e := range out.entries {
		if d, dup := byHash[e.hash]; dup {
			return Tokens{}, fmt.Errorf("tokens %s (%s) and %s (%s) are the same token", d.name, d.from, e.name, e.from)
		}
		if d, dup := byName[e.name]; dup {
			return Tokens{}, fmt.Errorf("token name %s is given to two tokens (%s and %s): revisions record the name, so each token needs its own", e.name, d.from, e.from)
		}
		byHash[e.hash] = e
		byName[e.name] = e
	}
	return out, nil
}

// Len is the number of tokens.
func (t Tokens) Len() int { return len(t.entries) }

// Names lists the token names, for the startup log.
func (t Tokens) Names() []string {
	out := make([]string, len(t.entries))
	for i, e := range t.entries {
		out[i] = e.name
	}
	return out
}

// Lookup returns the name of the token, comparing its hash with every
// configured hash in constant time.
func (t Tokens) Lookup(token string) (string, bool) {
	h := sha256.Sum256([]byte(token))
	name, found := "", 0
	for _, e := range t.entries {
		if subtle.ConstantTimeCompare(h[:], e.hash[:]) == 1 {
			name, found = e.name, 1
		}
	}
	return name, found == 1
}

// Caller is who made a request.
type Caller struct {
	// Name is the token's name, when a valid token was presented.
	Name string
	// Presented is set when the request carried a bearer token at all.
	Presented bool
	// ReadOnly is set when the server has no tokens: nobody may write.
	ReadOnly bool
}

type callerKey struct{}

// CallerFrom returns the caller of the request ctx belongs to.
func CallerFrom(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// Middleware identifies the caller from the Authorization header. It never
// rejects a request itself: reads are public, and writes check the caller.
func Middleware(t Tokens, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := Caller{ReadOnly: t.Len() == 0}
		if h := r.Header.Get("Authorization"); h != "" {
			c.Presented = true
			if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
				c.Name, _ = t.Lookup(strings.TrimSpace(token))
			}
		}
		next.ServeHTTP(w, r.WithContext(WithCaller(r.Context(), c)))
	})
}
