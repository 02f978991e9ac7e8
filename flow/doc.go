// Package flow is fundflow's domain: the funds, programmes, organisations
// and source documents of the fund-flow graph, the money edges between them,
// and the Store contract every backend implements. It knows nothing of any
// wire format: the API marshals these types itself.
//
// It imports only the standard library so that the API, the service layer, the loader
// and every backend share one vocabulary, and so that a backend can be
// swapped without touching anything above it. Errors that cross the Store
// boundary are *Error values carrying one of the E* codes.
package flow
