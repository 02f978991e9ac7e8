package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fundflow/fundflow/internal/gen"
	"github.com/fundflow/fundflow/loader"
)

func TestGenWritesALoadableDataset(t *testing.T) {
	out := filepath.Join(t.TempDir(), "synthetic")
	r := cli(t, 30*time.Second, "gen", "--flows", "120", "--seed", "5", "--out", out)
	if r.err != nil {
		t.Fatalf("gen: %v\n%s", r.err, r.stderr)
	}
	if !strings.Contains(r.stdout, "120 flows") || r.dbCreated {
		t.Errorf("stdout %q, store opened %v: want a summary naming 120 flows and no store", r.stdout, r.dbCreated)
	}
	if _, err := loader.ParseFile(filepath.Join(out, gen.File)); err != nil {
		t.Errorf("the written dataset does not validate: %v", err)
	}
}

func TestGenHelpAndMisuse(t *testing.T) {
	r := cli(t, 5*time.Second, "gen", "--help")
	if r.err != nil || !strings.Contains(r.stdout, "usage: fundflow gen") || !strings.Contains(r.stdout, "-per-source int") {
		t.Errorf("gen --help: err %v, stdout %q", r.err, r.stdout)
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"gen"}, {"gen", "--flows", "10"}, {"gen", "--out", dir}, {"gen", "--flows", "-1", "--out", dir},
		{"gen", "--flows", "ten", "--out", dir}, {"gen", "--flows", "10", "--out", dir, "extra"},
		{"gen", "--flows", "10", "--out", dir, "--per-source", "0"},
	} {
		r := cli(t, 5*time.Second, args...)
		if exitCode(r.err) != 2 || !strings.Contains(r.stderr, "usage: fundflow gen") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and the usage", args, exitCode(r.err), r.stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("misuse wrote %d files", len(entries))
	}
}
