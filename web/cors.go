package web

import (
	"net/http"
	"strings"
)

// CORS lets the browsers of the listed origins call the API, and no others:
// a request from an allowed origin gets Access-Control-Allow-Origin naming
// it; a preflight from any other origin is refused with 403. Requests
// without an Origin (curl, servers) pass untouched. The list comes from
// configuration; "*" allows every origin, for public read-only mirrors.
func CORS(allowed []string, next http.Handler) http.Handler {
	ok := map[string]bool{}
	any := false
	for _, o := range allowed {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		if o == "*" {
			any = true
		} else if o != "" {
			ok[o] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Origin")
		allowedOrigin := any || ok[origin]
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if allowedOrigin {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Expose-Headers", RequestIDHeader+", Retry-After")
		}
		if preflight {
			if !allowedOrigin {
				http.Error(w, "origin not allowed", http.StatusForbidden)
				return
			}
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization, "+RequestIDHeader)
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
