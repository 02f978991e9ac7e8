// Package graph is fundflow's GraphQL API: the gqlgen executable schema
// generated from schema.graphqls, thin resolvers over flow.Store, per-request
// batch loading, and the error presenter that maps domain errors to stable
// codes.
package graph

import (
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/metrics"
)

// Resolver is the dependency injection for every resolver: the store to
// read from and the logger to report to. It holds no request state; that
// lives in the Loaders put in each request's context.
type Resolver struct {
	Store  flow.Store
	Logger zerolog.Logger
	// BatchWait is how long child-list loaders gather parents before one
	// store call; zero means the default, a few milliseconds.
	BatchWait time.Duration
	// Metrics counts errors by code; nil counts nothing.
	Metrics *metrics.Metrics
	// Now stamps revisions; nil means time.Now.
	Now func() time.Time
}
