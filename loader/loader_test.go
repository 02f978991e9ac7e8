package loader_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
	"github.com/fundflow/fundflow/storetest"
)

func openStore(tb testing.TB) flow.Store {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// service returns the service over st, as the load command builds it.
func service(st flow.Store) *ledger.Service { return ledger.New(st, zerolog.Nop(), time.Now) }

func TestBundled(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		ds, err := loader.ParseFS(data.FS, data.NHSTech)
		if err != nil {
			t.Fatalf("bundled dataset: %v", err)
		}
		want := flow.Counts{Funds: 1, Programmes: 6, Organisations: 14, Sources: 2, Flows: 15, BudgetLines: 7, Links: 8,
			People: 8, Facts: 5, Statements: 10, Citations: 72}
		if got := ds.Data().Counts(); got != want {
			t.Errorf("counts: got %+v, want %+v", got, want)
		}
	})

	t.Run("EveryQuoteIsInItsSource", func(t *testing.T) {
		// Parse checks quotes against the bundled texts; prove the check
		// runs by breaking one quote.
		b, err := data.FS.ReadFile(data.NHSTech)
		if err != nil {
			t.Fatal(err)
		}
		broken := strings.Replace(string(b), "£81m less than planned", "£91m less than planned", 1)
		_, err = loader.Parse("nhs.yaml", []byte(broken), os.DirFS("../data"))
		if !strings.Contains(err.Error(), "quote does not appear in the text of source hsj-2018-07-provider-digitisation") {
			t.Errorf("altered quote: got %v, want it reported", err)
		}
	})

	t.Run("LoadsFromFile", func(t *testing.T) {
		st := openStore(t)
		defer st.Close()
		ds, err := loader.ParseFile("../data/nhs-tech-2016-18.yaml")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := service(st).Load(context.Background(), ds)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Counts.Flows != 15 || rep.Counts.BudgetLines != 7 {
			t.Errorf("report: got %+v", rep)
		}
	})
}

// TestBroken loads each broken file into a store that already holds the
// bundled data, and checks that every problem is reported with its line and
// id, and that the store is unchanged.
func TestBroken(t *testing.T) {
	svc := storetest.Loaded(t, func(tb testing.TB) flow.Store { return openStore(tb) })
	before := storetest.Snapshot(t, svc)
	for _, tc := range []struct {
		file string
		want []string // one per problem: "line: id: field: message"
	}{
		{"dangling-reference", []string{`:27: wifi-to-cyber: to: dangling reference: no fund or programme has this id (got "cyber")`}},
		{"duplicate-id", []string{
			`:17: wifi: id: duplicate id: already used by a programme (got "wifi")`,
			`:27: wifi-to-cyber: to: dangling reference: no fund or programme has this id (got "cyber-security")`,
		}},
		{"negative-amount", []string{`:29: wifi-to-cyber: amount: amount must not be negative (got "-£13.7m")`}},
		{"above-ceiling", []string{`:29: wifi-to-cyber: amount: amounts may not exceed £10 trillion (10000000000000 pounds) either way (got "£20000bn")`}},
		{"future-published", []string{`:8: hsj-july: published: published lies after today, `}},
		{"retracted-status", []string{`:30: wifi-to-cyber: status: RETRACTED is set only by retracting a flow, with a reason`}},
		{"year-with-slash", []string{`:28: wifi-to-cyber: year: financial year must be written like 2017-18 (April 2017 to March 2018) (got "2017/2018")`}},
		{"unknown-status", []string{`:30: wifi-to-cyber: status: unknown status; want one of PLANNED, ACTUAL, CONFIRMED, REPORTED, PROPOSED, REQUESTED, ANNOUNCED, ESTIMATED, FORECAST (got "RUMOURED")`}},
		{"bounds-exclude-point", []string{`:29: wifi-to-cyber: amount.low: lower bound is above the amount £13.7m (got "£20m")`}},
		{"no-citation", []string{`:24: wifi-to-cyber: citations: every figure needs at least one citation`}},
		{"malformed-yaml", []string{`:13: malformed YAML: did not find expected '-' indicator`}},
		{"wrong-types", []string{
			`:12: tech-fund: name: wrong type: want text, got a list`,
			`:42: wifi-2017-18: citations: wrong type: want a list, got "The figures also showed"`,
		}},
		{"empty", []string{`:1: file is empty`}},
		{"unknown-field", []string{
			`:24: wifi-to-cyber: amount: amount is required`,
			`:29: wifi-to-cyber: amout: unknown field in a flow; want one of amount, citations, from, id, kind, note, status, to, year`,
		}},
		{"misquote", []string{`:33: wifi-to-cyber: quote: quote does not appear in the text of source hsj-july (got "Most of this money was diverted.")`}},
		{"not-an-amount", []string{`:38: wifi-2017-18: planned: not an amount: write pounds like £202.6m, £1bn, £5,100,000 or 81000000 (got "lots")`}},
		{"unknown-kind", []string{`:25: wifi-to-cyber: kind: unknown kind; want one of ALLOCATION, DIVERSION, PAYMENT, REQUEST, REQUIREMENT (got "DONATION")`}},
		{"unknown-qualifier", []string{`:29: wifi-to-cyber: amount.qualifier: unknown qualifier; want one of EXACT, ABOUT, AT_LEAST, AT_MOST, MAJORITY_OF, RANGE (got "ROUGHLY")`}},
		{"wrong-endpoint", []string{`:27: wifi-to-cyber: to: refers to a programme; want an organisation (got "cyber-security")`}},
		{"variance-mismatch", []string{`:40: wifi-2017-18: variance: variance does not match actual - planned = -£13.7m (got "-£12m")`}},
		{"api-dataset", []string{`:3: dataset: dataset api holds the records written through the API and cannot be loaded from a file; choose another dataset id (got "api")`}},
		{"missing-source-file", []string{`:9: hsj-july: file: cannot read the source's text file beside the dataset (got "sources/missing.txt")`}},
		{"fact-invented-point", []string{`:18: gp-practices-infected: count: the value is not written in stated "hundreds of GP practices"; where the source gives only a phrase, leave the value out and give the bounds (got "100")`}},
		{"facts-several-problems", []string{
			`:22: trusts-infected: count.high: upper bound is below the value 81 (got "50")`,
			`:31: trusts-infected-again: stated: stated does not appear in any of the record's quotes (got "at least 91 trusts")`,
			`:32: trusts-infected-again: count: not a count: write a whole number like 81 or 1,000 (got "about ninety")`,
			`:38: appointments-cancelled: subject: refers to a source; want a fund or programme or organisation or person (got "hsj-january")`,
			`:42: appointments-cancelled: date: date is after the first report of it (2018-01-24) (got "2018-03")`,
		}},
		{"statements-several-problems", []string{
			`:19: nhs-england-spokesperson: organisation: dangling reference: no organisation has this id (got "nhs-englnd")`,
			`:22: early-draft: person: refers to an organisation; want a person (got "nhs-england")`,
			`:23: early-draft: form: unknown form; want one of DIRECT, REPORTED (got "PARAPHRASED")`,
			`:24: early-draft: said: said does not appear in any of the record's quotes (got "the review was only an early draft")`,
			`:25: early-draft: date: date is after the first report of it (2018-01-24) (got "2018-02")`,
			`:26: early-draft: about: refers to a source; want a fund or programme or organisation or person (got "hsj-january")`,
		}},
		{"bad-bytes", []string{
			`:3: NUL byte at column 10; a dataset file must be UTF-8 text`,
			`:6: invalid UTF-8: byte 0xe9 at column 13; a dataset file must be UTF-8 text`,
		}},
		{"missing-dataset", []string{`:2: missing dataset: the file must name its dataset, like dataset: nhs-tech-2016-18`}},
		{"top-level-list", []string{`:2: the file must be a mapping with dataset:, title:, sources:, funds:, programmes:, organisations:, flows: and budget_lines: at the top, got a list`}},
		{"top-level-scalar", []string{`:2: the file must be a mapping with dataset:, title:, sources:, funds:, programmes:, organisations:, flows: and budget_lines: at the top, got "small"`}},
		{"second-document", []string{`:45: a second YAML document starts here: a dataset file holds one document, so remove the --- or move what follows to its own file`}},
		{"second-document-invalid", []string{`:45: a second YAML document starts here: a dataset file holds one document, so remove the --- or move what follows to its own file`}},
		{"several-problems", []string{
			`:27: wifi-to-cyber: to: dangling reference: no fund or programme has this id (got "cyber")`,
			`:28: wifi-to-cyber: year: financial year must be written like 2017-18 (April 2017 to March 2018) (got "2017/2018")`,
			`:33: wifi-to-cyber: quote: quote does not appear in the text of source hsj-july (got "Most of this money was diverted.")`,
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			file := filepath.Join("testdata", "broken", tc.file+".yaml")
			ds, err := loader.ParseFile(file)
			if err == nil {
				_, err = svc.Load(context.Background(), ds)
			}
			var fe *flow.Error
			if !errors.As(err, &fe) || fe.Code != flow.EINVALID {
				t.Fatalf("got %v, want an INVALID error", err)
			}
			if len(fe.Problems) != len(tc.want) {
				t.Errorf("got %d problems, want %d:\n%v", len(fe.Problems), len(tc.want), err)
			}
			for i, want := range tc.want {
				if i < len(fe.Problems) {
					if got := fe.Problems[i].String(); !strings.HasPrefix(got, file+want) {
						t.Errorf("problem %d:\n got %s\nwant %s%s", i, got, file, want)
					}
				}
			}
			if !strings.Contains(fe.Message, "nothing was written") {
				t.Errorf("message %q should say nothing was written", fe.Message)
			}
			if after := storetest.Snapshot(t, svc); after != before {
				t.Errorf("the store changed")
			}
		})
	}

	t.Run("ErrConflict", func(t *testing.T) {
		// A valid file whose ids belong to the bundled dataset: the store
		// refuses it inside its transaction.
		ds, err := loader.ParseFile("testdata/valid/small.yaml")
		if err != nil {
			t.Fatalf("valid file: %v", err)
		}
		_, err = svc.Load(context.Background(), ds)
		var fe *flow.Error
		if !errors.As(err, &fe) || fe.Code != flow.ECONFLICT || !strings.Contains(err.Error(), "cyber-security: id: id already belongs to dataset nhs-tech-2016-18") {
			t.Fatalf("got %v, want CONFLICT naming cyber-security", err)
		}
		if after := storetest.Snapshot(t, svc); after != before {
			t.Errorf("the store changed")
		}
	})

	t.Run("ErrMissingFile", func(t *testing.T) {
		_, err := loader.ParseFile("testdata/no-such-file.yaml")
		if flow.ErrorCode(err) != flow.EINVALID || !strings.Contains(err.Error(), "cannot read dataset testdata/no-such-file.yaml: no such file or directory") {
			t.Errorf("got %v", err)
		}
	})
}

func TestReloadIsIdempotent(t *testing.T) {
	st := openStore(t)
	defer st.Close()
	svc := service(st)
	ctx := context.Background()
	load := func() *flow.LoadReport {
		ds, err := loader.ParseFile("testdata/valid/small.yaml")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := svc.Load(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	load()
	first := storetest.Snapshot(t, svc)
	if rep := load(); rep.Removed != 0 {
		t.Errorf("second load removed %d records", rep.Removed)
	}
	if second := storetest.Snapshot(t, svc); second != first {
		t.Errorf("loading twice changed the graph:\n%s\n%s", first, second)
	}
}
