// Command benchtable measures fundflow at the sizes given (default 10000
// and 100000 flows) and prints the results as the markdown tables of
// docs/performance.md. For each size it generates a dataset (fundflow gen),
// loads it with fundflow load as a child process to measure its wall time
// and peak RSS, and runs the benchmarks of package bench on it, whose
// ratios to their baselines (measured in the same run) it tabulates beside
// the targets.
//
//	go run ./bench/cmd/benchtable [-load-benchtime 1x] [-query-benchtime 2s] [SIZE...]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	loadTime := flag.String("load-benchtime", "1x", "go test -benchtime for the load benchmarks")
	queryTime := flag.String("query-benchtime", "2s", "go test -benchtime for the query benchmarks")
	count := flag.Int("count", 1, "go test -count: runs of each benchmark; the table shows medians")
	benchmarks := flag.Bool("benchmarks", true, "run the benchmarks of package bench (false: only gen, load and serve)")
	serve := flag.Duration("serve", 3*time.Second, "how long to drive the real server with each query at c=1 and c=16 (0: skip)")
	store := flag.String("db", "", "serve this store, which `fundflow load` wrote from the one SIZE's generated dataset, instead of generating and loading one (no benchmarks then)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: benchtable [flags] [SIZE...]   (run from the repository root)")
		flag.PrintDefaults()
	}
	flag.Parse()
	sizes := []int{10_000, 100_000}
	if flag.NArg() > 0 {
		sizes = nil
		for _, a := range flag.Args() {
			n, err := strconv.Atoi(a)
			if err != nil || n < 1 {
				fmt.Fprintf(os.Stderr, "benchtable: %q is not a number of flows\n", a)
				os.Exit(2)
			}
			sizes = append(sizes, n)
		}
	}
	if *store != "" && len(sizes) != 1 {
		fmt.Fprintln(os.Stderr, "benchtable: -db serves one store: give the one SIZE it holds")
		os.Exit(2)
	}
	if err := measureAll(sizes, *loadTime, *queryTime, *count, *benchmarks, *serve, *store); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// sizeResult is everything measured at one size.
type sizeResult struct {
	flows     int
	summary   string // what gen wrote
	loadCLI   time.Duration
	loadRSS   int64 // kB
	bench     map[string]metrics
	served    map[string]served
	serverRSS int64 // kB, peak, after the served runs
}

func measureAll(sizes []int, loadTime, queryTime string, count int, benchmarks bool, serve time.Duration, store string) error {
	tmp, err := os.MkdirTemp("", "fundflow-benchtable-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "fundflow")
	if err := runLogged("go", "build", "-o", bin, "."); err != nil {
		return fmt.Errorf("build fundflow: %w", err)
	}
	var results []sizeResult
	for _, n := range sizes {
		r := sizeResult{flows: n, bench: map[string]metrics{}}
		db := store
		if db == "" {
			if db, err = genAndLoad(&r, bin, filepath.Join(tmp, fmt.Sprint(n)), loadTime, queryTime, count, benchmarks); err != nil {
				return err
			}
		}
		if serve > 0 {
			r.served, r.serverRSS, err = driveServer(bin, db, serve, n)
			if err != nil {
				return fmt.Errorf("serve %d: %w", n, err)
			}
			logf("fundflow serve: peak RSS %d MB", r.serverRSS/1024)
		}
		results = append(results, r)
	}
	printTables(os.Stdout, results)
	return nil
}

// genAndLoad generates r's dataset in dir, loads it with `fundflow load`
// (measuring its time and peak RSS) and, with benchmarks, runs package
// bench's benchmarks on it; it returns the loaded store's path.
func genAndLoad(r *sizeResult, bin, dir, loadTime, queryTime string, count int, benchmarks bool) (string, error) {
	n := r.flows
	out, err := exec.Command(bin, "gen", "--flows", fmt.Sprint(n), "--out", dir).Output()
	if err != nil {
		return "", fmt.Errorf("gen %d: %w", n, err)
	}
	r.summary = strings.TrimSpace(string(out))
	logf("%s", r.summary)
	db := filepath.Join(dir, "fundflow.db")
	r.loadCLI, r.loadRSS, err = child(bin, "load", "--db", db, filepath.Join(dir, "dataset.yaml"))
	if err != nil {
		return "", fmt.Errorf("load %d: %w", n, err)
	}
	logf("fundflow load: %v, peak RSS %d MB", r.loadCLI.Round(time.Millisecond), r.loadRSS/1024)
	for _, run := range []struct{ pattern, benchtime string }{{"^BenchmarkLoad$", loadTime}, {"^BenchmarkQuery$", queryTime}} {
		if !benchmarks {
			break
		}
		if err := goBench(r.bench, run.pattern, run.benchtime, count, n, dir); err != nil {
			return "", err
		}
	}
	return db, nil
}

// child runs the command and returns its wall time and peak RSS in kB.
func child(name string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%v: %s", err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return wall, 0, nil
	}
	return wall, ru.Maxrss, nil // kB on Linux
}

func runLogged(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchtable: "+format+"\n", args...)
}

// metrics is one benchmark's results: ns/op and the reported metrics, by
// unit, each the median of its runs.
type metrics map[string]float64

// goBench runs package bench's benchmarks matching pattern on the dataset
// in dir and adds their medians to into.
func goBench(into map[string]metrics, pattern, benchtime string, count, flows int, dir string) error {
	args := []string{"test", "./bench", "-run", "^$", "-bench", pattern, "-benchtime", benchtime,
		"-count", fmt.Sprint(count), "-timeout", "0", "-bench.flows", fmt.Sprint(flows), "-bench.data", dir}
	logf("go %s", strings.Join(args, " "))
	cmd := exec.Command("go", args...)
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	runErr := cmd.Run() // a failed benchmark is reported in the table, not fatal
	parseBench(&out, into)
	if runErr != nil {
		logf("go test: %v (failures are marked in the table)", runErr)
	}
	return nil
}

// parseBench reads go test -bench output and adds each benchmark's
// medians to into, by name without "Benchmark" and the -GOMAXPROCS
// suffix; a failed benchmark gets {"failed": 1}.
func parseBench(r io.Reader, into map[string]metrics) {
	runs := map[string]map[string][]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			if len(f) >= 3 && f[0] == "---" && f[1] == "FAIL:" {
				into[trimProcs(f[2])] = metrics{"failed": 1}
			}
			continue
		}
		name := trimProcs(f[0])
		if runs[name] == nil {
			runs[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err == nil {
				runs[name][f[i+1]] = append(runs[name][f[i+1]], v)
			}
		}
	}
	for name, units := range runs {
		m := metrics{}
		for unit, vs := range units {
			sort.Float64s(vs)
			m[unit] = vs[len(vs)/2]
		}
		into[name] = m
	}
}

// trimProcs drops the -GOMAXPROCS suffix go test adds to names.
func trimProcs(name string) string {
	suffix := fmt.Sprintf("-%d", runtime.GOMAXPROCS(0))
	return strings.TrimPrefix(strings.TrimSuffix(name, suffix), "Benchmark")
}
