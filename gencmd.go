package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/fundflow/fundflow/internal/gen"
)

// genCommand is "fundflow gen": its entry in the commands table.
var genCommand = command{
	name:  "gen",
	usage: "fundflow gen --flows N --out DIR [--seed S] [--per-source K] [--omit M]",
	short: "write a synthetic dataset of N flows, for benchmarks",
	long: `Gen writes a synthetic dataset in fundflow's own format into DIR: the file
DIR/` + gen.File + ` and its sources' text files in DIR/sources/. It has the shape
of real public-money data — a few funds, many programmes, many more
organisations, a budget line per programme and year, allocations,
diversions, requests and payments — and every figure cites a source whose
text holds the quote, so "fundflow load DIR/` + gen.File + `" loads it with the
quote check on. The records docs/questions.md asks about (phc-2020,
cyber-security, major-trauma-centres, 2017-18) exist at every size. The
same --flows and --seed write the same bytes; the output is streamed, so a
million flows need little memory. See docs/performance.md.`,
	flags: func(*config) *flag.FlagSet {
		fs := flag.NewFlagSet("gen", flag.ContinueOnError)
		fs.Int("flows", 0, "how many flows to write (required, at least 1)")
		fs.String("out", "", "the folder to write into, created if missing (required)")
		fs.Uint64("seed", 1, "chooses names, amounts and endpoints; the same seed writes the same dataset")
		fs.Int("per-source", gen.DefaultPerSource, "how many records cite each source")
		fs.Int("omit", 0, "leave out every N-th payment: the same dataset with records withdrawn, to measure a reload that removes them")
		return fs
	},
}

// runGen is "fundflow gen": it writes the dataset and says what it wrote.
func runGen(cfg config, args []string, stdout, stderr io.Writer) error {
	c := mustLookup("gen")
	fs, err := c.parse(&cfg, args, stdout, stderr)
	if err != nil {
		return err
	}
	get := func(name string) any { return fs.Lookup(name).Value.(flag.Getter).Get() }
	o := gen.Options{Flows: get("flows").(int), Seed: get("seed").(uint64), PerSource: get("per-source").(int), Omit: get("omit").(int)}
	out := get("out").(string)
	switch {
	case o.Flows < 1:
		fmt.Fprintf(stderr, "fundflow gen: --flows must be at least 1, got %d\n", o.Flows)
	case out == "":
		fmt.Fprintln(stderr, "fundflow gen: --out DIR is required")
	case o.PerSource < 1:
		fmt.Fprintf(stderr, "fundflow gen: --per-source must be at least 1, got %d\n", o.PerSource)
	case o.Omit < 0:
		fmt.Fprintf(stderr, "fundflow gen: --omit must not be negative, got %d\n", o.Omit)
	default:
		st, err := gen.Write(out, o)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		fmt.Fprintf(stdout, "wrote %s: %d funds, %d programmes, %d organisations, %d sources, %d flows, %d budget lines, %d links, %d citations\n",
			filepath.Join(out, gen.File), st.Funds, st.Programmes, st.Organisations, st.Sources, st.Flows, st.BudgetLines, st.Links, st.Citations)
		return nil
	}
	c.printUsage(stderr)
	return errUsage
}
