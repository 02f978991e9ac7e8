package gen

import (
	"fmt"
	"math"
	"path/filepath"
)

// The ids of the records the documented questions name.
const (
	hubFund      = "phc-2020"
	hubProgramme = "cyber-security"
	hubRecipient = "major-trauma-centres"
	hubDept      = "dhsc"
)

// fundID, programmeID and orgID name node i of each kind. Zero-padded
// numbers keep id order generation order, so a cursor deep in a list is
// the cursor of a known record.
func fundID(i int) string {
	if i == 0 {
		return hubFund
	}
	return fmt.Sprintf("fund-%04d", i)
}

func programmeID(i int) string {
	if i == 0 {
		return hubProgramme
	}
	return fmt.Sprintf("prog-%05d", i)
}

// Organisations: the departments first (0 is DHSC), then the recipients
// (recipient 0 is the major trauma centres).
func (g *generator) depts() int { return clamp(g.shape.funds, 1, 20) }

func (g *generator) orgID(i int) string {
	switch d := g.depts(); {
	case i == 0:
		return hubDept
	case i < d:
		return fmt.Sprintf("dept-%02d", i)
	case i == d:
		return hubRecipient
	}
	return fmt.Sprintf("org-%06d", i)
}

func (g *generator) orgLabel(i int) (name, kind string) {
	switch d := g.depts(); {
	case i < d:
		return deptName(i), "government department"
	case i == d:
		return "Major trauma centres", "group"
	default:
		return orgName(i - d)
	}
}

// FlowID is the id of flow i of a generated dataset.
func FlowID(i int) string { return fmt.Sprintf("flow-%07d", i) }

func lineID(i int) string { return fmt.Sprintf("line-%06d", i) }

func sourceID(i int) string { return fmt.Sprintf("src-%06d", i) }

func (g *generator) funds() {
	g.printf("\nfunds:\n")
	for i := range g.shape.funds {
		g.printf("  - id: %s\n    name: %s\n", fundID(i), q(fundName(i)))
		if i == 0 {
			g.printf("    aliases: [Paperless 2020, paperless fund]\n")
		}
		g.printf("    description: %s\n", q(fmt.Sprintf("A departmental technology fund, number %d of the synthetic data.", i)))
		g.stats.Funds++
	}
}

func (g *generator) programmes() {
	g.printf("\nprogrammes:\n")
	for i := range g.shape.programmes {
		g.printf("  - id: %s\n    name: %s\n    fund: %s\n", programmeID(i), q(programmeName(i)), fundID(i%g.shape.funds))
		if i == 0 {
			g.printf("    aliases: [cybersecurity]\n")
		}
		g.stats.Programmes++
	}
}

func (g *generator) organisations() {
	g.printf("\norganisations:\n")
	for i := range g.shape.orgs {
		name, kind := g.orgLabel(i)
		g.printf("  - id: %s\n    name: %s\n    kind: %s\n", g.orgID(i), q(name), q(kind))
		g.stats.Organisations++
	}
}

// flowSources is how many sources the flows cite; the budget lines' sources
// follow them.
func (g *generator) flowSources() int { return (g.o.Flows + g.o.PerSource - 1) / g.o.PerSource }

func (g *generator) lineSources() int { return (g.shape.lines + g.o.PerSource - 1) / g.o.PerSource }

// sourceTitle and sourceHeadline are the first and third lines of source
// i's text; records also cite the headline.
func (g *generator) sourceTitle(i int) string {
	if i < g.flowSources() {
		return fmt.Sprintf("Spending over £25,000, release %d", i+1)
	}
	return fmt.Sprintf("Programme budgets and outturn, release %d", i-g.flowSources()+1)
}

func sourceHeadline(i int) string {
	return fmt.Sprintf("Release %d lists payments, transfers and budgets over £25,000 as published.", i+1)
}

// published is source i's date: a month between January 2016 and December
// 2025, so no source lies after the day of a load.
func published(i int) string { return fmt.Sprintf("%d-%02d", 2016+(i/12)%10, i%12+1) }

func (g *generator) sources() {
	g.printf("\nsources:\n")
	for i := range g.flowSources() + g.lineSources() {
		g.printf("  - id: %s\n    title: %s\n    publisher: %s\n    published: %q\n    file: sources/%s.txt\n",
			sourceID(i), q(g.sourceTitle(i)), q(publishers[i%len(publishers)]), published(i), sourceID(i))
		g.stats.Sources++
	}
}

// startSource opens source i's text file if record n (of a sequence whose
// sources start at first) is the first to cite it, and returns its id.
func (g *generator) startSource(first, n int) string {
	i := first + n/g.o.PerSource
	if n%g.o.PerSource == 0 && g.err == nil {
		header := g.sourceTitle(i) + "\n\n" + sourceHeadline(i) + "\n\n"
		g.err = g.src.open(filepath.Join(g.dir, "sources", sourceID(i)+".txt"), header)
	}
	return sourceID(i)
}

// cite writes sentence into the open source's text and the citations of a
// record citing it; every fifth record also cites the source's headline.
func (g *generator) cite(src string, srcIndex, n int, sentence string) {
	if g.err == nil {
		g.err = g.src.line(sentence)
	}
	g.printf("    citations:\n      - source: %s\n        quote: %s\n", src, q(sentence))
	cited := 1
	if n%5 == 0 {
		g.printf("      - source: %s\n        quote: %s\n", src, q(sourceHeadline(srcIndex)))
		cited++
	}
	if !g.mute {
		g.stats.Citations += cited
	}
}

// skewed picks an index below n, low indices far more often: a few
// programmes and recipients take most payments, as in real data, and the
// hubs (index 0) the most.
func (g *generator) skewed(n int) int {
	u := g.rng.Float64()
	return min(int(float64(n)*u*u*u), n-1)
}

// amount is a payment-sized sum in pence: log-uniform from £25,000 to
// £20m, whole pounds two times in three.
func (g *generator) amount() int64 {
	lo, hi := math.Log(2.5e6), math.Log(2e9)
	p := int64(math.Exp(lo + g.rng.Float64()*(hi-lo)))
	if g.rng.IntN(3) != 0 {
		p -= p % 100
	}
	return p
}

// hash mixes the seed with a and b (splitmix64), for figures that two
// records must agree on without remembering them: an allocation and the
// budget line that plans the same money.
func (g *generator) hash(a, b int) uint64 {
	z := g.o.Seed + uint64(a)*0x9e3779b97f4a7c15 + uint64(b)*0xbf58476d1ce4e5b9 + 1
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// planned is programme p's plan for year y, in whole pounds: £1m to £200m.
func (g *generator) planned(p, y int) int64 {
	return int64(1_000_000+g.hash(p, y)%199_000_000) * 100
}

// actual is what programme p spent in year y: 60% to 130% of the plan.
func (g *generator) actual(p, y int) int64 {
	pl := g.planned(p, y) / 100
	return (pl*60/100 + int64(g.hash(y, p)%uint64(pl*70/100+1))) * 100
}
