// Package graph is fundflow's GraphQL API: the gqlgen executable schema
// generated from schema/*.graphqls, thin resolvers over the service layer
// (ledger), per-request batch loading, and the error presenter that maps
// domain errors to stable codes. The resolvers split by area as the schema
// does (AREA.resolvers.go beside schema/AREA.graphqls).
package graph

import (
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/metrics"
)

// Resolver is the dependency injection for every resolver: the service to
// ask and the logger to report to. It holds no request state; that lives
// in the Batches the middleware puts in each request's context.
type Resolver struct {
	Ledger *ledger.Service
	Logger zerolog.Logger
	// BatchWait is how long child-list batches gather parents before one
	// store call; zero means the default, a few milliseconds.
	BatchWait time.Duration
	// Metrics counts errors by code; nil counts nothing.
	Metrics *metrics.Metrics
}
