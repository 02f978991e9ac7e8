package main

import (
	"os"
	"runtime/debug"
)

// loadHeapLimit is the soft limit a load sets on the Go runtime's memory,
// unless GOMEMLIMIT sets one. A load holds the checked dataset (about 800
// bytes a flow) and allocates several times that in passing; left to
// GOGC alone the heap grows to twice what was live at the last
// collection, which at a million flows is more than the 2 GB a load may
// take. Near the limit the collector runs sooner instead. SQLite's own
// memory (its page cache) is outside it.
const loadHeapLimit = 1536 << 20

// serveHeapLimit is the soft limit the server sets, unless GOMEMLIMIT
// sets one. What one request holds is bounded by the API's limits (page
// sizes, the flows a total sums row by row, the query cost), but sixteen
// requests at once each reading tens of thousands of rows leave garbage
// that GOGC alone lets grow to twice the peak and keeps: at a million
// flows the server passed 2 GB under the benchmark's c=16. Near the limit
// the collector runs sooner; it is soft, so a burst that needs more still
// gets it (the runtime caps the collector's share of CPU). The store's page
// caches and memory map (package sqlite) are outside it.
const serveHeapLimit = 256 << 20

// boundHeap sets limit as the Go runtime's soft memory limit, unless the
// environment chose one.
func boundHeap(limit int64) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}
