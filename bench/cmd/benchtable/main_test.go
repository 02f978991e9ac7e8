package main

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

func TestParseBenchTakesMedians(t *testing.T) {
	p := runtime.GOMAXPROCS(0)
	out := fmt.Sprintf(`goos: linux
BenchmarkLoad/raw-insert-%[1]d 	1	3000 ns/op	 10 rows/s	 1.5 x-raw
BenchmarkLoad/raw-insert-%[1]d 	1	1000 ns/op	 30 rows/s	 0.5 x-raw
BenchmarkLoad/raw-insert-%[1]d 	1	2000 ns/op	 20 rows/s	 1.0 x-raw
--- FAIL: BenchmarkQuery/9-disagreements
PASS
`, p)
	got := map[string]metrics{}
	parseBench(strings.NewReader(out), got)
	raw := got["Load/raw-insert"]
	if raw["ns/op"] != 2000 || raw["rows/s"] != 20 || raw["x-raw"] != 1.0 {
		t.Errorf("raw-insert: %v, want the medians 2000 ns/op, 20 rows/s, 1.0 x-raw", raw)
	}
	if got["Query/9-disagreements"]["failed"] != 1 {
		t.Errorf("the failed benchmark is not marked: %v", got)
	}
}
