package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/loader"
)

// runLoad validates a dataset file completely and, unless --dry-run, loads
// it in one transaction. Every problem is printed with file and line.
func runLoad(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := cfg.flags("load", stderr)
	fs.BoolVar(&cfg.DryRun, "dry-run", false, "validate only; write nothing")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fundflow load [--dry-run] [--db FILE] DATASET.yaml")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	file := fs.Arg(0)
	ds, err := loader.ParseFile(file)
	if err != nil {
		return err
	}
	if cfg.DryRun {
		fmt.Fprintf(stdout, "%s is valid: dataset %s with %s (dry run: nothing written)\n", file, ds.ID, summary(ds.Counts()))
		return nil
	}
	st, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := loader.Write(ctx, st, ds)
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
	return nil
}

// summary renders counts as "1 fund, 6 programmes, ...".
func summary(c flow.Counts) string {
	parts := []string{
		count(c.Funds, "fund", "funds"), count(c.Programmes, "programme", "programmes"),
		count(c.Organisations, "organisation", "organisations"), count(c.Sources, "source", "sources"),
		count(c.Flows, "flow", "flows"), count(c.BudgetLines, "budget line", "budget lines"),
		count(c.Citations, "citation", "citations"),
	}
	return strings.Join(parts, ", ")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
