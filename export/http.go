package export

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Handler serves GET /export/{file}: the file is a list's name and .csv
// ("flows.csv"), the URL query its parameters (see Parse).
type Handler struct {
	Ledger  *ledger.Service
	Options Options
	// Timeout bounds each export, as it bounds a GraphQL operation; the
	// deadline reaches the store.
	Timeout time.Duration
	// Fault is told of every failure that is not the client's doing (a
	// store fault, an export cut short) and returns the request id the
	// client may quote; it must not show err to the client.
	Fault func(ctx context.Context, err error, msg string) (requestID string)
}

// ServeHTTP answers an export. Errors found before the first byte answer
// JSON in the API's error shape, with the API's stable codes: INVALID
// (400, every problem listed), NOT_FOUND (404), LIMIT_EXCEEDED (400),
// UNAVAILABLE (503), TIMEOUT (504) or INTERNAL (500, with the request id
// only). An error once the file has begun aborts the response, so that
// the client sees an incomplete transfer rather than a short file.
func (h Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	list, ok := strings.CutSuffix(file, ".csv")
	if !ok {
		h.fail(w, r, flow.Errorf(flow.ENOTFOUND, "no export called %q; the exports are %s.csv", clip(file), strings.Join(Lists(), ".csv, ")))
		return
	}
	req, err := Parse(list, r.URL.Query())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if r.Method == http.MethodHead {
		// The headers a GET would send, without running the export.
		(&response{w: w, filename: req.Filename()}).start()
		return
	}
	ctx := r.Context()
	if h.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.Timeout)
		defer cancel()
	}
	out := &response{w: w, rc: http.NewResponseController(w), filename: req.Filename()}
	if err := req.Write(ctx, h.Ledger, out, h.Options); err != nil {
		if ctx.Err() != nil && r.Context().Err() == nil {
			// Whatever the store made of it, the export's own deadline
			// passed.
			err = &flow.Error{Code: codeTimeout, Message: "the export took longer than its time limit of " + h.Timeout.String() + "; narrow the filter", Err: err}
		}
		if !out.started {
			h.fail(w, r, err)
			return
		}
		h.fault(ctx, err, "export cut short: the file sent is incomplete")
		panic(http.ErrAbortHandler)
	}
}

// codeTimeout is the code of an export past its time limit, as GraphQL's.
const codeTimeout = "TIMEOUT"

// fail answers an error before the first byte.
func (h Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var fe *flow.Error
	if !errors.As(err, &fe) || fe.Code == flow.EINTERNAL {
		id := h.fault(r.Context(), err, "export failed")
		fe = &flow.Error{Code: flow.EINTERNAL, Message: "internal error; quote request id " + id + " when reporting it"}
	}
	status := map[string]int{flow.EINVALID: http.StatusBadRequest, flow.ENOTFOUND: http.StatusNotFound,
		flow.ETOOLARGE: http.StatusBadRequest, flow.EUNAVAILABLE: http.StatusServiceUnavailable,
		codeTimeout: http.StatusGatewayTimeout, flow.EINTERNAL: http.StatusInternalServerError}[fe.Code]
	if status == 0 {
		status = http.StatusBadRequest
	}
	if fe.Code == flow.EUNAVAILABLE || fe.Code == codeTimeout {
		h.fault(r.Context(), err, "export failed")
	}
	writeError(w, status, fe)
}

func (h Handler) fault(ctx context.Context, err error, msg string) string {
	if h.Fault == nil {
		return ""
	}
	return h.Fault(ctx, err, msg)
}

// apiError is one error as the GraphQL endpoint writes it.
type apiError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// writeError writes err as the GraphQL endpoint writes it: {"errors":
// [...]}, with extensions.code and, with problems, extensions.problems (id,
// field, value, message) and extensions.field. The message also lists the
// problems it does not already state, for someone reading it in a
// terminal.
func writeError(w http.ResponseWriter, status int, fe *flow.Error) {
	e := apiError{Message: fe.Message, Extensions: map[string]any{"code": fe.Code}}
	if len(fe.Problems) > 0 {
		problems := make([]map[string]string, len(fe.Problems))
		var untold []string
		for i, p := range fe.Problems {
			problems[i] = map[string]string{"id": p.ID, "field": p.Field, "value": p.Value, "message": p.Message}
			if !strings.Contains(fe.Message, p.Message) {
				untold = append(untold, p.String())
			}
		}
		if len(untold) > 0 {
			e.Message += ": " + strings.Join(untold, "; ")
		}
		e.Extensions["problems"] = problems
		e.Extensions["field"] = fe.Problems[0].Field
	}
	b, _ := json.Marshal(map[string][]apiError{"errors": {e}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// response is the export's writer: it sends the CSV headers with the
// first byte, so that until then an error can still be answered as one,
// and flushes each page through to the client.
type response struct {
	w        http.ResponseWriter
	rc       *http.ResponseController
	filename string
	started  bool
}

func (o *response) Write(b []byte) (int, error) {
	if !o.started {
		o.start()
	}
	return o.w.Write(b)
}

// start sends the file's headers.
func (o *response) start() {
	o.started = true
	h := o.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+o.filename+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	o.w.WriteHeader(http.StatusOK)
}

// Flush sends what has been written to the client; a writer that cannot
// flush (a test recorder without it) is not an error.
func (o *response) Flush() error {
	if err := o.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}
