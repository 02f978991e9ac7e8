package export

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// served serves exports over svc the way the server mounts them, and
// records what the handler reports as faults.
func served(tb testing.TB, h Handler) (*httptest.Server, *faultLog) {
	tb.Helper()
	faults := &faultLog{}
	h.Fault = func(_ context.Context, err error, msg string) string {
		faults.mu.Lock()
		defer faults.mu.Unlock()
		faults.msgs = append(faults.msgs, msg+": "+err.Error())
		return "req-1"
	}
	mux := http.NewServeMux()
	mux.Handle("GET /export/{file}", h)
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv, faults
}

// faultLog is what a handler reported as faults.
type faultLog struct {
	mu   sync.Mutex
	msgs []string
}

// take returns the faults reported since the last take.
func (f *faultLog) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.msgs
	f.msgs = nil
	return out
}

// apiErrors decodes an error response of the API's shape.
func apiErrors(tb testing.TB, resp *http.Response) []apiError {
	tb.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		tb.Errorf("Content-Type %q, want application/json", ct)
	}
	var body struct{ Errors []apiError }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Errors) != 1 {
		tb.Fatalf("got %v, %+v: want one error", err, body)
	}
	return body.Errors
}

func TestHandlerHeaders(t *testing.T) {
	svc, _ := bundled(t)
	srv, _ := served(t, Handler{Ledger: svc})
	resp, err := http.Get(srv.URL + "/export/sources.csv?orderBy=ID:DESC")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="sources.csv"` {
		t.Errorf("got %d %v", resp.StatusCode, resp.Header)
	}
	_, rows := readCSV(t, b)
	if len(rows) != 2 || rows[0][0] != "hsj-2018-07-provider-digitisation" || rows[1][0] != "hsj-2018-01-wannacry-review" {
		t.Errorf("sources by id, descending: %v", rows)
	}
}

// TestHandlerHeadRunsNothing: HEAD answers a GET's headers without
// reading the store, and still refuses bad parameters.
func TestHandlerHeadRunsNothing(t *testing.T) {
	svc, store := bundled(t)
	srv, _ := served(t, Handler{Ledger: svc})
	store.reset(0, nil)
	resp, err := http.Head(srv.URL + "/export/diversions.csv?to=cyber-security")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") != `attachment; filename="diversions.csv"` {
		t.Errorf("HEAD: %d %v", resp.StatusCode, resp.Header)
	}
	if store.calls != 0 {
		t.Errorf("HEAD listed flows %d times, want none", store.calls)
	}
	resp, err = http.Head(srv.URL + "/export/diversions.csv?kind=NOPE")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("HEAD with a bad parameter: %d, want 400", resp.StatusCode)
	}
}

func TestHandlerStoreFaults(t *testing.T) {
	svc, store := bundled(t)
	srv, faults := served(t, Handler{Ledger: svc, Options: Options{PageSize: 1}})

	t.Run("BeforeTheFirstByteIsAnError", func(t *testing.T) {
		store.reset(1, nil)
		resp, err := http.Get(srv.URL + "/export/diversions.csv?to=cyber-security")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		e := apiErrors(t, resp)[0]
		if resp.StatusCode != http.StatusInternalServerError || e.Extensions["code"] != "INTERNAL" ||
			!strings.Contains(e.Message, "req-1") || strings.Contains(e.Message, "deadline") {
			t.Errorf("got %d %+v: want INTERNAL with the request id and no cause", resp.StatusCode, e)
		}
		if got := faults.take(); len(got) != 1 || !strings.Contains(got[0], "internal error") {
			t.Errorf("faults reported: %q", got)
		}
	})

	t.Run("AfterItTheTransferBreaks", func(t *testing.T) {
		store.reset(2, nil)
		resp, err := http.Get(srv.URL + "/export/diversions.csv?to=cyber-security&year=2017-18")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("got %d and %v after %d bytes, want 200 and a broken transfer", resp.StatusCode, err, len(b))
		}
		if !strings.HasPrefix(string(b), "id,kind") {
			t.Errorf("the first page was not sent: %q", b)
		}
		if got := faults.take(); len(got) != 1 || !strings.Contains(got[0], "incomplete") {
			t.Errorf("faults reported: %q", got)
		}
	})
}

// TestHandlerTimeLimit: an export whose time limit has passed before the
// store answers is refused as GraphQL refuses one, with TIMEOUT. The limit
// is a nanosecond, so it has always passed: nothing here is timed.
func TestHandlerTimeLimit(t *testing.T) {
	svc, _ := bundled(t)
	srv, faults := served(t, Handler{Ledger: svc, Timeout: time.Nanosecond})
	resp, err := http.Get(srv.URL + "/export/flows.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if e := apiErrors(t, resp)[0]; resp.StatusCode != http.StatusGatewayTimeout || e.Extensions["code"] != "TIMEOUT" {
		t.Errorf("got %d %+v, want 504 TIMEOUT", resp.StatusCode, e)
	}
	if got := faults.take(); len(got) != 1 {
		t.Errorf("faults reported: %q, want the timeout logged", got)
	}
}

func TestHandlerRefusals(t *testing.T) {
	svc, _ := bundled(t)
	srv, _ := served(t, Handler{Ledger: svc, Options: Options{MaxRows: 3}})
	for _, tc := range []struct {
		path, code string
		status     int
	}{
		{"/export/flows.csv", "LIMIT_EXCEEDED", http.StatusBadRequest},
		{"/export/nosuch.csv", "NOT_FOUND", http.StatusNotFound},
		{"/export/flows.json", "NOT_FOUND", http.StatusNotFound},
		{"/export/flows.csv?to=nosuch", "NOT_FOUND", http.StatusNotFound},
		{"/export/flows.csv?yearFrom=2017-18&yearTo=2016-17", "INVALID", http.StatusBadRequest},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		e := apiErrors(t, resp)[0]
		resp.Body.Close()
		if resp.StatusCode != tc.status || e.Extensions["code"] != tc.code {
			t.Errorf("%s: got %d %+v, want %d %s", tc.path, resp.StatusCode, e, tc.status, tc.code)
		}
	}
}
