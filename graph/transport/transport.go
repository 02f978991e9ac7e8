// Package transport is fundflow's GraphQL-over-HTTP transport for gqlgen, written
// to the specification rather than to gqlgen's lenient defaults.
package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Media types of the GraphQL-over-HTTP specification.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// HTTP is fundflow's GraphQL-over-HTTP transport, written to the
// specification (graphql.github.io/graphql-over-http), its SHOULDs
// included, rather than gqlgen's lenient defaults:
//
//   - application/graphql-response+json when the client accepts it,
//     application/json otherwise, 406 when it accepts neither;
//   - request errors (parse, validation, variables, limits) answer 400 under
//     application/graphql-response+json and 200 under application/json, and
//     their body has no data entry;
//   - malformed requests (bad JSON, no query, wrong types) answer 400, and
//     the body is never echoed back;
//   - batched (array) requests are refused with 400: one operation per
//     request keeps the cost limits meaningful;
//   - a mutation over GET answers 405 with Allow: POST;
//   - POST needs Content-Type application/json (415 otherwise), and a body
//     larger than MaxBody answers 413.
//
// Every operation runs under Timeout, passed to the store through the
// context; parsing, validation and the cost calculation run inside it too,
// and an operation past it answers a TIMEOUT error (never an empty
// response). At most MaxErrors errors are returned, the last saying how
// many more there were (TOO_MANY_ERRORS).
type HTTP struct {
	MaxBody   int64
	Timeout   time.Duration
	MaxErrors int
}

var _ graphql.Transport = HTTP{}

// Supports takes every request to the endpoint: the transport itself
// answers the methods it does not serve with 405.
func (HTTP) Supports(*http.Request) bool { return true }

// request is a GraphQL-over-HTTP request body.
type request struct {
	Query         *string        `json:"query"`
	OperationName *string        `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

// errorsOnly is a response to a request error: no data entry at all.
type errorsOnly struct {
	Errors gqlerror.List `json:"errors"`
}

// Do serves one request.
func (h HTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		w.Header().Set("Content-Type", mediaJSON)
		fail(w, http.StatusNotAcceptable, "the response is available as application/graphql-response+json or application/json")
		return
	}
	w.Header().Set("Content-Type", media)
	var (
		req *request
		msg string
	)
	switch r.Method {
	case http.MethodGet:
		req, msg = fromQuery(r.URL.Query())
	case http.MethodPost:
		var status int
		req, status, msg = h.fromBody(r)
		if status != 0 {
			fail(w, status, msg)
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		fail(w, http.StatusMethodNotAllowed, "use GET for queries or POST")
		return
	}
	if msg != "" {
		fail(w, http.StatusBadRequest, msg)
		return
	}
	if r.Method == http.MethodGet {
		if op := operationType(*req.Query, req.OperationName); op != "" && op != ast.Query {
			w.Header().Set("Allow", "POST")
			fail(w, http.StatusMethodNotAllowed, "GET runs queries only; send a "+string(op)+" with POST")
			return
		}
	}
	ctx := r.Context()
	if h.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.Timeout)
		defer cancel()
	}
	params := &graphql.RawParams{Query: *req.Query, Variables: req.Variables, Extensions: req.Extensions, Headers: r.Header}
	if req.OperationName != nil {
		params.OperationName = *req.OperationName
	}
	start := graphql.Now()
	params.ReadTime = graphql.TraceTiming{Start: start, End: start}
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs == nil {
		if err := DeadlineError(ctx); err != nil {
			errs = gqlerror.List{err} // validation outlasted the deadline
		}
	}
	if errs != nil {
		h.requestErrors(w, ctx, rc, exec, media, errs)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	if resp == nil {
		// gqlgen answers nothing once the context has ended before
		// execution began.
		err := DeadlineError(ctx)
		if err == nil {
			err = gqlerror.Errorf("the operation returned no response")
		}
		h.requestErrors(w, ctx, rc, exec, media, gqlerror.List{err})
		return
	}
	resp.Errors = capErrors(resp.Errors, h.MaxErrors)
	writeJSON(w, http.StatusOK, resp)
}

// requestErrors answers errors raised before execution: no data entry, 400
// under application/graphql-response+json and 200 under application/json.
func (h HTTP) requestErrors(w http.ResponseWriter, ctx context.Context, rc *graphql.OperationContext, exec graphql.GraphExecutor, media string, errs gqlerror.List) {
	status := http.StatusOK
	if media == mediaGraphQLResponse {
		status = http.StatusBadRequest
	}
	// Cap before presenting: the presenter's work must not grow with them.
	errs = capErrors(errs, h.MaxErrors)
	writeJSON(w, status, errorsOnly{Errors: exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs).Errors})
}

// operationType returns the type of the operation a GET would run, before
// any validation: a mutation must be refused with 405 whether or not it is
// valid. "" when the document does not parse (validation reports that).
func operationType(query string, name *string) ast.Operation {
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return ""
	}
	if name != nil && *name != "" {
		if op := doc.Operations.ForName(*name); op != nil {
			return op.Operation
		}
		return ""
	}
	for _, op := range doc.Operations {
		if op.Operation != ast.Query {
			return op.Operation
		}
	}
	return ast.Query
}

// negotiate picks the response media type from an Accept header. With no
// header, or only wildcards, it answers application/json, which every
// client reads.
func negotiate(accept string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	best, bestQ := "", -1.0
	refused := map[string]bool{} // media types the client gave q=0
	for _, part := range strings.Split(accept, ",") {
		if mt, params, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && params["q"] != "" {
			if f, err := strconv.ParseFloat(params["q"], 64); err == nil && f == 0 {
				refused[mt] = true
			}
		}
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		var m string
		switch mt {
		case mediaGraphQLResponse:
			m = mediaGraphQLResponse
		case mediaJSON, "*/*", "application/*":
			m = mediaJSON
			if refused[mediaJSON] {
				if refused[mediaGraphQLResponse] || mt == mediaJSON {
					continue
				}
				m = mediaGraphQLResponse // a wildcard, with JSON itself refused
			}
		default:
			continue
		}
		if q > bestQ || (q == bestQ && m == mediaGraphQLResponse) {
			best, bestQ = m, q
		}
	}
	return best, best != "" && bestQ > 0
}

// fromQuery reads a GET request's parameters.
func fromQuery(q url.Values) (*request, string) {
	query := q.Get("query")
	if query == "" {
		return nil, "the query parameter is required"
	}
	req := &request{Query: &query}
	if name := q.Get("operationName"); name != "" {
		req.OperationName = &name
	}
	for param, dst := range map[string]*map[string]any{"variables": &req.Variables, "extensions": &req.Extensions} {
		if v := q.Get(param); v != "" {
			if err := decode([]byte(v), dst); err != nil {
				return nil, "the " + param + " parameter must be a JSON object"
			}
		}
	}
	return req, ""
}

// fromBody reads a POST request's JSON body, never echoing it back.
func (h HTTP) fromBody(r *http.Request) (*request, int, string) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != mediaJSON {
		return nil, http.StatusUnsupportedMediaType, "send the request as Content-Type: application/json"
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, h.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, http.StatusRequestEntityTooLarge, "the request body is larger than the limit of " + strconv.FormatInt(h.MaxBody, 10) + " bytes"
	case err != nil:
		return nil, http.StatusBadRequest, "the request body could not be read"
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return nil, http.StatusBadRequest, "batched requests are not supported: send one operation per request"
	}
	var req request
	if err := decode(trimmed, &req); err != nil {
		return nil, http.StatusBadRequest, "the request body must be a JSON object with a query string"
	}
	if req.Query == nil || *req.Query == "" {
		return nil, http.StatusBadRequest, "the request body must have a query"
	}
	return &req, 0, ""
}

// decode reads JSON keeping numbers as json.Number, which gqlgen's scalars
// read exactly: a float64 would make every Int variable fail.
func decode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorsOnly{Errors: gqlerror.List{{Message: msg,
		Extensions: map[string]any{"code": "BAD_REQUEST"}}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"errors":[{"message":"internal error"}]}`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
