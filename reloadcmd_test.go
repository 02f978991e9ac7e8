package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/sqlite"
)

// TestLoadCommandReportsConflicts: after a correction and a retraction
// through the API, "fundflow load" keeps both and lists each conflict,
// "load -take-file" writes the file's figures and says so, and the load
// after that finds nothing to report. docs/data.md shows both outputs.
func TestLoadCommandReportsConflicts(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "fundflow.db")
	load := func(flags ...string) string {
		t.Helper()
		var out bytes.Buffer
		args := append(append([]string{"load", "--db", db}, flags...), "data/nhs-tech-2016-18.yaml")
		if err := run(ctx, args, env(), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		// As "go run . load" prints it in the working directory.
		return "$ go run . load " + strings.Join(append(flags, "data/nhs-tech-2016-18.yaml"), " ") + "\n" +
			strings.ReplaceAll(out.String(), db, "fundflow.db")
	}
	load()
	// The API's writes, as the server makes them, at a known time.
	st, err := sqlite.Open(ctx, db, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc := ledger.New(st, zerolog.Nop(), func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) })
	amount := flow.Money{Amount: new(flow.Pence(80_000_000_00)), Qualifier: flow.MajorityOf}
	headline := flow.Citation{SourceID: "hsj-2018-07-provider-digitisation", Quote: "DHSC figures show £80m less spent than planned on “provider digitisation” in 2017-18"}
	if _, err := svc.CorrectFlow(ctx, "newsdesk", "provider-digitisation-to-cyber-security-2017-18", amount, []flow.Citation{headline}, "headline figure"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RetractFlow(ctx, "newsdesk", "wifi-to-cyber-security-2017-18", "misread the spokesman"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	kept, took, after := load(), load("--take-file"), load()
	for name, want := range map[string][]string{
		"kept": {"2 records changed through the API since the last load differ from the file; kept as the API left them",
			"  flow provider-digitisation-to-cyber-security-2017-18: amount: file: the majority of the £81m underspend (MAJORITY_OF; £40.5m–£81m); stored: £80m (MAJORITY_OF; £40m–£80m); set by CORRECTED by newsdesk at 2026-11-23T09:00:00Z\n",
			"  flow wifi-to-cyber-security-2017-18: status: file: CONFIRMED; stored: RETRACTED; set by RETRACTED by newsdesk at 2026-11-23T09:00:00Z\n"},
		"took": {"2 records changed through the API since the last load differ from the file; wrote the file's version, as asked"},
	} {
		out := map[string]string{"kept": kept, "took": took}[name]
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", name, w, out)
			}
		}
	}
	if n := strings.Count(after, "\n"); n != 2 {
		t.Errorf("the load after taking the file should report nothing more:\n%s", after)
	}
	const page = "docs/data.md" // its section "Loading" shows both outputs
	doc, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{kept, took} {
		if !strings.Contains(string(doc), out) {
			t.Errorf("%s should show the real output:\n%s", page, out)
		}
	}
}

// TestLoadCommandSaysWhenTheFileCaughtUp: once the curator copies a
// correction into the file, the load reports the flow as the file's again
// instead of a conflict.
func TestLoadCommandSaysWhenTheFileCaughtUp(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "fundflow.db")
	if err := run(ctx, []string{"load", "--db", db, "data/nhs-tech-2016-18.yaml"}, env(), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	amount := flow.Money{Amount: new(flow.Pence(80_000_000_00)), Qualifier: flow.MajorityOf}
	headline := flow.Citation{SourceID: "hsj-2018-07-provider-digitisation", Quote: "DHSC figures show £80m less spent than planned on “provider digitisation” in 2017-18"}
	if _, err := ledger.New(st, zerolog.Nop(), time.Now).CorrectFlow(ctx, "newsdesk", "provider-digitisation-to-cyber-security-2017-18", amount, []flow.Citation{headline}, "headline figure"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// The bundled file with the correction copied in, beside the sources.
	b, err := os.ReadFile("data/nhs-tech-2016-18.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(b), "amount: {qualifier: majority_of, high: £81m, phrase: the majority of the £81m underspend}", "amount: {value: £80m, qualifier: majority_of}", 1)
	yaml = strings.Replace(yaml, `          This rise in cyber security spending does not fully account for cuts
          for provider digitalisation.
`, `          This rise in cyber security spending does not fully account for cuts
          for provider digitalisation.
      - source: hsj-2018-07-provider-digitisation
        quote: DHSC figures show £80m less spent than planned on “provider digitisation” in 2017-18
`, 1)
	file := filepath.Join(dir, "nhs.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "sources"), os.DirFS("data/sources")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"load", "--db", db, file}, env(), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if want := "provider-digitisation-to-cyber-security-2017-18, changed through the API, now agrees with the file: it is the file's again"; len(lines) != 2 || lines[1] != want {
		t.Errorf("got:\n%s\nwant a second line %q", out.String(), want)
	}
}
