package main

import (
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/fundflow/fundflow/bench"
)

// target is the done-when figure for a query: its rate as a share
// of {__typename}'s, at c=1 and c=16.
func target(name string) string {
	switch name {
	case "typename":
		return "1 (baseline)"
	case "totals-by-year", "totals-by-year-summed", "trace-4-hops":
		return "≥ 0.02"
	case "nested-lists":
		return "–"
	}
	return "≥ 0.2, p99 ≤ 20x"
}

func printTables(w io.Writer, rs []sizeResult) {
	fmt.Fprintf(w, "\n## Loads (GOMAXPROCS %d)\n\n", runtime.GOMAXPROCS(0))
	fmt.Fprintln(w, "| flows | rows | raw insert | first load | rows/s | x-raw (target ≥ 0.5) | reload, unchanged | x first load (target ≤ 1.2) | reload, a tenth removed | x first load (target ≤ 1.5) | `fundflow load` | its peak RSS (target ≤ 2 GB at 1M) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		raw, first := r.bench["Load/raw-insert"], r.bench["Load/first-load"]
		same, less := r.bench["Load/reload-unchanged"], r.bench["Load/reload-remove-tenth"]
		rows := raw["rows/s"] * raw["ns/op"] / 1e9
		fmt.Fprintf(w, "| %d | %.0f | %s | %s | %.0f | %.2f | %s | %s | %s (%.0f removed) | %s | %s | %d MB |\n",
			r.flows, rows, secs(raw), secs(first), first["rows/s"], first["x-raw"],
			secs(same), ratio(same, first), secs(less), less["removed"], ratio(less, first),
			r.loadCLI.Round(10*time.Millisecond), r.loadRSS/1024)
	}
	for _, r := range rs {
		fmt.Fprintf(w, "\n## Queries through the handler, %d flows\n\n", r.flows)
		fmt.Fprintln(w, "In-process (httptest), so the baseline is the handler's own cost.")
		fmt.Fprintln(w, "\n| query | c=1 req/s | p99 | x-typename | p99 x-typename | c=16 req/s | p99 | x-typename | errors c=16 | target (x-typename) |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
		for _, q := range bench.Queries() {
			one, many := r.bench["Query/"+q.Name+"/c=1"], r.bench["Query/"+q.Name+"/c=16"]
			if r.bench["Query/"+q.Name]["failed"] == 1 || one == nil {
				fmt.Fprintf(w, "| %s | failed (see the log) | | | | | | | | %s |\n", q.Name, target(q.Name))
				continue
			}
			fmt.Fprintf(w, "| %s | %.1f | %.1f ms | %.4f | %.1f | %.1f | %.1f ms | %.4f | %.0f | %s |\n", q.Name,
				one["req/s"], one["p99-ms"], one["x-typename"], one["p99-x-typename"],
				many["req/s"], many["p99-ms"], many["x-typename"], many["errors"], target(q.Name))
		}
		if r.served == nil {
			continue
		}
		fmt.Fprintf(w, "\n## Queries against `fundflow serve` over HTTP, %d flows (server peak RSS %d MB; target ≤ 500 MB at 1M)\n\n", r.flows, r.serverRSS/1024)
		fmt.Fprintln(w, "| query | first request | c=1 req/s | p99 | x-typename | errors c=1 | c=16 req/s | p99 | x-typename | errors c=16 | target (x-typename) |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
		base := r.served["typename"].by
		for _, q := range bench.Queries() {
			sv := r.served[q.Name]
			s, first := sv.by, sv.first.Round(100*time.Microsecond).String()
			if !sv.firstOK {
				first += " (failed)"
			}
			fmt.Fprintf(w, "| %s | %s | %.1f | %v | %.4f | %d | %.1f | %v | %.4f | %d | %s |\n", q.Name, first,
				s[1].PerSecond, s[1].P99.Round(100*time.Microsecond), s[1].PerSecond/base[1].PerSecond, s[1].Errors,
				s[16].PerSecond, s[16].P99.Round(time.Millisecond), s[16].PerSecond/base[16].PerSecond, s[16].Errors, target(q.Name))
		}
	}
}

// secs is a benchmark's time per operation.
func secs(m metrics) string {
	if m == nil || m["ns/op"] == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f s", m["ns/op"]/1e9)
}

// ratio is a's time as a multiple of b's.
func ratio(a, b metrics) string {
	if a == nil || b == nil || b["ns/op"] == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a["ns/op"]/b["ns/op"])
}
