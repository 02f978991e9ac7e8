package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/web"
)

func mustProxies(t testing.TB, s string) web.Proxies {
	t.Helper()
	ps, err := web.ParseProxies(s)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestParseProxies(t *testing.T) {
	if ps := mustProxies(t, " 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,"); len(ps) != 3 {
		t.Errorf("got %v, want 3 prefixes", ps)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1:80"} {
		if _, err := web.ParseProxies(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestProxiesClient(t *testing.T) {
	ps := mustProxies(t, "10.0.0.0/8, 2001:db8:ffff::/48")
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"UntrustedPeerIsTheClient", "198.51.100.9:5000", []string{"203.0.113.1"}, "198.51.100.9"},
		{"TrustedPeerNamesTheClient", "10.0.0.2:5000", []string{"203.0.113.1"}, "203.0.113.1"},
		{"RightmostUntrustedHop", "10.0.0.2:5000", []string{"6.6.6.6, 203.0.113.1, 10.1.1.1"}, "203.0.113.1"},
		{"HopsAcrossHeaderLines", "10.0.0.2:5000", []string{"6.6.6.6", "203.0.113.1"}, "203.0.113.1"},
		{"ClientSpoofsTheLeftmost", "10.0.0.2:5000", []string{"10.9.9.9, 203.0.113.1"}, "203.0.113.1"},
		{"GarbageStopsAtTheLastTrustedHop", "10.0.0.2:5000", []string{"6.6.6.6, nonsense, 10.1.1.1"}, "10.1.1.1"},
		{"AllTrustedIsTheLeftmost", "10.0.0.2:5000", []string{"10.3.3.3, 10.1.1.1"}, "10.3.3.3"},
		{"NoHeaderIsThePeer", "10.0.0.2:5000", nil, "10.0.0.2"},
		{"IPv6Proxy", "[2001:db8:ffff::1]:443", []string{"[2001:db8:1::5]:1234"}, "2001:db8:1::5"},
		{"MappedIPv4", "[::ffff:10.0.0.2]:5000", []string{"::ffff:203.0.113.1"}, "203.0.113.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/graphql", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := ps.Client(r).String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// limited serves ok behind the rate limit at rate/burst, client addresses
// found with ps, on the clock returned.
func limited(t testing.TB, ps web.Proxies, perSecond float64, burst int) (http.Handler, *time.Time) {
	t.Helper()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	return web.ClientAddress(ps, web.RateLimit(perSecond, burst, func() time.Time { return now }, ok)), &now
}

func hitFrom(h http.Handler, peer, forwarded string) int {
	r := httptest.NewRequest("POST", "/graphql", nil)
	r.RemoteAddr = peer
	if forwarded != "" {
		r.Header.Set("X-Forwarded-For", forwarded)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec.Code
}

// The defaults (20/s, bursts of 120) let one client send the 61 requests of
// the GraphQL-over-HTTP audit at once, and refuse a client that keeps
// sending at twice the rate.
func TestRateLimitBurstThenRate(t *testing.T) {
	h, now := limited(t, nil, 20, 120)
	for i := 0; i < 120; i++ {
		if code := hitFrom(h, "192.0.2.1:4000", ""); code != http.StatusOK {
			t.Fatalf("request %d of the burst: got %d", i+1, code)
		}
	}
	if code := hitFrom(h, "192.0.2.1:4000", ""); code != http.StatusTooManyRequests {
		t.Fatalf("past the burst: got %d, want 429", code)
	}
	// 40 requests a second for 10 seconds: only the rate's 20 a second pass.
	passed, refused := 0, 0
	for i := 0; i < 400; i++ {
		*now = now.Add(25 * time.Millisecond)
		if hitFrom(h, "192.0.2.1:4000", "") == http.StatusOK {
			passed++
		} else {
			refused++
		}
	}
	if passed != 200 || refused != 200 {
		t.Errorf("sustained 40/s for 10s: %d passed, %d refused; want 200 and 200", passed, refused)
	}
}

// 64 users behind one reverse proxy, each at 1 request a second for five
// minutes: with the proxy trusted none is refused; without, they share one
// budget and most are.
func TestRateLimitBehindTrustedProxy(t *testing.T) {
	run := func(ps web.Proxies) (refused int) {
		h, now := limited(t, ps, 20, 120)
		for s := 0; s < 300; s++ {
			for u := 0; u < 64; u++ {
				*now = now.Add(time.Second / 64)
				if hitFrom(h, "10.0.0.2:5000", fmt.Sprintf("203.0.113.%d", u)) != http.StatusOK {
					refused++
				}
			}
		}
		return refused
	}
	if n := run(mustProxies(t, "10.0.0.0/8")); n != 0 {
		t.Errorf("trusted proxy: %d of %d requests refused, want 0", n, 300*64)
	}
	if n := run(nil); n < 300*64/2 {
		t.Errorf("untrusted proxy: only %d of %d refused; the users should share one budget", n, 300*64)
	}
}

// Without a trusted proxy a client cannot dodge the limit by naming a new
// address in X-Forwarded-For on every request; nor can it through a trusted
// proxy by prepending addresses, since the proxy appends the real one.
func TestRateLimitIgnoresSpoofedForwardedFor(t *testing.T) {
	for _, tc := range []struct {
		name, proxies, peer string
		forwarded           func(i int) string
	}{
		{"NoTrustedProxy", "", "198.51.100.9:5000", func(i int) string { return fmt.Sprintf("203.0.113.%d", i%250) }},
		{"ThroughATrustedProxy", "10.0.0.0/8", "10.0.0.2:5000", func(i int) string { return fmt.Sprintf("203.0.113.%d, 198.51.100.9", i%250) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := limited(t, mustProxies(t, tc.proxies), 20, 120)
			passed := 0
			for i := 0; i < 500; i++ {
				if hitFrom(h, tc.peer, tc.forwarded(i)) == http.StatusOK {
					passed++
				}
			}
			if passed != 120 {
				t.Errorf("%d of 500 spoofed requests passed, want the burst of 120", passed)
			}
		})
	}
}

func TestAccessLogRecordsClient(t *testing.T) {
	var logs bytes.Buffer
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	h := web.ClientAddress(mustProxies(t, "10.0.0.0/8"), web.Logged(zerolog.New(&logs), time.Now, nil, mux))
	for _, peer := range []string{"10.0.0.2:5000", "198.51.100.9:5000"} {
		r := httptest.NewRequest("GET", "/healthz", nil)
		r.RemoteAddr = peer
		r.Header.Set("X-Forwarded-For", "203.0.113.7")
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"client":"203.0.113.7"`) || !strings.Contains(lines[1], `"client":"198.51.100.9"`) ||
		!strings.Contains(lines[0], `"route":"/healthz"`) {
		t.Errorf("want the forwarded client from the trusted proxy, the peer otherwise:\n%s", logs.String())
	}
}
