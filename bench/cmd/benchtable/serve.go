package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/fundflow/fundflow/bench"
)

// served is one query's results against the real server: its first
// request, alone and untimed by the drive, and the drive's results by
// concurrency.
type served struct {
	first   time.Duration
	firstOK bool
	by      map[int]bench.Result
}

// driveServer serves the loaded store with fundflow serve (rate limit
// off) and drives it over HTTP with each query for about d at 1 and 16
// concurrent clients, after one request alone: the first after the server
// started, which pays for what the server keeps (totals, ledger.TotalSums)
// and for the pages SQLite reads from disk the first time. It returns the results and the server's peak RSS in
// kB.
func driveServer(bin, db string, d time.Duration, flows int) (map[string]served, int64, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", addr, "--rate-limit", "0", "--log-level", "error")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	base := "http://" + addr
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: time.Minute}
	if err := waitHealthy(client, base); err != nil {
		return nil, 0, err
	}
	post := func(body []byte) ([]byte, bool) {
		resp, err := client.Post(base+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, false
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return b, err == nil && resp.StatusCode == http.StatusOK && !bytes.Contains(b, []byte(`"errors"`))
	}
	out := map[string]served{}
	for _, q := range bench.Queries() {
		body := q.Body
		if q.Name == "deep-page" {
			answer, _ := post(bench.DeepCursorRequest(flows))
			var ok bool
			if body, ok = bench.DeepPage(answer); !ok {
				return nil, 0, fmt.Errorf("no deep cursor: %.200s", answer)
			}
		}
		start := time.Now()
		_, ok := post(body)
		s := served{first: time.Since(start), firstOK: ok, by: map[int]bench.Result{}}
		logf("served %s first request: %v, answered %v", q.Name, s.first.Round(time.Millisecond), ok)
		for _, c := range []int{1, 16} {
			r := bench.DriveFor(func() bool { _, ok := post(body); return ok }, d, c)
			s.by[c] = r
			logf("served %s c=%d: %.1f req/s, p99 %v, %d errors", q.Name, c, r.PerSecond, r.P99.Round(time.Millisecond), r.Errors)
		}
		out[q.Name] = s
	}
	return out, peakRSS(cmd.Process.Pid), nil
}

func waitHealthy(client *http.Client, base string) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := client.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("the server at %s did not become healthy", base)
}

// peakRSS reads a running process's peak resident set (VmHWM) in kB, or 0
// where /proc does not say.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
