package main

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/export"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/web"
)

// withExports serves /export/ with the CSV exports and every other path
// with api, so that exports sit behind the same rate limiter and CORS
// policy as /graphql, sharing each client's budget; like /graphql they are
// public reads, served in production too. Each export runs under the
// GraphQL time limit and the export row limit.
func withExports(api http.Handler, cfg config, svc *ledger.Service, log zerolog.Logger) http.Handler {
	ex := export.Handler{Ledger: svc, Options: export.Options{MaxRows: cfg.Export.MaxRows}, Timeout: cfg.Timeout,
		Fault: func(ctx context.Context, err error, msg string) string {
			id := web.RequestID(ctx)
			var fe *flow.Error
			if errors.As(err, &fe) && fe.Err != nil {
				err = fe.Err // the cause, for the operator only
			}
			log.Error().Str("request_id", id).Err(err).Msg(msg)
			return id
		}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/export/") {
			ex.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}
