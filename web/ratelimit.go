package web

import (
	"net/http"
	"net/netip"
	"sort"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxClients bounds the limiter table; past it the idlest clients are
// forgotten, so a flood of addresses cannot grow memory without end.
const maxClients = 10_000

// RateLimit allows each client perSecond requests on average, in bursts of
// burst, and answers the rest with 429 and a Retry-After header. The client
// is the address ClientAddress recorded (the forwarded one behind a trusted
// proxy), else the TCP peer. now is the clock, passed in for tests.
func RateLimit(perSecond float64, burst int, now func() time.Time, next http.Handler) http.Handler {
	var (
		mu      sync.Mutex
		clients = map[string]*client{}
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := limitKey(clientOf(r), r.RemoteAddr)
		t := now()
		mu.Lock()
		c, ok := clients[ip]
		if !ok {
			if len(clients) >= maxClients {
				evict(clients, t)
			}
			c = &client{lim: rate.NewLimiter(rate.Limit(perSecond), burst)}
			clients[ip] = c
		}
		c.seen = t
		res := c.lim.ReserveN(t, 1)
		delay := res.DelayFrom(t)
		if delay > 0 {
			res.CancelAt(t)
		}
		mu.Unlock()
		if delay > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((delay+time.Second-1)/time.Second)))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"errors":[{"message":"too many requests; retry later","extensions":{"code":"RATE_LIMITED"}}]}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// limitKey is the rate-limited identity of a client address: the IPv4
// address, or the IPv6 /64 (one subscriber's prefix, which it can rotate
// addresses within); remote, the raw peer, when the address is unknown.
func limitKey(a netip.Addr, remote string) string {
	switch {
	case !a.IsValid():
		return remote
	case a.Is4():
		return a.String()
	}
	return netip.PrefixFrom(a, 64).Masked().String()
}

// evict forgets the clients whose buckets have refilled (forgetting them
// changes nothing) and, if that frees nothing, the oldest half.
func evict(clients map[string]*client, now time.Time) {
	for ip, c := range clients {
		if c.lim.TokensAt(now) >= float64(c.lim.Burst()) {
			delete(clients, ip)
		}
	}
	if len(clients) < maxClients {
		return
	}
	seen := make([]time.Time, 0, len(clients))
	for _, c := range clients {
		seen = append(seen, c.seen)
	}
	sort.Slice(seen, func(i, j int) bool { return seen[i].Before(seen[j]) })
	cutoff := seen[len(seen)/2]
	for ip, c := range clients {
		if c.seen.Before(cutoff) || c.seen.Equal(cutoff) {
			delete(clients, ip)
		}
	}
}
