package web

import (
	"net/http"
)

// Healthz answers 200 while the process is up. It deliberately checks
// nothing else, so an orchestrator does not restart a healthy process
// because its database is briefly away (that is what /readyz is for).
func Healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}
