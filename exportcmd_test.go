package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/metrics"
	"github.com/fundflow/fundflow/sqlite"
)

// exportServer is the server's mux over an embedded store file seeded
// with the bundled dataset, configured by kv (environment variables), and
// the store file, which the export command can read too.
func exportServer(tb testing.TB, kv ...string) (http.Handler, string) {
	tb.Helper()
	ctx := context.Background()
	db := filepath.Join(tb.TempDir(), "fundflow.db")
	st, err := sqlite.Open(ctx, db, time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	log := zerolog.New(io.Discard)
	m := metrics.New()
	svc := ledger.New(metrics.Store(st, m), log, time.Now)
	if err := seed(ctx, svc, log); err != nil {
		tb.Fatal(err)
	}
	h, err := newMux(defaults(env(kv...)), auth.Tokens{}, svc, m, log)
	if err != nil {
		tb.Fatal(err)
	}
	return h, db
}

// csvRows reads a CSV file back with encoding/csv, header first.
func csvRows(tb testing.TB, b []byte) [][]string {
	tb.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) == 0 {
		tb.Fatalf("not CSV with a header (%v):\n%s", err, b)
	}
	return rows
}

// graphQLFlowRows runs the flows query through /graphql and lays its
// answer out as the export's rows: one per citation, or one for a flow
// without any.
func graphQLFlowRows(tb testing.TB, h http.Handler, vars string) [][]string {
	tb.Helper()
	const query = `query Export($where: FlowFilter, $asOf: Date, $orderBy: [FlowOrder!]) {
	  flows(where: $where, asOf: $asOf, orderBy: $orderBy, first: 500) {
	    pageInfo { hasNextPage }
	    nodes {
	      id kind measure status year derivedFrom note
	      from { id name } to { id name }
	      amount { amount low high qualifier phrase currency }
	      citations { quote source { id title publisher published } }
	    }
	  }
	}`
	body, _ := json.Marshal(map[string]any{"query": query, "variables": json.RawMessage(vars)})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	type named struct{ ID, Name string }
	var resp struct {
		Data struct {
			Flows struct {
				PageInfo struct{ HasNextPage bool }
				Nodes    []struct {
					ID, Kind, Measure, Status, Note string
					Year                            *string
					DerivedFrom                     []string
					From, To                        named
					Amount                          struct {
						Amount, Low, High, Phrase *string
						Qualifier, Currency       string
					}
					Citations []struct {
						Quote  string
						Source struct{ ID, Title, Publisher, Published string }
					}
				}
			}
		}
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 || resp.Data.Flows.PageInfo.HasNextPage {
		tb.Fatalf("GraphQL: %v %s", err, rec.Body.String())
	}
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	var rows [][]string
	for _, n := range resp.Data.Flows.Nodes {
		head := []string{n.ID, n.Kind, n.Measure, n.Status, s(n.Year), n.From.ID, n.From.Name, n.To.ID, n.To.Name,
			s(n.Amount.Amount), s(n.Amount.Low), s(n.Amount.High), n.Amount.Qualifier, s(n.Amount.Phrase), n.Amount.Currency}
		tail := []string{strings.Join(n.DerivedFrom, ";"), n.Note}
		if len(n.Citations) == 0 {
			rows = append(rows, append(append(head, "", "", "", "", ""), tail...))
		}
		for _, c := range n.Citations {
			row := append(append([]string{}, head...), c.Source.ID, c.Source.Title, c.Source.Publisher, c.Source.Published, c.Quote)
			rows = append(rows, append(row, tail...))
		}
	}
	return rows
}

// TestExportMatchesGraphQL is the test: for the same filters,
// GET /export/flows.csv, "fundflow export flows" and the GraphQL flows
// list give the same rows, cell by cell.
func TestExportMatchesGraphQL(t *testing.T) {
	h, db := exportServer(t)
	for _, tc := range []struct {
		name, where, vars string
		atLeast           int
		// diversions, when set, is the same query for /export/diversions.csv.
		diversions string
	}{
		{"DiversionsToCyberSecurity", "kind=DIVERSION&to=cyber-security&year=2017-18&asOf=2018-08-01&orderBy=ID:DESC",
			`{"where": {"kind": ["DIVERSION"], "to": ["cyber-security"], "year": "2017-18"}, "asOf": "2018-08-01", "orderBy": [{"field": "ID", "direction": "DESC"}]}`, 6,
			"to=cyber-security&year=2017-18&asOf=2018-08-01&orderBy=ID:DESC"},
		{"KnownByJanuary2018", "asOf=2018-01-31", `{"asOf": "2018-01-31"}`, 1, ""},
		{"EveryFlowByAmount", "orderBy=AMOUNT:DESC&orderBy=ID", `{"orderBy": [{"field": "AMOUNT", "direction": "DESC"}, {"field": "ID"}]}`, 40, ""},
		{"MoneyMovedOver10m", "measure=MOVED&amountMin=10000000", `{"where": {"measure": ["MOVED"], "amountMin": "10000000"}}`, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := graphQLFlowRows(t, h, tc.vars)

			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/flows.csv?"+tc.where, nil))
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
				t.Fatalf("HTTP: %d %s", rec.Code, rec.Body.String())
			}
			overHTTP := csvRows(t, rec.Body.Bytes())

			var out bytes.Buffer
			if err := run(context.Background(), []string{"export", "flows", "--where", tc.where}, env("FUNDFLOW_DB", db), &out, io.Discard); err != nil {
				t.Fatal(err)
			}
			fromCLI := csvRows(t, out.Bytes())

			if !bytes.Equal(out.Bytes(), rec.Body.Bytes()) {
				t.Errorf("the command and the URL wrote different files")
			}
			if len(want) < tc.atLeast {
				t.Fatalf("GraphQL gave %d rows, want at least %d: the case tests nothing", len(want), tc.atLeast)
			}
			ways := []struct {
				how  string
				rows [][]string
			}{{"HTTP", overHTTP[1:]}, {"CLI", fromCLI[1:]}}
			if tc.diversions != "" {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/diversions.csv?"+tc.diversions, nil))
				ways = append(ways, struct {
					how  string
					rows [][]string
				}{"diversions.csv", csvRows(t, rec.Body.Bytes())[1:]})
			}
			for _, got := range ways {
				if len(got.rows) != len(want) {
					t.Errorf("%s: %d rows, GraphQL %d", got.how, len(got.rows), len(want))
					continue
				}
				for i := range want {
					if strings.Join(got.rows[i], "\x1f") != strings.Join(want[i], "\x1f") {
						t.Errorf("%s row %d:\n got %q\nwant %q", got.how, i+1, got.rows[i], want[i])
					}
				}
			}
		})
	}
}

// exportError is an error answer of the API's shape.
type exportError struct {
	Message    string
	Extensions struct {
		Code     string
		Problems []struct{ Field, Value, Message string }
	}
}

func decodeExportError(tb testing.TB, rec *httptest.ResponseRecorder) exportError {
	tb.Helper()
	var body struct{ Errors []exportError }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 || rec.Header().Get("Content-Type") != "application/json" {
		tb.Fatalf("want one JSON error, got %v %q %s", err, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	return body.Errors[0]
}

func TestExportRefusesBadParameters(t *testing.T) {
	h, _ := exportServer(t)
	q := url.Values{"kind": {"DIVERSION", "NOPE"}, "year": {"2017"}, "amountMin": {"£5m"}, "sortBy": {"AMOUNT"}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/flows.csv?"+q.Encode(), nil))
	if rec.Code != http.StatusBadRequest || strings.Contains(rec.Body.String(), "id,kind") {
		t.Fatalf("got %d %s, want 400 and no CSV", rec.Code, rec.Body.String())
	}
	e := decodeExportError(t, rec)
	want := map[string]string{"kind": "NOPE", "year": "2017", "amountMin": "£5m", "sortBy": "AMOUNT"}
	if e.Extensions.Code != "INVALID" || len(e.Extensions.Problems) != len(want) {
		t.Fatalf("got %+v, want INVALID with %d problems", e, len(want))
	}
	for _, p := range e.Extensions.Problems {
		if want[p.Field] != p.Value || !strings.Contains(e.Message, p.Field) {
			t.Errorf("problem %+v: want %s=%q, named in the message %q", p, p.Field, want[p.Field], e.Message)
		}
	}
}

func TestExportLimits(t *testing.T) {
	t.Run("RowLimitRefusesUpFront", func(t *testing.T) {
		h, db := exportServer(t, "FUNDFLOW_MAX_EXPORT_ROWS", "3")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/flows.csv", nil))
		if e := decodeExportError(t, rec); rec.Code != http.StatusBadRequest || e.Extensions.Code != "LIMIT_EXCEEDED" {
			t.Errorf("got %d %+v, want 400 LIMIT_EXCEEDED", rec.Code, e)
		}
		out := filepath.Join(t.TempDir(), "flows.csv")
		err := run(context.Background(), []string{"export", "flows", "--max-export-rows", "3", "--out", out}, env("FUNDFLOW_DB", db), io.Discard, io.Discard)
		if exitCode(err) != 1 || !strings.Contains(err.Error(), "export limit of 3") {
			t.Errorf("got %v, want exit 1 naming the limit", err)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(left) != 0 {
			t.Errorf("a refused export left files: %v", left)
		}
	})

	t.Run("SameRateLimiterAsGraphQL", func(t *testing.T) {
		h, _ := exportServer(t, "FUNDFLOW_RATE_LIMIT", "0.001", "FUNDFLOW_RATE_BURST", "1")
		req := httptest.NewRequest(http.MethodGet, "/graphql?query=%7B__typename%7D", nil)
		h.ServeHTTP(httptest.NewRecorder(), req)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/funds.csv", nil))
		if rec.Code != http.StatusTooManyRequests {
			t.Errorf("an export after the client's burst on /graphql: got %d, want 429", rec.Code)
		}
	})

	t.Run("TimeLimitOfGraphQL", func(t *testing.T) {
		// A limit that has always passed by the time the store is asked.
		h, _ := exportServer(t, "FUNDFLOW_TIMEOUT", "1ns")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/funds.csv", nil))
		if e := decodeExportError(t, rec); rec.Code != http.StatusGatewayTimeout || e.Extensions.Code != "TIMEOUT" {
			t.Errorf("got %d %+v, want 504 TIMEOUT", rec.Code, e)
		}
	})

	t.Run("ServedInProduction", func(t *testing.T) {
		h, _ := exportServer(t, "FUNDFLOW_MODE", "production")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/funds.csv", nil))
		if rows := csvRows(t, rec.Body.Bytes()); rec.Code != http.StatusOK || len(rows) != 2 || rows[1][0] != "phc-2020" {
			t.Errorf("got %d %q", rec.Code, rows)
		}
	})

	t.Run("BadLimitSettingIsRefused", func(t *testing.T) {
		err := run(context.Background(), []string{"export", "funds"}, env("FUNDFLOW_MAX_EXPORT_ROWS", "many"), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "FUNDFLOW_MAX_EXPORT_ROWS") {
			t.Errorf("got %v", err)
		}
	})
}

func TestExportCommand(t *testing.T) {
	_, db := exportServer(t)
	t.Run("HelpListsAndDescribesIt", func(t *testing.T) {
		if r := cli(t, 5*time.Second, "help"); !strings.Contains(r.stdout, "\texport ") {
			t.Errorf("help lacks export:\n%s", r.stdout)
		}
		r := cli(t, 5*time.Second, "export", "--help")
		for _, w := range []string{"usage: fundflow export [flags] LIST", "-where string", "-out string", "-bom", "-max-export-rows"} {
			if r.err != nil || !strings.Contains(r.stdout, w) {
				t.Errorf("export --help lacks %q (%v):\n%s", w, r.err, r.stdout)
			}
		}
	})

	t.Run("MisuseExits2", func(t *testing.T) {
		for _, args := range [][]string{{"export"}, {"export", "nosuch"}, {"export", "flows", "funds"}, {"export", "flows", "--where", "kind=NOPE"}, {"export", "--nosuch", "flows"}} {
			var stderr bytes.Buffer
			err := run(context.Background(), args, env("FUNDFLOW_DB", db), io.Discard, &stderr)
			if exitCode(err) != 2 || !strings.Contains(stderr.String(), "usage: fundflow export") {
				t.Errorf("%q: got %v (exit %d), stderr %q", args, err, exitCode(err), stderr.String())
			}
		}
	})

	t.Run("NoStoreIsAnError", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "none.db")
		err := run(context.Background(), []string{"export", "funds"}, env("FUNDFLOW_DB", missing), io.Discard, io.Discard)
		if exitCode(err) != 1 || !strings.Contains(err.Error(), "no store") {
			t.Errorf("got %v", err)
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Errorf("export created the store: %v", err)
		}
	})

	t.Run("OutWritesTheFile", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "lines.csv")
		err := run(context.Background(), []string{"export", "--db", db, "budgetLines", "--where", "year=2017-18", "--bom", "--out", out}, env(), io.Discard, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(b, []byte("\uFEFFid,programme,")) {
			t.Fatalf("got %v %.40q", err, b)
		}
		if rows := csvRows(t, b); len(rows) < 2 {
			t.Errorf("no lines for 2017-18: %q", rows)
		}
		// A file to share, not a private temporary one.
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("the file's mode is %v (%v), want 0644", fi.Mode().Perm(), err)
		}
	})

	t.Run("BOMAskedTwiceIsOneBOM", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "lines.csv")
		err := run(context.Background(), []string{"export", "--db", db, "budgetLines", "--where", "year=2017-18&bom=1", "--bom", "--out", out}, env(), io.Discard, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("\uFEFFid,")) || bytes.HasPrefix(b, []byte("\uFEFF\uFEFF")) {
			t.Errorf("got %.40q, want one byte order mark", b)
		}
	})

	t.Run("OutIsADirectory", func(t *testing.T) {
		dir := t.TempDir()
		err := run(context.Background(), []string{"export", "--db", db, "funds", "--out", dir}, env(), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "is a directory") {
			t.Fatalf("got %v, want an error saying -out is a directory", err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("left %d files in %s", len(left), dir)
		}
	})
}

// TestExportErrorsAsGraphQL: an export refused by the ledger (an unknown
// id) answers the error GraphQL answers for the same filter, message and
// extensions alike, with its problem told once.
func TestExportErrorsAsGraphQL(t *testing.T) {
	h, _ := exportServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/flows.csv?to=nonexistent", nil))
	var exp struct{ Errors []map[string]any }
	if err := json.Unmarshal(rec.Body.Bytes(), &exp); err != nil || len(exp.Errors) != 1 {
		t.Fatalf("export: %d %s", rec.Code, rec.Body.String())
	}
	body := strings.NewReader(`{"query":"{ flows(where: {to: [\"nonexistent\"]}) { totalCount } }"}`)
	req := httptest.NewRequest(http.MethodPost, "/graphql", body)
	req.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var gql struct{ Errors []map[string]any }
	if err := json.Unmarshal(rec.Body.Bytes(), &gql); err != nil || len(gql.Errors) != 1 {
		t.Fatalf("graphql: %d %s", rec.Code, rec.Body.String())
	}
	e, g := exp.Errors[0], gql.Errors[0]
	if e["message"] != g["message"] {
		t.Errorf("export message %q, GraphQL's %q", e["message"], g["message"])
	}
	if fmt.Sprint(e["extensions"]) != fmt.Sprint(g["extensions"]) {
		t.Errorf("export extensions %v, GraphQL's %v", e["extensions"], g["extensions"])
	}
	if msg, _ := e["message"].(string); strings.Count(msg, "nonexistent") != 1 {
		t.Errorf("the message %q tells its problem more than once", msg)
	}
}
