// Package metrics exposes fundflow's Prometheus metrics: requests and their
// latency by GraphQL operation, errors by code, store call latency, and rows
// loaded. A Metrics value is passed in, never global, and a nil *Metrics
// records nothing, so tests need not set one up.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/fundflow/fundflow/flow"
)

// Metrics holds the collectors, registered on a registry of their own.
type Metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	storeCalls *prometheus.HistogramVec
	loaderRows *prometheus.CounterVec
	operations *bounded
	routes     *bounded
}

// New returns metrics registered on a new registry, with the Go runtime and
// process collectors.
func New() *Metrics {
	m := &Metrics{
		registry:   prometheus.NewRegistry(),
		operations: newBounded(MaxOperations),
		routes:     newBounded(MaxRoutes),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fundflow_http_requests_total", Help: "HTTP requests by GraphQL operation name (empty off /graphql; past 100 names, other), route (other if none matched) and status code.",
		}, []string{"operation", "path", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "fundflow_http_request_duration_seconds", Help: "HTTP request latency by GraphQL operation name and route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"operation", "path"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fundflow_graphql_errors_total", Help: "GraphQL errors returned to clients, by extensions.code.",
		}, []string{"code"}),
		storeCalls: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "fundflow_store_call_duration_seconds", Help: "Store call latency by method and outcome (ok or the error code).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "outcome"}),
		loaderRows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fundflow_loader_rows_total", Help: "Records written by dataset loads, by kind.",
		}, []string{"kind"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.errors, m.storeCalls, m.loaderRows,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Request records one HTTP request. route must be a route template (such
// as "/graphql"), never the raw path; operation is the client's operation
// name. Both are bounded: past MaxOperations names (MaxRoutes routes) the
// rest count as Other, and long values are truncated. The route's label
// keeps its old name, path, so existing dashboards still work.
func (m *Metrics) Request(operation, route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	operation, route = m.operations.label(operation), m.routes.label(route)
	if route == "" {
		route = Other
	}
	m.requests.WithLabelValues(operation, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(operation, route).Observe(d.Seconds())
}

// Error records one error returned to a client.
func (m *Metrics) Error(code string) {
	if m == nil {
		return
	}
	m.errors.WithLabelValues(code).Inc()
}

// StoreCall records one store call.
func (m *Metrics) StoreCall(method string, d time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = flow.ErrorCode(err)
	}
	m.storeCalls.WithLabelValues(method, outcome).Observe(d.Seconds())
}

// Loaded records the records a load wrote.
func (m *Metrics) Loaded(c flow.Counts) {
	if m == nil {
		return
	}
	for kind, n := range map[string]int{"fund": c.Funds, "programme": c.Programmes, "organisation": c.Organisations,
		"source": c.Sources, "flow": c.Flows, "budget_line": c.BudgetLines, "person": c.People, "fact": c.Facts,
		"statement": c.Statements, "citation": c.Citations} {
		m.loaderRows.WithLabelValues(kind).Add(float64(n))
	}
}
