package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// amountCell is what a spreadsheet reads as a number: plain decimal pounds,
// or an empty cell for an amount the source does not state.
var amountCell = regexp.MustCompile(`^(-?[0-9]+(\.[0-9]{2})?)?$`)

func TestFlowsReadBack(t *testing.T) {
	svc, _ := bundled(t)
	ctx := context.Background()
	// A quote with every character CSV must quote, and texts a spreadsheet
	// would run as formulas.
	quote := "He said \"£5m, or \"about\" that\",\nthen left"
	if err := svc.CreateNode(ctx, "test", &flow.Source{ID: "memo", Title: "=HYPERLINK(\"http://x\")", Publisher: "+Press", Published: "2018-03-01"}); err != nil {
		t.Fatal(err)
	}
	f := &flow.Flow{ID: "memo-payment", Kind: flow.Payment, FromID: "cyber-security", ToID: "ambulance-trusts", Year: "2017-18",
		Amount: flow.GBP(350), Status: flow.Reported, Note: "-see the memo", Citations: []flow.Citation{{SourceID: "memo", Quote: quote}}}
	if err := svc.RecordFlow(ctx, "test", f); err != nil {
		t.Fatal(err)
	}

	header, rows := exported(t, svc, "flows", "", Options{})
	if strings.Join(header, ",") != strings.Join(flowHeader, ",") {
		t.Errorf("header %v, want %v", header, flowHeader)
	}
	amount, low, high := column(t, header, "amount"), column(t, header, "low"), column(t, header, "high")
	var memo []string
	for _, r := range rows {
		for _, i := range []int{amount, low, high} {
			if !amountCell.MatchString(r[i]) {
				t.Errorf("%s: %s %q is not a plain amount", r[0], header[i], r[i])
			}
		}
		if r[0] == "memo-payment" {
			memo = r
		}
	}
	first := flow.MaxPageSize
	all, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{First: &first}})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range all.Items {
		want += max(1, len(f.Citations))
	}
	if len(rows) != want || want <= len(all.Items) {
		t.Errorf("%d rows, want %d: one per citation of each of the %d flows", len(rows), want, len(all.Items))
	}
	if memo == nil {
		t.Fatal("the recorded flow is missing")
	}
	cells := map[string]string{
		"quote": quote, "amount": "3.50", "low": "3.50", "qualifier": "EXACT",
		"sourceTitle": "'=HYPERLINK(\"http://x\")", "publisher": "'+Press", "note": "'-see the memo",
		"fromName": "Cyber security", "published": "2018-03-01",
	}
	for col, v := range cells {
		if got := memo[column(t, header, col)]; got != v {
			t.Errorf("%s: got %q, want %q", col, got, v)
		}
	}
}

func TestLinesEndInCRLF(t *testing.T) {
	svc, _ := bundled(t)
	req, err := ParseQuery("funds", "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := req.Write(context.Background(), svc, &buf, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.HasPrefix(got, "id,name,aliases,description,dataset\r\n") || strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Errorf("want every line ended by CRLF (RFC 4180): %q", got)
	}
}

func TestProvidersDigitisationVariance(t *testing.T) {
	svc, _ := bundled(t)
	header, rows := exported(t, svc, "budgetLines", "programme=provider-digitisation&year=2017-18", Options{})
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, r := range rows {
		got := map[string]string{}
		for _, c := range []string{"planned", "actual", "variance", "derived"} {
			got[c] = r[column(t, header, c)]
		}
		// The variance is stated, negative, and
		// written as a number: no apostrophe.
		if got["planned"] != "202600000" || got["actual"] != "121600000" || got["variance"] != "-81000000" || got["derived"] != "" {
			t.Errorf("%s: got %v", r[0], got)
		}
	}
}

func TestTextGuard(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+44 20": "'+44 20", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"-2+3": "'-2+3", "-": "'-", "-12": "-12", "-12.5": "-12.5", "-1.": "'-1.",
		"plain": "plain", "": "", "a=b": "a=b", "2017-18": "2017-18",
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseListsEveryProblem(t *testing.T) {
	_, err := ParseQuery("flows", "kind=NOPE&year=2017&asOf=yesterday&amountMin=£5m&orderBy=AMOUNT:UP&first=10&programme=a&programme=b")
	var fe *flow.Error
	if !errors.As(err, &fe) || fe.Code != flow.EINVALID {
		t.Fatalf("got %v, want INVALID", err)
	}
	got := map[string]string{}
	for _, p := range fe.Problems {
		got[p.Field] = p.Value
	}
	want := map[string]string{"kind": "NOPE", "year": "2017", "asOf": "yesterday", "amountMin": "£5m", "orderBy": "AMOUNT:UP", "first": "10", "programme": "a,b"}
	if len(fe.Problems) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(fe.Problems), len(want), fe)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("problem with %s: got value %q, want %q (%v)", k, got[k], v, fe)
		}
	}
	if _, err := ParseQuery("nosuch", ""); flow.ErrorCode(err) != flow.ENOTFOUND {
		t.Errorf("unknown list: got %v, want NOT_FOUND", err)
	}
	if _, err := ParseQuery("totals", "year=2017-18"); flow.ErrorCode(err) != flow.EINVALID || !strings.Contains(err.Error(), "groupBy") {
		t.Errorf("totals without groupBy: got %v", err)
	}
}

func TestRowLimit(t *testing.T) {
	svc, _ := bundled(t)
	ctx := context.Background()
	req, err := ParseQuery("flows", "kind=DIVERSION")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("RefusedBeforeTheFirstByte", func(t *testing.T) {
		var buf bytes.Buffer
		err := req.Write(ctx, svc, &buf, Options{MaxRows: 2})
		if flow.ErrorCode(err) != flow.ETOOLARGE || !strings.Contains(err.Error(), "more than the export limit of 2") {
			t.Errorf("got %v, want LIMIT_EXCEEDED", err)
		}
		if buf.Len() != 0 {
			t.Errorf("wrote %d bytes before refusing", buf.Len())
		}
	})
	t.Run("AtTheLimit", func(t *testing.T) {
		_, rows := exported(t, svc, "diversions", "to=cyber-security&year=2017-18", Options{MaxRows: 2})
		if len(rows) != 6 { // two diversions, four and two citations
			t.Errorf("%d rows, want 6", len(rows))
		}
	})
	t.Run("GrowingPastItStopsTheFile", func(t *testing.T) {
		_, all := exported(t, svc, "flows", "kind=DIVERSION", Options{})
		ids := map[string]bool{}
		for _, r := range all {
			ids[r[0]] = true
		}
		// A flow recorded after the first page, which sorts after it,
		// takes the export past a limit its count was within.
		w := &onFlush{flush: func(int) {
			f := &flow.Flow{ID: "zz-late-diversion", Kind: flow.Diversion, FromID: "wifi", ToID: "cyber-security", Year: "2017-18",
				Amount: flow.GBP(100), Status: flow.Reported, Citations: []flow.Citation{{SourceID: "hsj-2018-07-provider-digitisation",
					Quote: "This rise in cyber security spending does not fully account for cuts for provider digitalisation."}}}
			if err := svc.RecordFlow(ctx, "test", f); err != nil && !strings.Contains(err.Error(), "already") {
				t.Error(err)
			}
		}}
		err := req.Write(ctx, svc, w, Options{MaxRows: len(ids), PageSize: 1})
		if flow.ErrorCode(err) != flow.ETOOLARGE || !strings.Contains(err.Error(), "incomplete") {
			t.Errorf("got %v, want LIMIT_EXCEEDED saying the file is incomplete", err)
		}
		if w.Len() == 0 {
			t.Error("nothing was written before the limit was passed")
		}
	})
}

// onFlush is a buffer that records how much it held at each flush and
// calls flush with the flush's number.
type onFlush struct {
	bytes.Buffer
	sizes []int
	flush func(n int)
}

func (w *onFlush) Flush() error {
	w.sizes = append(w.sizes, w.Len())
	if w.flush != nil {
		w.flush(len(w.sizes))
	}
	return nil
}

func TestStreamsPageByPage(t *testing.T) {
	svc, store := bundled(t)
	req, err := ParseQuery("diversions", "to=cyber-security&year=2017-18")
	if err != nil {
		t.Fatal(err)
	}
	w := &onFlush{}
	// What the reader had been sent when each page was fetched.
	var sentBefore []int
	store.reset(0, func(int) { sentBefore = append(sentBefore, w.Len()) })
	if err := req.Write(context.Background(), svc, w, Options{PageSize: 1}); err != nil {
		t.Fatal(err)
	}
	// Two diversions, a page each: two fetches, each page flushed before
	// the next was fetched.
	if len(sentBefore) != 2 || len(w.sizes) != 2 {
		t.Fatalf("%d fetches and %d flushes, want 2 of each", len(sentBefore), len(w.sizes))
	}
	if sentBefore[0] != 0 || sentBefore[1] != w.sizes[0] || w.sizes[0] == 0 || w.sizes[1] <= w.sizes[0] {
		t.Errorf("bytes sent before each fetch %v, at each flush %v: want each page flushed before the next is fetched", sentBefore, w.sizes)
	}
	first, err := csv.NewReader(bytes.NewReader(w.Bytes()[:w.sizes[0]])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 1+4 || first[1][0] != "provider-digitisation-to-cyber-security-2017-18" {
		t.Errorf("the first flush held %d rows, want the header and the first flow's four citations", len(first))
	}
}

func TestEmptyListIsAHeader(t *testing.T) {
	svc, _ := bundled(t)
	header, rows := exported(t, svc, "funds", "nameContains=no+such+fund&bom=1", Options{})
	if len(rows) != 0 || !strings.HasPrefix(header[0], bom) || strings.TrimPrefix(header[0], bom) != "id" {
		t.Errorf("got header %q and %d rows, want a header after a byte order mark", header, len(rows))
	}
}

func TestTotalsRows(t *testing.T) {
	svc, _ := bundled(t)
	header, rows := exported(t, svc, "totals", "groupBy=YEAR&groupBy=PROGRAMME&programme=cyber-security&measure=ACTUAL", Options{})
	if strings.Join(header[:3], ",") != "year,programme,programmeName" {
		t.Errorf("header %v", header)
	}
	found := false
	for _, r := range rows {
		if r[0] == "2017-18" && r[1] == "cyber-security" && r[column(t, header, "measure")] == "ACTUAL" {
			found = true
			if got := r[column(t, header, "amount")]; got != "72400000" || r[2] != "Cyber security" {
				t.Errorf("cyber security 2017-18 actual: %v", r)
			}
		}
	}
	if !found {
		t.Errorf("no row for cyber security's 2017-18 actual spend: %v", rows)
	}
}

func TestEveryListExports(t *testing.T) {
	svc, _ := bundled(t)
	for _, list := range Lists() {
		t.Run(list, func(t *testing.T) {
			query := ""
			if list == "totals" {
				query = "groupBy=YEAR"
			}
			req, err := ParseQuery(list, query)
			if err != nil {
				t.Fatal(err)
			}
			header, rows := exported(t, svc, list, query, Options{PageSize: 3})
			if strings.Join(header, ",") != strings.Join(req.Header(), ",") || len(rows) == 0 {
				t.Errorf("header %v (want %v), %d rows", header, req.Header(), len(rows))
			}
		})
	}
}

func TestFactsNotMoney(t *testing.T) {
	svc, _ := bundled(t)
	header, rows := exported(t, svc, "facts", "ids=digital-exemplar-trusts-count", Options{})
	if len(rows) == 0 || rows[0][column(t, header, "value")] != "23" || rows[0][column(t, header, "subjectName")] != "Digital exemplar trusts" {
		t.Errorf("the 23 digital exemplar trusts: %q", rows)
	}
	header, rows = exported(t, svc, "statements", "about=cyber-security&orderBy=ID", Options{})
	for _, r := range rows {
		if !strings.Contains(r[column(t, header, "about")], "cyber-security") || r[column(t, header, "said")] == "" {
			t.Errorf("a statement not about cyber security: %q", r)
		}
	}
	if len(rows) < 2 {
		t.Errorf("%d statements about cyber security", len(rows))
	}
	header, rows = exported(t, svc, "people", "organisation=dhsc", Options{})
	for _, r := range rows {
		if r[column(t, header, "organisationName")] != "Department of Health and Social Care" {
			t.Errorf("not at DHSC: %q", r)
		}
	}
	if len(rows) == 0 {
		t.Error("no one at DHSC")
	}
}

// TestPagingChangesNothing: every list read a record at a time, following
// the cursor through every page, is the file read in one page.
func TestPagingChangesNothing(t *testing.T) {
	svc, _ := bundled(t)
	for _, list := range Lists() {
		t.Run(list, func(t *testing.T) {
			query := "orderBy=ID:DESC"
			switch list {
			case "totals":
				query = "groupBy=YEAR&groupBy=KIND"
			case "budgetLines", "people", "facts", "statements":
				query = ""
			}
			write := func(size int) []byte {
				req, err := ParseQuery(list, query)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := req.Write(context.Background(), svc, &buf, Options{PageSize: size}); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}
			one, whole := write(1), write(500)
			if !bytes.Equal(one, whole) {
				t.Errorf("a record a page wrote %d bytes, one page %d:\n%s\n---\n%s", len(one), len(whole), one, whole)
			}
			// The bundled data has one fund; every other list has several
			// records, so several pages.
			if _, rows := readCSV(t, whole); len(rows) < 2 && list != "funds" {
				t.Errorf("%d rows: paging is not exercised", len(rows))
			}
		})
	}
}
