package loader_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/loader"
)

// writeSynthetic writes, in dir, a dataset of n payments from ten
// programmes to an organisation per ten payments, each cited by a sentence
// of one of twenty source texts, and returns the dataset's path and size.
func writeSynthetic(tb testing.TB, dir string, n int) (string, int64) {
	tb.Helper()
	const sources, programmes = 20, 10
	var y strings.Builder
	y.WriteString("dataset: synthetic\ntitle: Synthetic payments\nsources:\n")
	texts := make([]strings.Builder, sources)
	if err := os.MkdirAll(filepath.Join(dir, "sources"), 0o755); err != nil {
		tb.Fatal(err)
	}
	for s := range sources {
		fmt.Fprintf(&y, "  - id: source-%d\n    title: Spending over 25,000, part %d\n    publisher: Department\n    published: 2018-07\n    file: sources/%d.txt\n", s, s, s)
	}
	y.WriteString("funds:\n  - id: fund-a\n    name: Fund A\nprogrammes:\n")
	for p := range programmes {
		fmt.Fprintf(&y, "  - id: programme-%d\n    name: Programme %d\n    fund: fund-a\n", p, p)
	}
	y.WriteString("organisations:\n")
	for o := range (n + 9) / 10 {
		fmt.Fprintf(&y, "  - id: org-%d\n    name: Organisation %d Ltd\n", o, o)
	}
	y.WriteString("flows:\n")
	for i := range n {
		quote := fmt.Sprintf("Payment %d of £%d.%02d to Organisation %d Ltd under programme %d.", i, 25000+i, i%100, i/10, i%programmes)
		texts[i%sources].WriteString(strings.Replace(quote, " under", "\nunder", 1) + " ")
		fmt.Fprintf(&y, "  - id: payment-%d\n    kind: payment\n    from: programme-%d\n    to: org-%d\n    year: 2017-18\n    amount: £%d.%02d\n    status: actual\n    citations:\n      - source: source-%d\n        quote: %s\n",
			i, i%programmes, i/10, 25000+i, i%100, i%sources, quote)
	}
	for s := range sources {
		if err := os.WriteFile(filepath.Join(dir, "sources", fmt.Sprintf("%d.txt", s)), []byte(texts[s].String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	file := filepath.Join(dir, "synthetic.yaml")
	if err := os.WriteFile(file, []byte(y.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return file, int64(y.Len())
}

// BenchmarkParseFile reads and checks a synthetic dataset of 2,000 and
// 10,000 payments with source texts. ns/flow at the two sizes should be
// about equal (the parse is linear), and alloc/file, the bytes allocated
// per byte of the file, says how many times over the parse holds it.
func BenchmarkParseFile(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		b.Run(fmt.Sprintf("flows=%d", n), func(b *testing.B) {
			file, size := writeSynthetic(b, b.TempDir(), n)
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := loader.ParseFile(file); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/flow")
		})
	}
}
