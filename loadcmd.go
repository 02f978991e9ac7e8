package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
)

// runLoad validates a dataset file completely and, unless --dry-run, loads
// it in one transaction. Every problem is printed with file and line.
func runLoad(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	// The flags, their help and the check for exactly one file are in the
	// command table (cli.go), shared with "fundflow help load".
	fs, err := mustLookup("load").parse(&cfg, args, stdout, stderr)
	if err != nil {
		return err
	}
	file := fs.Arg(0)
	boundHeap(loadHeapLimit)
	ds, err := loader.ParseFile(file)
	if err != nil {
		return err
	}
	if cfg.DryRun {
		fmt.Fprintf(stdout, "%s is valid: dataset %s with %s (dry run: nothing written)\n", file, ds.Data().ID, summary(ds.Data().Counts()))
		return nil
	}
	st, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// The command reports the load itself, on stdout.
	rep, err := ledger.New(st, zerolog.Nop(), time.Now).LoadWith(ctx, ds, ledger.LoadOptions{TakeFile: cfg.TakeFile})
	if err != nil {
		var fe *flow.Error
		if errors.As(err, &fe) && fe.Code == flow.EINTERNAL {
			// The cause is for the operator running the command.
			return fmt.Errorf("%w: %v", err, fe.Err)
		}
		return err
	}
	fmt.Fprintf(stdout, "loaded dataset %s from %s into %s: %s; removed %d stale records\n",
		rep.Dataset, file, cfg.where(), summary(rep.Counts), rep.Removed)
	printConflicts(stdout, rep)
	return nil
}

// summary renders counts as "1 fund, 6 programmes, ...".
func summary(c flow.Counts) string {
	parts := []string{
		count(c.Funds, "fund", "funds"), count(c.Programmes, "programme", "programmes"),
		count(c.Organisations, "organisation", "organisations"), count(c.Sources, "source", "sources"),
		count(c.Flows, "flow", "flows"), count(c.BudgetLines, "budget line", "budget lines"),
		count(c.Links, "link", "links"), count(c.People, "person", "people"), count(c.Facts, "fact", "facts"),
		count(c.Statements, "statement", "statements"), count(c.Citations, "citation", "citations"),
	}
	return strings.Join(parts, ", ")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
