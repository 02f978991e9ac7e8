// Package gen writes synthetic datasets in fundflow's own YAML format, of
// any size and of the shape real public-money data has: a few funds, many
// programmes, many more organisations, a budget line per programme and
// year, allocations, diversions between programmes, payments to
// organisations (and on between them), requests and requirements. Every
// figure cites a source, and every source's text file holds every quote
// cited from it, so a generated dataset loads with the quote check on.
//
// The output is streamed: records are written as they are made, and only
// the source being filled is open, so a million flows need no more memory
// than ten. The same options always give the same bytes.
//
// The records the documented questions ask about exist under their real
// ids (phc-2020, cyber-security, major-trauma-centres, the year 2017-18),
// so docs/questions.md's queries find work to do at every size.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Options say how large a dataset to write and how.
type Options struct {
	// Flows is how many flows the dataset holds (budget lines, sources and
	// nodes are in proportion to it).
	Flows int
	// Seed chooses the amounts, names and endpoints; the same seed and
	// size give the same dataset.
	Seed uint64
	// PerSource is how many records cite each source: a monthly spending
	// release of a department holds about a thousand payments.
	PerSource int
	// Omit, when above 0, leaves out every Omit-th payment (their quotes
	// stay in the sources' texts): the same dataset as without it, with
	// records withdrawn, for measuring a reload that removes records.
	Omit int
}

// DefaultPerSource is how many records cite one source unless told.
const DefaultPerSource = 250

// Stats is how many records of each kind a written dataset holds.
type Stats struct {
	Funds, Programmes, Organisations, Sources, Flows, BudgetLines, Links, Citations int
}

// File is the name of the dataset file Write puts in its folder.
const File = "dataset.yaml"

// Write writes the dataset File and its sources/ text files into dir,
// creating it if needed.
func Write(dir string, o Options) (Stats, error) {
	if o.Flows < 1 {
		return Stats{}, fmt.Errorf("gen: want at least 1 flow, got %d", o.Flows)
	}
	if o.PerSource < 1 {
		o.PerSource = DefaultPerSource
	}
	if err := os.MkdirAll(filepath.Join(dir, "sources"), 0o755); err != nil {
		return Stats{}, err
	}
	f, err := os.Create(filepath.Join(dir, File))
	if err != nil {
		return Stats{}, err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	g := newGenerator(o, dir, bw)
	werr := g.write()
	if err := bw.Flush(); werr == nil {
		werr = err
	}
	if err := f.Close(); werr == nil {
		werr = err
	}
	return g.stats, werr
}

// shape is how many records of each kind a dataset of n flows holds,
// chosen so that the proportions stay those of real data at every size.
type shape struct {
	funds, programmes, orgs, years int
	lines                          int // budget lines: one per programme and year, plus second accounts
}

// firstYear is the first financial year generated; 2017-18 is among them.
const firstYear = 2015

func shapeOf(n int) shape {
	s := shape{
		funds:      clamp(n/2000, 2, 500),
		programmes: clamp(n/100, 3, 10_000),
		orgs:       clamp(n/5, 10, 200_000),
		years:      10,
	}
	for l := range s.programmes * s.years {
		s.lines++
		if hasSecond(l) {
			s.lines++
		}
	}
	return s
}

// hasSecond reports whether programme-year l (programme*years + year) has
// a second, disagreeing account: an in-year forecast beside the outturn,
// as question 9 asks about. One in ten has, cyber security's 2017-18
// among them.
func hasSecond(l int) bool { return l%10 == 2 }

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// generator holds the state of one Write.
type generator struct {
	o     Options
	dir   string
	w     *bufio.Writer
	rng   *rand.Rand
	shape shape
	stats Stats
	err   error
	src   sourceWriter
	// mute drops what printf writes, for an omitted flow.
	mute bool
	// pending are the links to write once the budget lines are written.
	pending []pendingLink
}

func newGenerator(o Options, dir string, w *bufio.Writer) *generator {
	return &generator{o: o, dir: dir, w: w, rng: rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15)), shape: shapeOf(o.Flows)}
}

// printf writes to the dataset file, keeping the first error.
func (g *generator) printf(format string, args ...any) {
	if g.err != nil || g.mute {
		return
	}
	_, g.err = fmt.Fprintf(g.w, format, args...)
}

func (g *generator) write() error {
	g.printf("# A synthetic dataset written by `fundflow gen --flows %d --seed %d`:\n", g.o.Flows, g.o.Seed)
	g.printf("# realistic in shape, not in fact. Every quote is in its source's text file.\n")
	g.printf("dataset: synthetic-%d\ntitle: %s\n", g.o.Flows, q(fmt.Sprintf("Synthetic public spending, %d flows", g.o.Flows)))
	g.funds()
	g.programmes()
	g.organisations()
	g.sources()
	g.flows()
	g.budgetLines()
	g.links()
	if err := g.src.close(); g.err == nil {
		g.err = err
	}
	return g.err
}

// q quotes s as a YAML double-quoted scalar. Go's quoting is YAML's for
// the text this package writes: printable characters, \" and \\.
func q(s string) string { return fmt.Sprintf("%q", s) }

// sourceWriter writes the text file of the source being filled.
type sourceWriter struct {
	f *os.File
	w *bufio.Writer
}

func (s *sourceWriter) open(path, header string) error {
	if err := s.close(); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	s.f, s.w = f, bufio.NewWriterSize(f, 1<<15)
	_, err = io.WriteString(s.w, header)
	return err
}

func (s *sourceWriter) line(text string) error {
	if _, err := io.WriteString(s.w, text); err != nil {
		return err
	}
	return s.w.WriteByte('\n')
}

func (s *sourceWriter) close() error {
	if s.f == nil {
		return nil
	}
	err := s.w.Flush()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.f, s.w = nil, nil
	return err
}
