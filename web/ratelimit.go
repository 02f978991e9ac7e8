package web

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxClients bounds the limiter table; past it the idlest clients are
// forgotten, so a flood of addresses cannot grow memory without end.
const maxClients = 10_000

// RateLimit allows each client (its remote IP) perSecond requests on
// average, in bursts of burst, and answers the rest with 429 and a
// Retry-After header. now is the clock, passed in for tests.
func RateLimit(perSecond float64, burst int, now func() time.Time, next http.Handler) http.Handler {
	var (
		mu      sync.Mutex
		clients = map[string]*client{}
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
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

// evict forgets the clients idle longest: half the table.
func evict(clients map[string]*client, now time.Time) {
	var cutoff time.Duration
	for _, c := range clients {
		cutoff += now.Sub(c.seen)
	}
	cutoff /= time.Duration(len(clients))
	for ip, c := range clients {
		if now.Sub(c.seen) >= cutoff {
			delete(clients, ip)
		}
	}
}
