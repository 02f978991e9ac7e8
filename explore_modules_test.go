package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestExploreModules runs the explorer's own unit tests (web/ui/test, for
// its pure modules: money and model) in Node's test runner. Like the
// browser tests it is mandatory under CI=true and skips without node.
func TestExploreModules(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no node found: CI=true needs it for the explorer's unit tests")
		}
		t.Skip("explorer unit tests skipped: no node on the PATH (mandatory under CI=true)")
	}
	files, err := filepath.Glob(filepath.Join("web", "ui", "test", "*.test.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no unit tests found in web/ui/test: %v", err)
	}
	cmd := exec.Command(node, append([]string{"--test"}, files...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("# fail 0")) {
		t.Fatalf("node --test reported failures:\n%s", out)
	}
}
